{{ config(tags=['survey', 'privacy']) }}
-- No shown cell or group total may cover fewer than 5 respondents, and a hidden cell's
-- value must really be gone from the mart (not just flagged).

with

crosstab as (
    select * from {{ ref('rpt_survey__crosstab') }}
),

final as (
    select
        wave,
        item_code,
        dimension,
        group_code,
        category,
        group_respondents,
        n_respondents,
        pct
    from crosstab
    where
        n_respondents < 5
        or group_respondents < 5
        or (is_suppressed and (n_respondents is not null or pct is not null))
        or (is_group_suppressed and group_respondents is not null)
)

select * from final
