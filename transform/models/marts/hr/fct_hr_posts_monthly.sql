{#- Incremental: a run rewrites only the snapshot months whose landed file is new or replaced
    (a new month, a re-extracted month; see macros/indicators_incremental.sql), and re-flags
    posts deleted at the source in every month. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='snapshot_month',
        on_schema_change='append_new_columns',
        post_hook=[
            "{{ drop_unlanded_partitions('snapshot_month', 'date', 'hrmis', 'sanctioned_posts') }}",
            "{{ refresh_deletion_flags('sanctioned_posts', 'post_id') }}",
            "{{ record_landed_partitions('snapshot_month', 'date', 'hrmis', 'sanctioned_posts') }}"
        ]
    )
}}

with

posts as (

    select * from {{ ref('stg_hrmis__sanctioned_posts') }}

),

transformed as (

    select
        snapshot_month,
        post_id,
        department_code,
        district_reported,
        district_unit,
        district_pcode,
        cadre,
        bps_grade,
        posts_sanctioned,
        effective_from,
        effective_to,
        updated_at,
        is_deleted_at_source

    from posts

),

final as (

    select * from transformed
    {% if is_incremental() %}
        where {{ in_partitions(
            'snapshot_month', 'date', partitions_to_rebuild('hrmis', 'sanctioned_posts')
        ) }}
    {% endif %}

)

select * from final
