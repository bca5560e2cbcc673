{{ config(tags=['survey', 'reconciliation']) }}
-- Every percentage the report prints for Figure C1 must come out of the warehouse exactly,
-- rounded as the report rounds (half up). A row here is a published figure that drifted.

with

published as (
    select * from {{ ref('stg_survey__published_figures') }}
),

distribution as (
    select * from {{ ref('rpt_survey__item_distribution') }}
),

final as (
    select
        published.wave,
        published.item_code,
        published.category,
        published.published_pct,
        distribution.pct,
        distribution.pct_rounded
    from published
    left join distribution
        on
            published.wave = distribution.wave
            and published.item_code = distribution.item_code
            and published.category = distribution.category
    where distribution.pct_rounded is distinct from published.published_pct
)

select * from final
