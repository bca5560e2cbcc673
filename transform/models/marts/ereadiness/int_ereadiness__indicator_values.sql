{#- Every value the index can draw on, per district and fiscal year: all registry indicators
    (district rows of the int_indicators__<domain> models) and the e-readiness models' own.
    Reads the domain models, not rpt_indicator_values, because the index itself is published
    there. Unions only what has been built, so a source not landed yet leaves its
    indicators out instead of stopping the index. -#}
{{ config(materialized='table', schema='intermediate', tags=['unions_built_inputs']) }}

{%- set registry_domains = [
    'int_indicators__complaints',
    'int_indicators__education',
    'int_indicators__water',
    'int_indicators__eservices',
    'int_indicators__health',
    'int_indicators__ngos',
    'int_indicators__development',
    'int_indicators__hr',
    'int_indicators__land',
    'int_indicators__exams',
] -%}

{%- set own_models = [
    'int_ereadiness__census_values',
    'int_ereadiness__school_values',
    'int_ereadiness__eservices_values',
] -%}

with

registry_values as (

    {{ indicators_union_built(registry_domains, [
        ('indicator_code', 'varchar'),
        ('geo_level', 'varchar'),
        ('geo_code', 'varchar'),
        ('period_type', 'varchar'),
        ('period_start', 'date'),
        ('numerator', 'double'),
        ('denominator', 'double'),
        ('value', 'double'),
    ]) }}

),

own_values as (

    {{ indicators_union_built(own_models, [
        ('indicator_code', 'varchar'),
        ('district_pcode', 'varchar'),
        ('fiscal_year_start', 'integer'),
        ('numerator', 'double'),
        ('denominator', 'double'),
        ('value', 'double'),
        ('value_kind', 'varchar'),
    ]) }}

),

registry as (

    select * from {{ ref('indicator_registry') }}

),

-- A month, quarter, calendar year or fiscal year belongs to the fiscal year it starts in
-- (calendar year 2025 -> FY 2024-25).
registry_district_values as (

    select
        registry_values.indicator_code,
        registry_values.geo_code as district_pcode,
        {{ fiscal_year_start('registry_values.period_start') }} as fiscal_year_start,
        registry_values.numerator,
        registry_values.denominator,
        registry_values.value,
        registry.factor,
        registry.aggregation

    from registry_values
    left join registry
        on registry_values.indicator_code = registry.indicator_code
    where registry_values.geo_level = 'district'

),

-- Ratios pool the year's numerators and denominators (a year of facility-months, not a
-- mean of monthly rates); medians, percentiles and counts take the mean of the periods.
registry_fiscal_years as (

    select
        indicator_code,
        district_pcode,
        fiscal_year_start::integer as fiscal_year_start,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        case
            when any_value(aggregation) in ('ratio', 'distinct_ratio', 'ratio_of_rates')
                then sum(numerator) / nullif(sum(denominator), 0) * any_value(factor)
            else avg(value)
        end as value, -- noqa: RF04
        count(value) as periods_observed,
        'registry' as value_kind

    from registry_district_values
    group by indicator_code, district_pcode, fiscal_year_start

),

own_fiscal_years as (

    select
        indicator_code,
        district_pcode,
        fiscal_year_start,
        numerator,
        denominator,
        value,
        case when value is null then 0 else 1 end as periods_observed,
        value_kind

    from own_values

),

final as (

    select * from registry_fiscal_years
    where value is not null

    union all

    select * from own_fiscal_years
    where value is not null

)

select * from final
