with

cells as (
    select * from {{ ref('stg_survey__crosstab_cells') }}
),

items as (
    select * from {{ ref('stg_survey__items') }}
),

choices as (
    select * from {{ ref('stg_survey__choices') }}
),

districts as (
    select
        district_pcode,
        district_name
    from {{ ref('dim_district') }}
),

group_labels as (
    select
        'level' as dimension,
        choice_name as group_code,
        choice_label as group_label
    from choices
    where list_name = 'level'
    union all
    select
        'department' as dimension,
        choice_name as group_code,
        choice_label as group_label
    from choices
    where list_name = 'department'
    union all
    select
        'district' as dimension,
        district_pcode as group_code,
        district_name as group_label
    from districts
),

final as (
    select
        cells.wave,
        cells.item_code,
        items.item_order,
        items.section,
        items.item_label,
        cells.dimension,
        cells.group_code,
        coalesce(group_labels.group_label, cells.group_code) as group_label,
        cells.category,
        choices.choice_label as category_label,
        choices.choice_order as category_order,
        -- What must not be shown is null here, not merely flagged: a dashboard cannot
        -- leak a value the mart does not hold.
        case when not cells.is_group_suppressed then cells.group_respondents end
            as group_respondents,
        case when not cells.is_suppressed then cells.n_respondents end as n_respondents,
        case
            when not cells.is_suppressed and not cells.is_group_suppressed
                then 100.0 * cells.n_respondents / cells.group_respondents
        end as pct,
        cells.is_suppressed,
        cells.suppression_reason,
        cells.is_group_suppressed,
        cells.group_suppression_reason,
        'synthetic' as data_provenance
    from cells
    inner join items on cells.item_code = items.item_code
    inner join choices
        on
            items.scale = choices.list_name
            and cells.category = choices.choice_name
    left join group_labels
        on
            cells.dimension = group_labels.dimension
            and cells.group_code = group_labels.group_code
)

select * from final
