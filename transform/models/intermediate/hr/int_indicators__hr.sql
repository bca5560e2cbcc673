with

posts as (

    select * from {{ ref('fct_hr_posts_monthly') }}

),

employees as (

    select * from {{ ref('fct_hr_employees_monthly') }}

),

-- Records the source has deleted since are left out: they should not have been there.
post_groups as (

    select
        snapshot_month,
        district_pcode,
        department_code,
        cadre,
        bps_grade,
        sum(posts_sanctioned) as posts_sanctioned

    from posts
    where not is_deleted_at_source
    group by snapshot_month, district_pcode, department_code, cadre, bps_grade

),

staff_groups as (

    select
        snapshot_month,
        district_pcode,
        department_code,
        cadre,
        bps_grade,
        count(*) as in_service

    from employees
    where not is_deleted_at_source
    group by snapshot_month, district_pcode, department_code, cadre, bps_grade

),

-- A post is vacant when its group (department, cadre, grade, district) has fewer people in
-- service than sanctioned posts; surplus staff elsewhere do not fill it.
vacancies as (

    select
        post_groups.snapshot_month,
        post_groups.district_pcode,
        sum(post_groups.posts_sanctioned) as posts_sanctioned,
        sum(greatest(post_groups.posts_sanctioned - coalesce(staff_groups.in_service, 0), 0))
            as posts_vacant

    from post_groups
    left join staff_groups
        on
            post_groups.snapshot_month = staff_groups.snapshot_month
            and post_groups.district_pcode = staff_groups.district_pcode
            and post_groups.department_code = staff_groups.department_code
            and post_groups.cadre = staff_groups.cadre
            and post_groups.bps_grade = staff_groups.bps_grade
    group by post_groups.snapshot_month, post_groups.district_pcode

),

workforce as (

    select
        snapshot_month,
        district_pcode,
        count(*) as employees,
        count(*) filter (where gender = 'female') as women,
        count(*) filter (where it_trained) as it_trained

    from employees
    where not is_deleted_at_source
    group by snapshot_month, district_pcode

),

district_rows as (

    select
        'HR_VACANCY_RATE_PCT' as indicator_code,
        'month' as period_type,
        snapshot_month as period_start,
        district_pcode,
        posts_vacant as numerator,
        posts_sanctioned as denominator

    from vacancies

    union all

    select
        measures.indicator_code,
        'month' as period_type,
        workforce.snapshot_month as period_start,
        workforce.district_pcode,
        measures.numerator,
        measures.denominator

    from workforce
    cross join lateral (
        values
        ('HR_WOMEN_SHARE_PCT', workforce.women, workforce.employees),
        ('HR_IT_TRAINED_PCT', workforce.it_trained, workforce.employees)
    ) as measures (indicator_code, numerator, denominator)

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

final as (

    {{ indicators_finalise('summed') }}

)

select * from final
