with

source as (
    select * from {{ source('hmis', 'org_units') }}
),

-- Every monthly partition lands the hierarchy as it stood when read; the latest reading
-- of each org unit is its current state (a renamed or moved facility takes its new place).
latest as (
    select *
    from source
    qualify row_number() over (partition by org_unit_id order by period desc) = 1
),

renamed as (
    select
        org_unit_id,
        org_unit_code,
        org_unit_name,
        level as org_unit_level,
        level_name as org_unit_level_name,
        parent_id as parent_org_unit_id,
        path as org_unit_path,
        division_name,
        district_reported,
        district_unit,
        district_pcode,
        tehsil_name,
        facility_type,
        is_facility,
        opening_date,
        closed_date,
        period as read_with_dhis2_period
    from latest
)

select * from renamed
