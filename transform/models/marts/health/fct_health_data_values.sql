{#- Big (about 1,400 facilities × 30 data elements × their disaggregations × 120 months at
    full scale), so incremental: a run rewrites only the months whose landed file is new or
    replaced (see macros/indicators_incremental.sql), replacing each such month whole as the
    landing zone does. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='period_month',
        on_schema_change='append_new_columns',
        post_hook=[
            "{{ drop_unlanded_partitions('period_month', 'date', 'hmis', 'data_values') }}",
            "{{ record_landed_partitions('period_month', 'date', 'hmis', 'data_values') }}"
        ]
    )
}}

with

data_values as (

    select * from {{ ref('stg_hmis__data_values') }}

),

transformed as (

    select
        period_month,
        dhis2_period,
        org_unit_id,
        facility_name,
        facility_type,
        district_reported,
        district_unit,
        district_pcode,
        data_element_id,
        data_element_code,
        data_element_name,
        value_type,
        category_option_combo_id,
        category_option_combo_name,
        attribute_option_combo_id,
        numeric_value as value, -- noqa: RF04
        value_text,
        created_at,
        last_updated_at

    from data_values

),

final as (

    select * from transformed
    {% if is_incremental() %}
        where {{ in_partitions(
            'period_month', 'date', partitions_to_rebuild('hmis', 'data_values')
        ) }}
    {% endif %}

)

select * from final
