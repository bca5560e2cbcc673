with

answers as (
    select * from {{ ref('int_survey__answers') }}
),

items as (
    select * from {{ ref('stg_survey__items') }}
),

choices as (
    select * from {{ ref('stg_survey__choices') }}
),

published as (
    select * from {{ ref('stg_survey__published_figures') }}
),

waves as (
    select distinct
        wave,
        wave_year,
        wave_number
    from {{ ref('stg_survey__responses') }}
),

-- The wave whose Figure C1 the report prints (the figures seed names it).
report_waves as (
    select distinct wave from published
),

asked as (
    select distinct
        wave,
        item_code
    from answers
),

-- Every category of the item's scale, so a category nobody chose shows as 0 %.
frame as (
    select
        asked.wave,
        items.item_code,
        items.item_order,
        items.section,
        items.item_label,
        items.scale,
        items.provenance,
        choices.choice_name as category,
        choices.choice_label as category_label,
        choices.choice_order as category_order,
        choices.score,
        choices.polarity
    from asked
    inner join items on asked.item_code = items.item_code
    inner join choices on items.scale = choices.list_name
),

counts as (
    select
        wave,
        item_code,
        category,
        count(*) as n_respondents
    from answers
    group by wave, item_code, category
),

item_totals as (
    select
        wave,
        item_code,
        count(*) as item_respondents
    from answers
    group by wave, item_code
),

distribution as (
    select
        frame.*,
        coalesce(counts.n_respondents, 0) as n_respondents,
        item_totals.item_respondents,
        100.0 * coalesce(counts.n_respondents, 0) / item_totals.item_respondents as pct
    from frame
    inner join item_totals
        on frame.wave = item_totals.wave and frame.item_code = item_totals.item_code
    left join counts
        on
            frame.wave = counts.wave
            and frame.item_code = counts.item_code
            and frame.category = counts.category
),

-- Diverging bars: negative answers left of zero, positive right, the neutral answer
-- straddling zero; segments run from the most negative answer to the most positive.
bars as (
    select
        *,
        sum(pct * polarity) over item_wave as net_agreement_pct,
        -(
            sum(case when polarity < 0 then pct else 0 end) over item_wave
            + sum(case when polarity = 0 then pct else 0 end) over item_wave / 2
        )
        + coalesce(sum(pct) over (
            partition by wave, item_code
            order by polarity, score nulls first
            rows between unbounded preceding and 1 preceding
        ), 0) as bar_start_pct
    from distribution
    window item_wave as (partition by wave, item_code)
),

final as (
    select
        bars.wave,
        waves.wave_year,
        waves.wave_number,
        bars.item_code,
        bars.item_order,
        bars.section,
        bars.item_label,
        bars.scale,
        bars.category,
        bars.category_label,
        bars.category_order,
        bars.score,
        bars.polarity,
        bars.n_respondents,
        bars.item_respondents,
        bars.pct,
        -- The report prints whole percentages rounded half up.
        cast(floor(bars.pct + 0.5) as integer) as pct_rounded,
        bars.net_agreement_pct,
        bars.bar_start_pct,
        bars.bar_start_pct + bars.pct as bar_end_pct,
        published.published_pct,
        published.published_pct is not null as is_published_figure,
        case
            when bars.provenance = 'published' and report_waves.wave is not null then 'report'
            else 'synthetic'
        end as data_provenance
    from bars
    inner join waves on bars.wave = waves.wave
    left join report_waves on bars.wave = report_waves.wave
    left join published
        on
            bars.wave = published.wave
            and bars.item_code = published.item_code
            and bars.category = published.category
)

select * from final
