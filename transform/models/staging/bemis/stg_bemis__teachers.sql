with

source as (
    select * from {{ source('bemis', 'teachers') }}
),

renamed as (
    select
        census_year,
        emis_code,
        gender,
        cast(teachers as integer) as teachers
    from source
)

select * from renamed
