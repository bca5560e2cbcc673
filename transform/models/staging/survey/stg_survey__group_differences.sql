with

source as (
    select * from {{ source('survey', 'group_differences') }}
),

renamed as (
    select
        wave,
        comparison,
        dimension,
        item_code,
        test as test_name,
        groups_compared,
        group_a,
        group_b,
        n_groups,
        n_respondents,
        groups_excluded_small,
        statistic as test_statistic,
        p_value,
        p_holm,
        p_bh,
        family_size,
        effect_size_measure,
        effect_size,
        effect_magnitude,
        highest_rated_group,
        lowest_rated_group
    from source
)

select * from renamed
