{#- Steps 2 and 3 of the index: a component is the weighted mean of the z-scores a district
    has in it, then rescaled across districts to 0-1 (min-max) in each fiscal year. -#}

with

indicator_scores as (

    select * from {{ ref('rpt_ereadiness__indicator_scores') }}

),

components as (

    select * from {{ ref('ereadiness_components') }}

),

-- A missing value leaves the indicator out of the district's mean (weights renormalised over
-- what it has); indicators_available says how many it had.
district_components as (

    select
        fiscal_year_start,
        any_value(fiscal_year_label) as fiscal_year_label,
        any_value(period_start) as period_start,
        district_pcode,
        any_value(district_name) as district_name,
        any_value(division) as division,
        component_code,
        sum(indicator_weight * z_score) filter (where is_observed)
        / nullif(sum(indicator_weight) filter (where is_observed), 0) as raw_score,
        count(*) filter (where is_observed) as indicators_available,
        count(*) as indicators_included

    from indicator_scores
    group by fiscal_year_start, district_pcode, component_code

),

-- Indicators of the component that have a value in at least one district that year.
component_years as (

    select
        fiscal_year_start,
        component_code,
        count(distinct indicator_code) filter (where is_observed) as indicators_observed

    from indicator_scores
    group by fiscal_year_start, component_code

),

spread as (

    select
        fiscal_year_start,
        component_code,
        min(raw_score) as raw_min,
        max(raw_score) as raw_max

    from district_components
    group by fiscal_year_start, component_code

),

-- Every district equal (max = min): all sit at the mid-point 0.5, so the component moves
-- nobody's rank and does not pull the index towards either end.
final as (

    select
        district_components.fiscal_year_start::integer as fiscal_year_start,
        district_components.fiscal_year_label,
        district_components.period_start,
        district_components.district_pcode,
        district_components.district_name,
        district_components.division,
        district_components.component_code,
        components.component_name,
        components.weight as component_weight,
        district_components.indicators_included::integer as indicators_included,
        district_components.indicators_available::integer as indicators_available,
        component_years.indicators_observed::integer as indicators_observed_in_year,
        district_components.raw_score,
        spread.raw_min,
        spread.raw_max,
        coalesce(spread.raw_max - spread.raw_min <= 1e-12, false) as is_constant,
        case
            when district_components.raw_score is null then null
            when spread.raw_max - spread.raw_min <= 1e-12 then 0.5
            else
                (district_components.raw_score - spread.raw_min)
                / (spread.raw_max - spread.raw_min)
        end as score

    from district_components
    inner join components
        on district_components.component_code = components.component_code
    inner join component_years
        on
            district_components.fiscal_year_start = component_years.fiscal_year_start
            and district_components.component_code = component_years.component_code
    inner join spread
        on
            district_components.fiscal_year_start = spread.fiscal_year_start
            and district_components.component_code = spread.component_code

)

select * from final
