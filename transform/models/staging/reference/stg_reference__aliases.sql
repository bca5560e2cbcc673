with

source as (

    select * from {{ ref('aliases') }}

),

renamed as (

    select
        alias,
        canonical as canonical_name,
        source as provenance

    from source

)

select * from renamed
