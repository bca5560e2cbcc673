with

source as (
    select * from {{ source('hmis', 'completeness') }}
),

renamed as (
    select
        data_set_id,
        data_set_name,
        org_unit_id,
        facility_name,
        facility_type,
        org_unit_level,
        district_reported,
        district_unit,
        district_pcode,
        attribute_option_combo_id,
        period as dhis2_period,
        cast(period_start as date) as period_month,
        completed_at,
        due_at,
        on_time as is_on_time,
        days_late,
        completed as is_completed,
        stored_by
    from source
)

select * from renamed
