{#- About 100,000 candidates a year, so incremental: a run rewrites only the exam years whose
    landed gazettes are new or replaced (see macros/indicators_incremental.sql). -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='exam_year',
        on_schema_change='append_new_columns',
        post_hook=[
            "{{ drop_unlanded_partitions('exam_year', 'integer', 'bise', 'results') }}",
            "{{ record_landed_partitions('exam_year', 'integer', 'bise', 'results') }}"
        ]
    )
}}

with

results as (

    select * from {{ ref('stg_bise__results') }}

),

transformed as (

    select
        exam_year,
        make_date(exam_year, 1, 1) as period_start,
        exam,
        exam_session,
        roll_no,
        school_emis_code,
        school_name,
        is_private_candidate,
        district_reported,
        district_unit,
        district_pcode,
        gender,
        subject_group,
        marks_obtained,
        total_marks,
        marks_percent,
        result,
        appeared,
        passed,
        source_file

    from results

),

final as (

    select * from transformed
    {% if is_incremental() %}
        where {{ in_partitions(
            'exam_year', 'integer', partitions_to_rebuild('bise', 'results')
        ) }}
    {% endif %}

)

select * from final
