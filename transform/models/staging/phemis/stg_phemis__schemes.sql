with

source as (
    select * from {{ source('phemis', 'schemes') }}
),

renamed as (
    select
        cast(survey_round as integer) as survey_year,
        scheme_id,
        scheme_name,
        district_reported,
        district_unit,
        district_pcode,
        tehsil,
        scheme_type,
        cast(year_built as integer) as year_built,
        cast(design_population as integer) as design_population,
        functionality,
        functionality = 'functional' as is_functional,
        non_functional_reason,
        reason_reported,
        is_solarised,
        source_row_number
    from source
)

select * from renamed
