with

schemes as (

    select * from {{ ref('stg_phemis__schemes') }}

),

-- A scheme keeps its id across rounds; the district of its latest round is where it is now.
current_district as (

    select
        scheme_id,
        district_pcode

    from schemes
    qualify row_number() over (partition by scheme_id order by survey_year desc) = 1

),

final as (

    select
        schemes.survey_year,
        make_date(schemes.survey_year, 1, 1) as period_start,
        schemes.scheme_id,
        schemes.scheme_name,
        schemes.district_reported,
        schemes.district_unit,
        schemes.district_pcode as district_pcode_as_reported,
        current_district.district_pcode,
        schemes.tehsil,
        schemes.scheme_type,
        schemes.year_built,
        schemes.design_population,
        schemes.functionality,
        schemes.is_functional,
        schemes.functionality = 'partially_functional' as is_partially_functional,
        schemes.non_functional_reason,
        schemes.is_solarised

    from schemes
    inner join current_district
        on schemes.scheme_id = current_district.scheme_id

)

select * from final
