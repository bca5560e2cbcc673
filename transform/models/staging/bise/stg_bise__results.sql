with

source as (
    select * from {{ source('bise', 'results') }}
),

renamed as (
    select
        cast(exam_year as integer) as exam_year,
        upper(exam) as exam,
        session as exam_session,
        roll_no,
        -- candidate_name stays in the landing zone: no model needs a person's name
        school_emis_code,
        school_name,
        school_emis_code is null as is_private_candidate,
        district_reported,
        district_unit,
        district_pcode,
        gender,
        group_code as subject_group,
        marks_obtained,
        total_marks,
        round(100.0 * marks_obtained / total_marks, 1) as marks_percent,
        result,
        result <> 'absent' as appeared,
        result = 'pass' as passed,
        source_file
    from source
)

select * from renamed
