{#- One row per rated fiscal year that has a previous rated year: how much the ranking moved
    between them (Spearman's rank correlation and the mean absolute rank change), and whether
    both years rest on the same indicators. -#}

with

stability as (

    select * from {{ ref('rpt_ereadiness__rank_stability') }}
    where previous_district_rank is not null

),

indicator_scores as (

    select * from {{ ref('rpt_ereadiness__indicator_scores') }}

),

-- The indicators with a value in at least one district, per year.
baskets as (

    select
        fiscal_year_start,
        string_agg(distinct indicator_code, ',' order by indicator_code) as indicators_observed

    from indicator_scores
    where is_observed
    group by fiscal_year_start

),

summary as (

    select
        fiscal_year_start,
        any_value(fiscal_year_label) as fiscal_year_label,
        any_value(previous_fiscal_year_start) as previous_fiscal_year_start,
        any_value(previous_fiscal_year_label) as previous_fiscal_year_label,
        count(*) as districts_compared,
        -- Spearman's rho: Pearson's correlation of the tie-averaged ranks; undefined (null)
        -- when every district is tied in either year.
        case
            when var_pop(average_rank) > 0 and var_pop(previous_average_rank) > 0
                then corr(average_rank, previous_average_rank)
        end as spearman_rho,
        avg(abs_rank_change) as mean_abs_rank_change,
        max(abs_rank_change) as max_abs_rank_change,
        count(*) filter (where abs_rank_change >= 5) as districts_moving_5_or_more

    from stability
    group by fiscal_year_start

),

final as (

    select
        summary.fiscal_year_start::integer as fiscal_year_start,
        summary.fiscal_year_label,
        summary.previous_fiscal_year_start::integer as previous_fiscal_year_start,
        summary.previous_fiscal_year_label,
        summary.districts_compared::integer as districts_compared,
        summary.spearman_rho,
        summary.mean_abs_rank_change,
        summary.max_abs_rank_change::integer as max_abs_rank_change,
        summary.districts_moving_5_or_more::integer as districts_moving_5_or_more,
        coalesce(current_basket.indicators_observed = previous_basket.indicators_observed, false)
            as same_indicators

    from summary
    left join baskets as current_basket
        on summary.fiscal_year_start = current_basket.fiscal_year_start
    left join baskets as previous_basket
        on summary.previous_fiscal_year_start = previous_basket.fiscal_year_start

)

select * from final
