with

items as (
    select * from {{ ref('stg_survey__items') }}
),

published_items as (
    select distinct item_code from {{ ref('stg_survey__published_figures') }}
),

final as (
    select
        items.item_code,
        items.item_order,
        items.section,
        items.section_label,
        items.item_letter,
        items.item_label,
        items.scale,
        items.provenance,
        items.source_reference,
        published_items.item_code is not null as has_published_figures
    from items
    left join published_items on items.item_code = published_items.item_code
)

select * from final
