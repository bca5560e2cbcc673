{#- Grain: one row per month from the first register export landed to the latest (province):
    one export expected, received when it landed. -#}
with

mutations as (

    select * from {{ ref('stg_lrmis__mutations') }}

),

final as (

    {{ quality_periodic_deliveries(
        'lrmis', 'select distinct export_month as period_start from mutations', 'month'
    ) }}

)

select * from final
