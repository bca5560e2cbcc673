with

responses as (
    select * from {{ ref('stg_survey__responses') }}
),

items as (
    select * from {{ ref('stg_survey__items') }}
),

choices as (
    select * from {{ ref('stg_survey__choices') }}
),

item_columns as (
    select
        wave,
        respondent_uuid,
        government_level,
        department,
        district_pcode,
        columns('^(pc|ch|is|ict|in|aw)_')
    from responses
),

unpivoted as (
    unpivot item_columns
    on columns(* exclude (wave, respondent_uuid, government_level, department, district_pcode))
    into name item_code value answer
),

final as (
    select
        unpivoted.wave,
        unpivoted.respondent_uuid,
        unpivoted.government_level,
        unpivoted.department,
        unpivoted.district_pcode,
        unpivoted.item_code,
        items.section,
        items.scale,
        unpivoted.answer as category,
        choices.choice_order as category_order,
        choices.score,
        choices.polarity
    from unpivoted
    inner join items on unpivoted.item_code = items.item_code
    left join choices
        on
            items.scale = choices.list_name
            and unpivoted.answer = choices.choice_name
)

select * from final
