{#- Grain: one row per month from the first month-end snapshot landed to the latest
    (province): one snapshot expected, received when it landed. -#}
with

employees as (

    -- The fact holds the staged rows one for one, as a table: cheaper than the Parquet.
    select * from {{ ref('fct_hr_employees_monthly') }}

),

final as (

    {{ quality_periodic_deliveries(
        'hrmis', 'select distinct snapshot_month as period_start from employees', 'month'
    ) }}

)

select * from final
