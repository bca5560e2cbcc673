with

source as (
    select * from {{ source('eservices', 'checklist') }}
),

renamed as (
    select
        portal_id,
        indicator_code,
        criterion_code,
        answer as is_met,
        assessed_on,
        is_synthetic,
        note as assessor_note,
        catalogue_version
    from source
)

select * from renamed
