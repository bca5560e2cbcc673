with

source as (
    select * from {{ ref('survey_choices') }}
),

renamed as (
    select
        list_name,
        choice_name,
        choice_label,
        choice_order,
        score,
        polarity,
        warehouse_department_code
    from source
)

select * from renamed
