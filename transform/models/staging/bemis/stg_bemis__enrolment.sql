with

source as (
    select * from {{ source('bemis', 'enrolment') }}
),

renamed as (
    select
        census_year,
        emis_code,
        "class" as class_name,
        class_order,
        case
            when class_order = 0 then 'pre_primary'
            when class_order <= 5 then 'primary'
            when class_order <= 8 then 'middle'
            when class_order <= 10 then 'secondary'
            else 'higher_secondary'
        end as education_stage,
        gender,
        cast(enrolment as integer) as enrolment
    from source
)

select * from renamed
