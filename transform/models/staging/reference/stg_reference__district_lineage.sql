with

source as (

    select * from {{ ref('district_lineage') }}

),

renamed as (

    select
        unit_name,
        event,
        parent_district as parent_district_name,
        harmonised_district as harmonised_district_name,
        effective_from,
        date_basis,
        note,
        provenance

    from source

)

select * from renamed
