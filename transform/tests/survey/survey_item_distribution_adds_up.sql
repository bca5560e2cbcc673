{{ config(tags=['survey']) }}
-- Per wave and item the categories hold every respondent once: counts sum to the item's
-- respondents, shares to 100 %, and the diverging bar spans exactly 100 points.

with

distribution as (
    select * from {{ ref('rpt_survey__item_distribution') }}
),

per_item as (
    select
        wave,
        item_code,
        sum(n_respondents) as n_sum,
        any_value(item_respondents) as item_respondents,
        sum(pct) as pct_sum,
        max(bar_end_pct) - min(bar_start_pct) as bar_span
    from distribution
    group by wave, item_code
),

final as (
    select *
    from per_item
    where
        n_sum != item_respondents
        or abs(pct_sum - 100) > 1e-9
        or abs(bar_span - 100) > 1e-9
)

select * from final
