{#- About 100,000 candidates a year, so incremental: a run rewrites only the exam years whose
    landed gazettes changed. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='exam_year',
        on_schema_change='append_new_columns'
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
        where {{ changed_partitions('transformed', 'exam_year', [
            'exam', 'exam_session', 'roll_no', 'district_pcode', 'gender', 'marks_obtained',
            'result', 'source_file'
        ]) }}
    {% endif %}

)

select * from final
