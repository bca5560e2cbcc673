{#- Step 1 of the index: each included indicator standardised across the 34 districts in each
    fiscal year (z-score), after turning it so that higher is better. -#}

with

candidate_values as (

    select * from {{ ref('int_ereadiness__indicator_values') }}

),

indicators as (

    select * from {{ ref('ereadiness_indicators') }}
    where included

),

components as (

    select * from {{ ref('ereadiness_components') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

included_values as (

    select candidate_values.*

    from candidate_values
    inner join indicators
        on candidate_values.indicator_code = indicators.indicator_code

),

dated_years as (

    select distinct fiscal_year_start
    from included_values
    where value_kind in ('registry', 'annual')

),

-- The years the index covers: those any dated included indicator covers. Census literacy
-- (fixed) and the catalogue's back-dated years add none; only while no dated indicator has
-- a value does the catalogue's own year stand in, so the index's rows (not rated) exist as
-- soon as any of its sources has landed.
years as (

    select fiscal_year_start from dated_years

    union all

    select max(fiscal_year_start) as fiscal_year_start
    from included_values
    where
        value_kind = 'catalogue'
        and not exists (select 1 from dated_years)
    having count(*) > 0

),

-- Every district × indicator × year, so a missing value is a row with a null, not an absence.
grid as (

    select
        years.fiscal_year_start,
        districts.district_pcode,
        districts.district_name,
        districts.division,
        indicators.component_code,
        indicators.indicator_code,
        indicators.indicator_name,
        indicators.direction,
        indicators.target,
        indicators.weight as indicator_weight

    from years
    cross join districts
    cross join indicators

),

with_values as (

    select
        grid.*,
        coalesce(dated.value, fixed.value) as value, -- noqa: RF04
        coalesce(dated.value_kind, fixed.value_kind) as value_kind,
        coalesce(dated.periods_observed, fixed.periods_observed, 0) as periods_observed

    from grid
    left join included_values as dated
        on
            grid.indicator_code = dated.indicator_code
            and grid.district_pcode = dated.district_pcode
            and grid.fiscal_year_start = dated.fiscal_year_start
            and dated.value_kind <> 'fixed'
    left join included_values as fixed
        on
            grid.indicator_code = fixed.indicator_code
            and grid.district_pcode = fixed.district_pcode
            and fixed.value_kind = 'fixed'

),

-- Higher is better after this step, whatever the indicator's direction.
oriented as (

    select
        *,
        case direction
            when 'higher_is_better' then value
            when 'lower_is_better' then -value
            when 'closer_to_target' then -abs(value - target)
        end as oriented_value

    from with_values

),

year_stats as (

    select
        fiscal_year_start,
        indicator_code,
        count(oriented_value) as districts_observed,
        avg(oriented_value) as year_mean,
        stddev_pop(oriented_value) as year_std

    from oriented
    group by fiscal_year_start, indicator_code

),

-- A spread below floating-point noise counts as none: every district is then at the mean
-- (z = 0) instead of a division by zero or a z-score made of rounding error.
standardised as (

    select
        oriented.*,
        year_stats.districts_observed,
        year_stats.year_mean,
        year_stats.year_std,
        coalesce(
            year_stats.year_std <= 1e-12 * greatest(1.0, abs(year_stats.year_mean)),
            true
        ) as is_constant

    from oriented
    inner join year_stats
        on
            oriented.fiscal_year_start = year_stats.fiscal_year_start
            and oriented.indicator_code = year_stats.indicator_code

),

final as (

    select
        standardised.fiscal_year_start::integer as fiscal_year_start,
        {{ fiscal_year_label('make_date(standardised.fiscal_year_start, 7, 1)') }}
            as fiscal_year_label,
        make_date(standardised.fiscal_year_start, 7, 1) as period_start,
        standardised.district_pcode,
        standardised.district_name,
        standardised.division,
        standardised.component_code,
        components.component_name,
        standardised.indicator_code,
        standardised.indicator_name,
        standardised.direction,
        standardised.target,
        standardised.indicator_weight,
        standardised.value,
        standardised.value_kind,
        standardised.periods_observed::integer as periods_observed,
        standardised.value is not null as is_observed,
        standardised.oriented_value,
        standardised.districts_observed::integer as districts_observed,
        standardised.year_mean,
        standardised.year_std,
        standardised.is_constant,
        case
            when standardised.value is null then null
            when standardised.is_constant then 0.0
            else (standardised.oriented_value - standardised.year_mean) / standardised.year_std
        end as z_score

    from standardised
    left join components
        on standardised.component_code = components.component_code

)

select * from final
