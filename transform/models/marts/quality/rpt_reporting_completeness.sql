with

completeness as (

    select * from {{ ref('int_quality__reporting_completeness') }}

),

basis as (

    select * from {{ ref('reporting_completeness_basis') }}

),

source_systems as (

    select * from {{ ref('dim_source_system') }}

),

geographies as (

    select * from {{ ref('int_indicators__geographies') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

final as (

    select
        completeness.source_code,
        source_systems.source_name,
        completeness.geo_level,
        completeness.geo_code,
        geographies.geo_name,
        geographies.division,
        geographies.district_pcode,
        completeness.period_type,
        completeness.period_start,
        {{ indicators_period_end('completeness.period_type', 'completeness.period_start') }}
            as period_end,
        {{ indicators_period_label('completeness.period_type', 'periods') }} as period_label,
        periods.fiscal_year_label,
        completeness.expected,
        completeness.received,
        completeness.on_time,
        completeness.completeness_pct,
        completeness.timeliness_pct,
        basis.expected_basis,
        basis.received_basis,
        basis.on_time_basis

    from completeness
    left join basis
        on completeness.source_code = basis.source_code
    left join source_systems
        on completeness.source_code = source_systems.source_code
    left join geographies
        on
            completeness.geo_level = geographies.geo_level
            and completeness.geo_code = geographies.geo_code
    left join periods
        on completeness.period_start = periods.month_start

)

select * from final
