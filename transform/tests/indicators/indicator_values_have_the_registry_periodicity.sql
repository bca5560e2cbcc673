-- Each indicator's rows have the period type its registry row promises.
select
    indicator_values.indicator_code,
    indicator_values.period_type,
    registry.periodicity,
    count(*) as row_count

from {{ ref('rpt_indicator_values') }} as indicator_values
inner join {{ ref('indicator_registry') }} as registry
    on indicator_values.indicator_code = registry.indicator_code
where indicator_values.period_type <> registry.periodicity
group by indicator_values.indicator_code, indicator_values.period_type, registry.periodicity
