{#- Incremental: a run rewrites only the snapshot months whose landed lines changed (a new
    month, a re-extracted month, a deletion noticed later). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='snapshot_month',
        on_schema_change='append_new_columns'
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
        where {{ changed_partitions('transformed', 'snapshot_month', [
            'post_id', 'district_pcode', 'department_code', 'cadre', 'bps_grade',
            'posts_sanctioned', 'updated_at', 'is_deleted_at_source'
        ]) }}
    {% endif %}

)

select * from final
