with

source as (
    select * from {{ ref('survey_items') }}
),

renamed as (
    select
        item_code,
        section,
        section_label,
        item_order,
        nullif(item_letter, '') as item_letter,
        item_label,
        scale,
        provenance,
        source_reference
    from source
)

select * from renamed
