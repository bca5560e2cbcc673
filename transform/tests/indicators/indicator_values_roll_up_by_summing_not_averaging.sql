-- For summed indicators (aggregation ratio or count), a division's and the province's
-- numerator and denominator are the sums over their districts, and every value is
-- numerator ÷ denominator × factor (numerator × factor for counts). Province-wide
-- development schemes add to the province only, so PIS province rows may exceed the sum.
with

indicator_values as (

    select * from {{ ref('rpt_indicator_values') }}

),

registry as (

    select * from {{ ref('indicator_registry') }}

),

summed_indicators as (

    select
        indicator_values.*,
        registry.factor,
        registry.aggregation

    from indicator_values
    inner join registry
        on indicator_values.indicator_code = registry.indicator_code
    where registry.aggregation in ('ratio', 'count')

),

district_sums as (

    select
        indicator_code,
        period_type,
        period_start,
        division,
        sum(numerator) as numerator,
        sum(denominator) as denominator

    from summed_indicators
    where geo_level = 'district'
    group by grouping sets (
        (indicator_code, period_type, period_start, division),
        (indicator_code, period_type, period_start)
    )

),

rolled_up as (

    select
        summed_indicators.indicator_code,
        summed_indicators.geo_code,
        summed_indicators.period_start,
        summed_indicators.source_code,
        summed_indicators.numerator,
        district_sums.numerator as district_numerator,
        summed_indicators.denominator,
        district_sums.denominator as district_denominator

    from summed_indicators
    inner join district_sums
        on
            summed_indicators.indicator_code = district_sums.indicator_code
            and summed_indicators.period_type = district_sums.period_type
            and summed_indicators.period_start = district_sums.period_start
            and summed_indicators.division is not distinct from district_sums.division
    where summed_indicators.geo_level in ('division', 'province')

),

sum_mismatches as (

    select
        indicator_code,
        geo_code,
        period_start,
        'numerator or denominator is not the sum of the districts' as problem

    from rolled_up
    where
        source_code <> 'pis'
        and (
            abs(numerator - district_numerator) > 1e-6 * greatest(1, abs(numerator))
            or abs(coalesce(denominator, 0) - coalesce(district_denominator, 0))
            > 1e-6 * greatest(1, abs(coalesce(denominator, 0)))
        )

),

value_mismatches as (

    select
        indicator_code,
        geo_code,
        period_start,
        'value is not numerator ÷ denominator × factor' as problem

    from summed_indicators
    where
        abs(
            value - case
                when aggregation = 'count' then numerator * factor
                else numerator / nullif(denominator, 0) * factor
            end
        ) > 1e-9 * greatest(1, abs(value))

)

select * from sum_mismatches
union all
select * from value_mismatches
