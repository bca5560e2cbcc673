with

source as (

    select * from {{ ref('departments') }}

),

renamed as (

    select
        department_code,
        department_name,
        short_name,
        note

    from source

)

select * from renamed
