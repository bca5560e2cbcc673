{{ config(tags=['survey', 'reconciliation']) }}
-- The cross-tab cells are counted in Python (with the suppression decision); recount them
-- here from the responses. A row means the analysis asset ran on other data than the
-- warehouse holds (e.g. a wave was reloaded without re-running survey_analysis).

with

answers as (
    select * from {{ ref('int_survey__answers') }}
),

cells as (
    select * from {{ ref('stg_survey__crosstab_cells') }}
),

recounted as (
    select
        wave,
        item_code,
        'level' as dimension,
        government_level as group_code,
        category,
        count(*) as n_respondents
    from answers
    group by all
    union all
    select
        wave,
        item_code,
        'department' as dimension,
        department as group_code,
        category,
        count(*) as n_respondents
    from answers
    group by all
    union all
    select
        wave,
        item_code,
        'district' as dimension,
        district_pcode as group_code,
        category,
        count(*) as n_respondents
    from answers
    group by all
),

final as (
    select
        coalesce(recounted.wave, cells.wave) as wave,
        coalesce(recounted.item_code, cells.item_code) as item_code,
        coalesce(recounted.dimension, cells.dimension) as dimension,
        coalesce(recounted.group_code, cells.group_code) as group_code,
        coalesce(recounted.category, cells.category) as category,
        recounted.n_respondents as recounted,
        cells.n_respondents as in_crosstab
    from recounted
    full outer join cells
        on
            recounted.wave = cells.wave
            and recounted.item_code = cells.item_code
            and recounted.dimension = cells.dimension
            and recounted.group_code = cells.group_code
            and recounted.category = cells.category
    -- Cells with 0 respondents exist only in the cross-tab.
    where coalesce(recounted.n_respondents, 0) != coalesce(cells.n_respondents, 0)
)

select * from final
