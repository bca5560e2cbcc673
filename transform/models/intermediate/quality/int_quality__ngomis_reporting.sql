{#- Grain: one row per month from the first registry export landed to the latest (province):
    one full export expected, received when it landed. -#}
with

registrations as (

    select * from {{ ref('stg_ngomis__registrations') }}

),

final as (

    {{ quality_periodic_deliveries(
        'ngomis', 'select distinct export_month as period_start from registrations', 'month'
    ) }}

)

select * from final
