with

source as (

    select * from {{ ref('district_aliases') }}

),

renamed as (

    select
        alias,
        canonical as canonical_name,
        provenance

    from source

)

select * from renamed
