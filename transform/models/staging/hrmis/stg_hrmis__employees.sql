with

source as (
    select * from {{ source('hrmis', 'employees') }}
),

deletions as (
    select distinct record_id from {{ source('hrmis', 'deletions') }}
    where entity = 'employees'
),

renamed as (
    select
        cast(source.snapshot_month as date) as snapshot_month,
        source.employee_id,
        source.personnel_no,
        source.gender,
        source.department_code,
        source.cadre,
        source.bps_grade,
        source.district_reported,
        source.district_unit,
        source.district_pcode,
        source.date_of_joining,
        source.it_trained,
        source.it_training_date,
        source.posting_id,
        source.posting_start_date,
        source.current_status,
        source.updated_at,
        -- A person deleted at the source stays in months not re-extracted since; flag it.
        deletions.record_id is not null as is_deleted_at_source
    from source
    left join deletions on source.employee_id = deletions.record_id
)

select * from renamed
