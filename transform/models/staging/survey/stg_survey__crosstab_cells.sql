with

source as (
    select * from {{ source('survey', 'crosstab_cells') }}
),

renamed as (
    select
        wave,
        item_code,
        dimension,
        group_code,
        category,
        n_respondents,
        group_respondents,
        is_suppressed,
        suppression_reason,
        is_group_suppressed,
        group_suppression_reason
    from source
)

select * from renamed
