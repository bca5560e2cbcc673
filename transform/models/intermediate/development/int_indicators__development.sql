with

scheme_quarters as (

    select * from {{ ref('fct_development_scheme_quarters') }}

),

-- Province-wide schemes have no district: indicators_sum_up counts them in the province only.
by_district as (

    select
        period_start,
        district_pcode,
        sum(expenditure_to_date_pkr_m) as expenditure_to_date_pkr_m,
        sum(releases_to_date_pkr_m) as releases_to_date_pkr_m,
        sum(allocation_pkr_m) as allocation_pkr_m,
        sum(physical_progress_pct) as physical_progress_pct_sum,
        count(*) as schemes_reporting,
        count(*) filter (where is_unfinished) as schemes_unfinished,
        count(*) filter (where is_past_planned_completion) as schemes_past_planned_completion,
        count(*) filter (where is_over_estimated_cost) as schemes_over_estimated_cost

    from scheme_quarters
    group by period_start, district_pcode

),

district_rows as (

    select
        measures.indicator_code,
        'quarter' as period_type,
        by_district.period_start,
        by_district.district_pcode,
        measures.numerator,
        measures.denominator

    from by_district
    cross join lateral (
        values
        (
            'DEV_EXPENDITURE_VS_ALLOCATION_PCT',
            by_district.expenditure_to_date_pkr_m,
            by_district.allocation_pkr_m
        ),
        (
            'DEV_RELEASES_VS_ALLOCATION_PCT',
            by_district.releases_to_date_pkr_m,
            by_district.allocation_pkr_m
        ),
        (
            'DEV_AVG_PHYSICAL_PROGRESS_PCT',
            by_district.physical_progress_pct_sum,
            by_district.schemes_reporting
        ),
        (
            'DEV_PAST_PLANNED_COMPLETION_PCT',
            by_district.schemes_past_planned_completion,
            by_district.schemes_unfinished
        ),
        (
            'DEV_COST_OVERRUN_PCT',
            by_district.schemes_over_estimated_cost,
            by_district.schemes_reporting
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
