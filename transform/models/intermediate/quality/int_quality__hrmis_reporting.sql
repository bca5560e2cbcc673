{#- Grain: one row per month from the first month-end snapshot landed to the latest
    (province): one snapshot expected, received when it landed. -#}
with

employees as (

    select * from {{ ref('stg_hrmis__employees') }}

),

final as (

    {{ quality_periodic_deliveries(
        'hrmis', 'select distinct snapshot_month as period_start from employees', 'month'
    ) }}

)

select * from final
