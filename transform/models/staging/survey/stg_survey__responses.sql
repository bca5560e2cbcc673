with

source as (
    select * from {{ source('survey', 'responses') }}
),

renamed as (
    select
        wave,
        cast(split_part(wave, '-wave', 1) as integer) as wave_year,
        cast(split_part(wave, '-wave', 2) as integer) as wave_number,
        respondent_uuid,
        kobo_id,
        kobo_index,
        submitted_at,
        form_version,
        level as government_level,
        department,
        district_reported,
        district_unit,
        district_pcode,
        designation,
        cast(bps_grade as integer) as bps_grade,
        -- Every survey item, named by its XLSForm field (pc_ perception, ch_ challenges,
        -- is_ issues, ict_ infrastructure, in_ initiatives, aw_ awareness).
        columns('^(pc|ch|is|ict|in|aw)_')
    from source
)

select * from renamed
