with

tests as (
    select * from {{ ref('stg_survey__group_differences') }}
),

items as (
    select * from {{ ref('stg_survey__items') }}
),

final as (
    select
        tests.wave,
        tests.comparison,
        tests.dimension,
        tests.item_code,
        items.item_order,
        items.section,
        items.item_label,
        tests.test_name,
        tests.groups_compared,
        tests.group_a,
        tests.group_b,
        tests.n_groups,
        tests.n_respondents,
        tests.groups_excluded_small,
        tests.test_statistic,
        tests.p_value,
        tests.p_holm,
        tests.p_bh,
        tests.family_size,
        tests.effect_size_measure,
        tests.effect_size,
        tests.effect_magnitude,
        tests.highest_rated_group,
        tests.lowest_rated_group,
        tests.p_holm < 0.05 as is_significant_holm
    from tests
    inner join items on tests.item_code = items.item_code
)

select * from final
