{#- Grain: one row per district × data element × month landed: the district's total of the
    element (all disaggregations), 0 where nothing was reported. Stock items (beds, staff,
    computers, yes/no equipment) are left out: they are not monthly counts. -#}
with

data_values as (

    select * from {{ ref('fct_health_data_values') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

months as (

    select distinct period_month from data_values

),

elements as (

    select distinct
        data_element_code,
        data_element_name

    from data_values
    where
        value_type <> 'BOOLEAN'
        and data_element_code not in ('BEDS', 'STAFF_IN_POST', 'COMPUTERS')

),

totals as (

    select
        district_pcode,
        period_month,
        data_element_code,
        sum(value) as total_value

    from data_values
    group by district_pcode, period_month, data_element_code

),

final as (

    select
        'hmis' as source_code,
        elements.data_element_code as metric_code,
        elements.data_element_name as metric_name,
        districts.district_pcode,
        months.period_month as month_start,
        coalesce(totals.total_value, 0)::double as value -- noqa: RF04

    from months
    cross join districts
    cross join elements
    left join totals
        on
            months.period_month = totals.period_month
            and districts.district_pcode = totals.district_pcode
            and elements.data_element_code = totals.data_element_code

)

select * from final
