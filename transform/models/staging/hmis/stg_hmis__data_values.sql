with

source as (
    select * from {{ source('hmis', 'data_values') }}
),

renamed as (
    select
        org_unit_id,
        facility_name,
        facility_type,
        org_unit_level,
        tehsil_name,
        division_name,
        district_reported,
        district_unit,
        district_pcode,
        period as dhis2_period,
        cast(period_start as date) as period_month,
        data_element_id,
        data_element_code,
        data_element_name,
        value_type,
        category_option_combo_id,
        category_option_combo_name,
        attribute_option_combo_id,
        value_text,
        cast(value as double) as numeric_value,
        stored_by,
        created_at,
        last_updated_at
    from source
)

select * from renamed
