with

departments as (

    select * from {{ ref('stg_reference__departments') }}

),

final as (

    select
        department_code,
        department_name,
        short_name,
        note

    from departments

)

select * from final
