with

source as (
    select * from {{ ref('survey_published_figures') }}
),

renamed as (
    select
        wave,
        item_code,
        item_letter,
        category,
        published_pct,
        source_page,
        source_figure,
        source_quote
    from source
)

select * from renamed
