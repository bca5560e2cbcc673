with

source as (
    select * from {{ source('hrmis', 'sanctioned_posts') }}
),

deletions as (
    select distinct record_id from {{ source('hrmis', 'deletions') }}
    where entity = 'sanctioned_posts'
),

renamed as (
    select
        cast(source.snapshot_month as date) as snapshot_month,
        source.post_id,
        source.department_code,
        source.district_reported,
        source.district_unit,
        source.district_pcode,
        source.cadre,
        source.bps_grade,
        source.sanctioned as posts_sanctioned,
        source.effective_from,
        source.effective_to,
        source.updated_at,
        -- A post deleted at the source stays in months not re-extracted since; flag it.
        deletions.record_id is not null as is_deleted_at_source
    from source
    left join deletions on source.post_id = deletions.record_id
)

select * from renamed
