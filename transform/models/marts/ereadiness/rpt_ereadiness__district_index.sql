{#- Step 4 of the index: the weighted mean of the district's component scores, its band and
    its rank among the 34 districts, for every fiscal year the indicators cover. -#}

with

components as (

    select * from {{ ref('rpt_ereadiness__components') }}

),

bands as (

    select * from {{ ref('ereadiness_bands') }}

),

-- A year is rated when every weighted component has at least one indicator with a value in
-- some district; a complete basket is every included indicator with a value.
year_status as (

    select
        fiscal_year_start,
        bool_and(indicators_observed_in_year > 0) filter (where component_weight > 0) as is_rated,
        bool_and(indicators_observed_in_year = indicators_included) as is_complete_basket

    from components
    group by fiscal_year_start

),

headline_year as (

    select
        coalesce(
            max(fiscal_year_start) filter (where is_rated and is_complete_basket),
            max(fiscal_year_start) filter (where is_rated)
        ) as fiscal_year_start

    from year_status

),

district_years as (

    select
        components.fiscal_year_start,
        any_value(components.fiscal_year_label) as fiscal_year_label,
        any_value(components.period_start) as period_start,
        components.district_pcode,
        any_value(components.district_name) as district_name,
        any_value(components.division) as division,
        sum(components.component_weight * components.score) filter (
            where components.component_weight > 0 and components.score is not null
        ) / nullif(sum(components.component_weight) filter (
            where components.component_weight > 0 and components.score is not null
        ), 0) as weighted_mean,
        count(*) filter (
            where components.component_weight > 0 and components.score is not null
        ) as components_available,
        max(components.score) filter (where components.component_code = 'INFRA')
            as infrastructure_score,
        max(components.score) filter (where components.component_code = 'HUMAN')
            as human_capital_score,
        max(components.score) filter (where components.component_code = 'ONLINE')
            as online_services_score,
        max(components.raw_score) filter (where components.component_code = 'INFRA')
            as infrastructure_raw,
        max(components.raw_score) filter (where components.component_code = 'HUMAN')
            as human_capital_raw,
        max(components.raw_score) filter (where components.component_code = 'ONLINE')
            as online_services_raw,
        sum(components.indicators_available) as indicators_available,
        sum(components.indicators_included) as indicators_included

    from components
    group by components.fiscal_year_start, components.district_pcode

),

-- Rounded to 9 decimals before ranking and banding, so that floating-point noise never
-- splits a tie or lifts a district over a band edge.
indexed as (

    select
        district_years.*,
        year_status.is_rated,
        year_status.is_complete_basket,
        case
            when year_status.is_rated then round(district_years.weighted_mean, 9)
        end as ereadiness_index

    from district_years
    inner join year_status
        on district_years.fiscal_year_start = year_status.fiscal_year_start

),

-- Ties share the best rank and the next rank is skipped (1, 2, 2, 4: SQL rank()).
ranked as (

    select
        indexed.*,
        case
            when indexed.ereadiness_index is not null
                then rank() over (
                    partition by indexed.fiscal_year_start
                    order by indexed.ereadiness_index desc nulls last
                )
        end as district_rank,
        count(indexed.ereadiness_index) over (
            partition by indexed.fiscal_year_start
        ) as districts_ranked

    from indexed

),

final as (

    select
        ranked.fiscal_year_start::integer as fiscal_year_start,
        ranked.fiscal_year_label,
        ranked.period_start,
        ranked.district_pcode,
        ranked.district_name,
        ranked.division,
        ranked.ereadiness_index,
        coalesce(bands.band, 'Not rated') as band,
        bands.band_order,
        ranked.district_rank::integer as district_rank,
        ranked.districts_ranked::integer as districts_ranked,
        ranked.components_available::integer as components_available,
        ranked.infrastructure_score,
        ranked.human_capital_score,
        ranked.online_services_score,
        ranked.infrastructure_raw,
        ranked.human_capital_raw,
        ranked.online_services_raw,
        ranked.indicators_available::integer as indicators_available,
        ranked.indicators_included::integer as indicators_included,
        ranked.is_rated,
        ranked.is_complete_basket,
        coalesce(ranked.fiscal_year_start = headline_year.fiscal_year_start, false)
            as is_headline_year

    from ranked
    cross join headline_year
    left join bands
        on
            (
                ranked.ereadiness_index > bands.lower_bound
                or (bands.lower_inclusive and ranked.ereadiness_index = bands.lower_bound)
            )
            and (
                ranked.ereadiness_index < bands.upper_bound
                or (bands.upper_inclusive and ranked.ereadiness_index = bands.upper_bound)
            )

)

select * from final
