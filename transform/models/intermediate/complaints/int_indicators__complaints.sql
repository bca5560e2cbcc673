with

complaints as (

    select * from {{ ref('fct_complaints') }}

),

history as (

    select * from {{ ref('stg_cqmis__status_history') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

-- The same month range as rpt_complaints__monthly: first complaint received to the month of
-- the latest update.
months as (

    select unnest(generate_series(
        (select min(received_month) from complaints),
        (select date_trunc('month', max(updated_at))::date from complaints),
        interval 1 month
    ))::date as month_start

),

district_months as (

    select
        months.month_start,
        districts.district_pcode,
        districts.population_2023

    from months
    cross join districts

),

received as (

    select
        district_pcode,
        received_month as month_start,
        count(*) as complaints_received

    from complaints
    group by district_pcode, received_month

),

resolutions as (

    select
        complaint_id,
        district_pcode,
        date_trunc('month', resolved_date)::date as month_start,
        days_to_resolve,
        satisfaction_score

    from complaints
    where current_status = 'resolved'

),

resolved as (

    select
        district_pcode,
        month_start,
        count(*) as resolved,
        count(*) filter (
            where days_to_resolve <= {{ indicator_parameter('COMPLAINT_STANDARD_DAYS') }}
        ) as resolved_within_standard,
        count(satisfaction_score) as rated,
        count(*) filter (
            where satisfaction_score >= {{ indicator_parameter('SATISFIED_MIN_SCORE') }}
        ) as satisfied

    from resolutions
    group by district_pcode, month_start

),

backlog as (

    select
        months.month_start,
        complaints.district_pcode,
        count(*) as backlog

    from months
    inner join complaints
        on
            complaints.received_date
            <= last_day(months.month_start)
            - to_days({{ indicator_parameter('COMPLAINT_STANDARD_DAYS') }}::integer)
            and (
                complaints.closed_date is null
                or complaints.closed_date > last_day(months.month_start)
            )
    group by months.month_start, complaints.district_pcode

),

-- Reopenings against closures in the same month, from the status history.
status_flows as (

    select
        complaints.district_pcode,
        date_trunc('month', history.changed_at)::date as month_start,
        count(distinct history.complaint_id) filter (
            where history.status = 'reopened'
        ) as reopened,
        count(distinct history.complaint_id) filter (
            where history.status in ('resolved', 'rejected')
        ) as closed

    from history
    inner join complaints
        on history.complaint_id = complaints.complaint_id
    group by complaints.district_pcode, date_trunc('month', history.changed_at)::date

),

monthly as (

    select
        district_months.month_start,
        district_months.district_pcode,
        district_months.population_2023,
        coalesce(received.complaints_received, 0) as complaints_received,
        coalesce(resolved.resolved, 0) as resolved,
        coalesce(resolved.resolved_within_standard, 0) as resolved_within_standard,
        coalesce(resolved.rated, 0) as rated,
        coalesce(resolved.satisfied, 0) as satisfied,
        coalesce(backlog.backlog, 0) as backlog,
        coalesce(status_flows.reopened, 0) as reopened,
        coalesce(status_flows.closed, 0) as closed

    from district_months
    left join received
        on
            district_months.month_start = received.month_start
            and district_months.district_pcode = received.district_pcode
    left join resolved
        on
            district_months.month_start = resolved.month_start
            and district_months.district_pcode = resolved.district_pcode
    left join backlog
        on
            district_months.month_start = backlog.month_start
            and district_months.district_pcode = backlog.district_pcode
    left join status_flows
        on
            district_months.month_start = status_flows.month_start
            and district_months.district_pcode = status_flows.district_pcode

),

district_rows as (

    select
        measures.indicator_code,
        'month' as period_type,
        monthly.month_start as period_start,
        monthly.district_pcode,
        measures.numerator,
        measures.denominator

    from monthly
    cross join lateral (
        values
        ('CMP_PER_100K', monthly.complaints_received, monthly.population_2023),
        ('CMP_RESOLVED_WITHIN_40D_PCT', monthly.resolved_within_standard, monthly.resolved),
        ('CMP_BACKLOG_OVER_40D', monthly.backlog, null),
        ('CMP_REOPEN_RATE', monthly.reopened, monthly.closed),
        ('CMP_SATISFIED_PCT', monthly.satisfied, monthly.rated)
    ) as measures (indicator_code, numerator, denominator)

),

resolution_days as (

    select
        indicators.indicator_code,
        'month' as period_type,
        resolutions.month_start as period_start,
        resolutions.district_pcode,
        resolutions.complaint_id as observation_id,
        resolutions.days_to_resolve as observation

    from resolutions
    cross join (
        values ('CMP_MEDIAN_DAYS_TO_RESOLVE'), ('CMP_P90_DAYS_TO_RESOLVE')
    ) as indicators (indicator_code)

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

medians as (

    {{ indicators_recompute(
        "(select * from resolution_days where indicator_code = 'CMP_MEDIAN_DAYS_TO_RESOLVE')",
        value='median(observation)'
    ) }}

),

percentiles as (

    {{ indicators_recompute(
        "(select * from resolution_days where indicator_code = 'CMP_P90_DAYS_TO_RESOLVE')",
        value='quantile_cont(observation, 0.9)'
    ) }}

),

combined as (

    select * from summed
    union all
    select * from medians
    union all
    select * from percentiles

),

final as (

    {{ indicators_finalise('combined') }}

)

select * from final
