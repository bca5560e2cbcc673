with

schools as (

    select * from {{ ref('stg_bemis__schools') }}

),

enrolment as (

    select * from {{ ref('stg_bemis__enrolment') }}

),

teachers as (

    select * from {{ ref('stg_bemis__teachers') }}

),

enrolment_by_school as (

    select
        census_year,
        emis_code,
        sum(enrolment) filter (where gender = 'boys') as enrolment_boys,
        sum(enrolment) filter (where gender = 'girls') as enrolment_girls,
        sum(enrolment) as enrolment_total

    from enrolment
    group by census_year, emis_code

),

teachers_by_school as (

    select
        census_year,
        emis_code,
        sum(teachers) filter (where gender = 'male') as teachers_male,
        sum(teachers) filter (where gender = 'female') as teachers_female,
        sum(teachers) as teachers_total

    from teachers
    group by census_year, emis_code

),

-- A school keeps its EMIS code for life: the district of its latest census entry is where it
-- is now, so a school reported under Loralai before Duki was carved out counts in Duki in
-- every year and a district's series does not jump at the split.
current_district as (

    select
        emis_code,
        district_pcode

    from schools
    qualify row_number() over (
        partition by emis_code order by census_year_start desc
    ) = 1

),

final as (

    select
        schools.census_year,
        schools.census_year_start,
        -- The school year 2024-25 is keyed to the fiscal year of the same name.
        make_date(schools.census_year_start, 7, 1) as period_start,
        {{ fiscal_year_label('make_date(schools.census_year_start, 7, 1)') }}
            as fiscal_year_label,
        schools.emis_code,
        schools.school_name,
        schools.district_reported,
        schools.district_unit,
        schools.district_pcode as district_pcode_as_reported,
        current_district.district_pcode,
        schools.tehsil,
        schools.school_level,
        schools.school_gender,
        schools.urban_rural,
        schools.functional_status,
        schools.is_functional,
        schools.has_electricity,
        schools.has_drinking_water,
        schools.has_toilets,
        schools.has_boundary_wall,
        schools.has_it_lab,
        enrolment_by_school.emis_code is not null as has_enrolment_return,
        coalesce(enrolment_by_school.enrolment_boys, 0)::bigint as enrolment_boys,
        coalesce(enrolment_by_school.enrolment_girls, 0)::bigint as enrolment_girls,
        coalesce(enrolment_by_school.enrolment_total, 0)::bigint as enrolment_total,
        teachers_by_school.emis_code is not null as has_teacher_return,
        coalesce(teachers_by_school.teachers_male, 0)::bigint as teachers_male,
        coalesce(teachers_by_school.teachers_female, 0)::bigint as teachers_female,
        coalesce(teachers_by_school.teachers_total, 0)::bigint as teachers_total

    from schools
    inner join current_district
        on schools.emis_code = current_district.emis_code
    left join enrolment_by_school
        on
            schools.census_year = enrolment_by_school.census_year
            and schools.emis_code = enrolment_by_school.emis_code
    left join teachers_by_school
        on
            schools.census_year = teachers_by_school.census_year
            and schools.emis_code = teachers_by_school.emis_code

)

select * from final
