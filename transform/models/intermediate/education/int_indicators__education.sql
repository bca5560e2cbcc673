with

schools as (

    select * from {{ ref('fct_school_census') }}

),

by_district as (

    select
        period_start,
        district_pcode,
        sum(enrolment_total) as enrolment_total,
        sum(enrolment_girls) as enrolment_girls,
        sum(enrolment_boys) as enrolment_boys,
        sum(enrolment_total) filter (
            where has_enrolment_return and has_teacher_return
        ) as pupils_with_teachers_reported,
        sum(teachers_total) filter (
            where has_enrolment_return and has_teacher_return
        ) as teachers_with_pupils_reported,
        count(*) as schools,
        count(*) filter (where is_functional) as functional_schools,
        count(*) filter (where is_functional and has_electricity) as with_electricity,
        count(has_electricity) filter (where is_functional) as answered_electricity,
        count(*) filter (where is_functional and has_drinking_water) as with_drinking_water,
        count(has_drinking_water) filter (where is_functional) as answered_drinking_water,
        count(*) filter (where is_functional and has_toilets) as with_toilets,
        count(has_toilets) filter (where is_functional) as answered_toilets,
        count(*) filter (where is_functional and has_boundary_wall) as with_boundary_wall,
        count(has_boundary_wall) filter (where is_functional) as answered_boundary_wall,
        count(*) filter (where is_functional and has_it_lab) as with_it_lab,
        count(has_it_lab) filter (where is_functional) as answered_it_lab,
        count(*) filter (
            where is_functional and has_teacher_return and teachers_total = 1
        ) as single_teacher_schools,
        count(*) filter (where is_functional and has_teacher_return) as functional_with_teachers

    from schools
    group by period_start, district_pcode

),

district_rows as (

    select
        measures.indicator_code,
        'fiscal_year' as period_type,
        by_district.period_start,
        by_district.district_pcode,
        measures.numerator,
        measures.denominator

    from by_district
    cross join lateral (
        values
        ('EDU_ENROLMENT_TOTAL', by_district.enrolment_total, null),
        ('EDU_ENROLMENT_GIRLS', by_district.enrolment_girls, null),
        ('EDU_ENROLMENT_BOYS', by_district.enrolment_boys, null),
        ('EDU_GIRLS_SHARE_PCT', by_district.enrolment_girls, by_district.enrolment_total),
        ('EDU_GENDER_PARITY_INDEX', by_district.enrolment_girls, by_district.enrolment_boys),
        (
            'EDU_PUPIL_TEACHER_RATIO',
            by_district.pupils_with_teachers_reported,
            by_district.teachers_with_pupils_reported
        ),
        ('EDU_FUNCTIONAL_SCHOOLS_PCT', by_district.functional_schools, by_district.schools),
        (
            'EDU_SCHOOLS_WITH_ELECTRICITY_PCT',
            by_district.with_electricity,
            by_district.answered_electricity
        ),
        (
            'EDU_SCHOOLS_WITH_DRINKING_WATER_PCT',
            by_district.with_drinking_water,
            by_district.answered_drinking_water
        ),
        ('EDU_SCHOOLS_WITH_TOILETS_PCT', by_district.with_toilets, by_district.answered_toilets),
        (
            'EDU_SCHOOLS_WITH_BOUNDARY_WALL_PCT',
            by_district.with_boundary_wall,
            by_district.answered_boundary_wall
        ),
        ('EDU_SCHOOLS_WITH_IT_LAB_PCT', by_district.with_it_lab, by_district.answered_it_lab),
        (
            'EDU_SINGLE_TEACHER_SCHOOLS_PCT',
            by_district.single_teacher_schools,
            by_district.functional_with_teachers
        )
    ) as measures (indicator_code, numerator, denominator)

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

final as (

    {{ indicators_finalise('summed') }}

)

select * from final
