with

indicator_values as (

    select * from {{ ref('int_indicators__unioned') }}

),

registry as (

    select * from {{ ref('indicator_registry') }}

),

geographies as (

    select * from {{ ref('int_indicators__geographies') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

completeness as (

    select * from {{ ref('int_quality__reporting_completeness') }}

),

lineage as (

    select * from {{ ref('dim_district_lineage') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

with_period_end as (

    select
        *,
        {{ indicators_period_end('period_type', 'period_start') }} as period_end

    from indicator_values

),

-- The span of each series: one indicator in one place.
series as (

    select
        indicator_code,
        geo_level,
        geo_code,
        min(period_start) as series_start,
        max(period_end) as series_end

    from with_period_end
    group by indicator_code, geo_level, geo_code

),

-- A split, rename or merger touches the district it came from and the district it is
-- harmonised into; a division only when the two lie in different divisions. The province
-- boundary never changes.
boundary_events as (

    select
        'district' as geo_level,
        lineage.parent_district_pcode as geo_code,
        lineage.effective_from

    from lineage

    union

    select
        'district' as geo_level,
        lineage.harmonised_district_pcode as geo_code,
        lineage.effective_from

    from lineage

    union

    select
        'division' as geo_level,
        unnest([parent.division, harmonised.division]) as geo_code,
        lineage.effective_from

    from lineage
    inner join districts as parent
        on lineage.parent_district_pcode = parent.district_pcode
    inner join districts as harmonised
        on lineage.harmonised_district_pcode = harmonised.district_pcode
    where parent.division <> harmonised.division

),

series_flags as (

    select
        series.indicator_code,
        series.geo_level,
        series.geo_code,
        -- Strictly after the first day: a change in force from the series' start is not
        -- crossed by it.
        count(boundary_events.effective_from) > 0 as crosses_boundary_change

    from series
    left join boundary_events
        on
            series.geo_level = boundary_events.geo_level
            and series.geo_code = boundary_events.geo_code
            and series.series_start < boundary_events.effective_from
            and series.series_end >= boundary_events.effective_from
    group by series.indicator_code, series.geo_level, series.geo_code

),

final as (

    select
        with_period_end.indicator_code,
        registry.department_code,
        registry.source_code,
        with_period_end.geo_level,
        with_period_end.geo_code,
        geographies.geo_name,
        geographies.division,
        geographies.district_pcode,
        with_period_end.period_type,
        with_period_end.period_start,
        with_period_end.period_end,
        {{ indicators_period_label('with_period_end.period_type', 'periods') }} as period_label,
        periods.fiscal_year_label,
        periods.fiscal_quarter_label,
        with_period_end.numerator,
        with_period_end.denominator,
        with_period_end.value,
        completeness.completeness_pct as reporting_completeness,
        coalesce(series_flags.crosses_boundary_change, false) as crosses_boundary_change

    from with_period_end
    left join registry
        on with_period_end.indicator_code = registry.indicator_code
    left join geographies
        on
            with_period_end.geo_level = geographies.geo_level
            and with_period_end.geo_code = geographies.geo_code
    left join periods
        on with_period_end.period_start = periods.month_start
    left join completeness
        on
            registry.source_code = completeness.source_code
            and with_period_end.geo_level = completeness.geo_level
            and with_period_end.geo_code = completeness.geo_code
            and with_period_end.period_type = completeness.period_type
            and with_period_end.period_start = completeness.period_start
    left join series_flags
        on
            with_period_end.indicator_code = series_flags.indicator_code
            and with_period_end.geo_level = series_flags.geo_level
            and with_period_end.geo_code = series_flags.geo_code

)

select * from final
