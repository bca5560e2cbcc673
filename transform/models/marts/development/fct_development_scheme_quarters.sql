with

progress as (

    select * from {{ ref('stg_pis__scheme_progress') }}

),

schemes as (

    select * from {{ ref('stg_pis__schemes') }}

),

-- Expenditure is cumulative within a fiscal year: the last return of each earlier year is
-- what the scheme spent that year.
spent_by_year as (

    select
        scheme_id,
        fiscal_year,
        arg_max(expenditure_to_date_pkr_m, quarter_start) as spent_in_year_pkr_m

    from progress
    group by scheme_id, fiscal_year

),

spent_before as (

    select
        scheme_id,
        fiscal_year,
        coalesce(
            sum(spent_in_year_pkr_m) over (
                partition by scheme_id
                order by fiscal_year
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as spent_before_year_pkr_m

    from spent_by_year

),

final as (

    select
        progress.scheme_id,
        progress.fiscal_year,
        {{ fiscal_year_label('progress.quarter_start') }} as fiscal_year_label,
        {{ fiscal_quarter('progress.quarter_start') }}::integer as fiscal_quarter,
        progress.quarter_start as period_start,
        (progress.quarter_start + interval 3 month - interval 1 day)::date as quarter_end,
        schemes.gs_no,
        schemes.scheme_name,
        schemes.sector,
        schemes.programme,
        schemes.district_reported,
        schemes.district_unit,
        schemes.district_pcode,
        schemes.district_scope,
        schemes.executing_agency,
        schemes.scheme_status,
        schemes.start_date,
        schemes.planned_completion_date,
        schemes.estimated_cost_pkr_m,
        schemes.allocation_pkr_m,
        progress.releases_to_date_pkr_m,
        progress.expenditure_to_date_pkr_m,
        spent_before.spent_before_year_pkr_m + progress.expenditure_to_date_pkr_m
            as expenditure_since_start_pkr_m,
        progress.physical_progress_pct,
        progress.physical_progress_pct < 100 as is_unfinished,
        progress.physical_progress_pct < 100
        and schemes.planned_completion_date
        < (progress.quarter_start + interval 3 month)::date as is_past_planned_completion,
        spent_before.spent_before_year_pkr_m + progress.expenditure_to_date_pkr_m
        > schemes.estimated_cost_pkr_m as is_over_estimated_cost,
        progress.reported_on,
        datediff(
            'day', (progress.quarter_start + interval 3 month - interval 1 day)::date,
            progress.reported_on
        ) as days_after_quarter_end,
        progress.remarks

    from progress
    inner join schemes
        on
            progress.scheme_id = schemes.scheme_id
            and progress.fiscal_year = schemes.fiscal_year
    left join spent_before
        on
            progress.scheme_id = spent_before.scheme_id
            and progress.fiscal_year = spent_before.fiscal_year

)

select * from final
