{#- About 250,000 people × every month at full scale, so incremental: a run rewrites only the
    snapshot months whose landed file is new or replaced (a new month, a re-extracted month;
    see macros/indicators_incremental.sql), and re-flags people deleted at the source in
    every month. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='snapshot_month',
        on_schema_change='append_new_columns',
        post_hook=[
            "{{ drop_unlanded_partitions('snapshot_month', 'date', 'hrmis', 'employees') }}",
            "{{ refresh_deletion_flags('employees', 'employee_id') }}",
            "{{ record_landed_partitions('snapshot_month', 'date', 'hrmis', 'employees') }}"
        ]
    )
}}

with

employees as (

    select * from {{ ref('stg_hrmis__employees') }}

),

transformed as (

    select
        snapshot_month,
        employee_id,
        personnel_no,
        gender,
        department_code,
        cadre,
        bps_grade,
        district_reported,
        district_unit,
        district_pcode,
        date_of_joining,
        it_trained,
        it_training_date,
        posting_id,
        posting_start_date,
        current_status,
        updated_at,
        is_deleted_at_source

    from employees

),

final as (

    select * from transformed
    {% if is_incremental() %}
        where {{ in_partitions(
            'snapshot_month', 'date', partitions_to_rebuild('hrmis', 'employees')
        ) }}
    {% endif %}

)

select * from final
