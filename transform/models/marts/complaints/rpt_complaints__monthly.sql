with

complaints as (
    select * from {{ ref('fct_complaints') }}
),

districts as (
    select
        district_pcode,
        district_name,
        division,
        population_2023
    from {{ ref('dim_district') }}
),

quarantined as (
    select * from {{ ref('stg_landing__quarantine') }}
    where source_code = 'cqmis' and entity = 'complaints'
),

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
        districts.*
    from months cross join districts
),

-- Everything that happened to a complaint, dated to the month it happened in.
received as (
    select
        complaint_id,
        district_pcode,
        received_month as month_start
    from complaints
),

resolved as (
    select
        complaint_id,
        district_pcode,
        date_trunc('month', resolved_date)::date as month_start,
        days_to_resolve
    from complaints
    where current_status = 'resolved'
),

backlog as (
    -- Open at the month's end and received more than 40 days before it.
    select
        months.month_start,
        complaints.complaint_id,
        complaints.district_pcode
    from months
    inner join complaints
        on
            complaints.received_date <= last_day(months.month_start) - interval 40 day
            and (
                complaints.closed_date is null
                or complaints.closed_date > last_day(months.month_start)
            )
),

quarantined_by_month as (
    select
        date_trunc(
            'month', try_cast(json_extract_string(raw_record, '$.created_at') as timestamp)
        )::date
            as month_start,
        count(*) as complaints_quarantined
    from quarantined
    group by all
),

facts as (
    select
        month_start,
        district_pcode,
        complaint_id,
        'received' as event,
        null as days
    from received
    union all
    select
        month_start,
        district_pcode,
        complaint_id,
        'resolved',
        days_to_resolve
    from resolved
    union all
    select
        month_start,
        district_pcode,
        complaint_id,
        'backlog',
        null
    from backlog
),

joined as (
    select
        district_months.*,
        facts.event,
        facts.days
    from district_months
    left join facts
        on
            district_months.month_start = facts.month_start
            and district_months.district_pcode = facts.district_pcode
),

aggregated as (
    select
        month_start,
        case
            when grouping(division) = 1 then 'province'
            when grouping(district_pcode) = 1 then 'division'
            else 'district'
        end as geo_level,
        case
            when grouping(division) = 1 then 'PK2'
            when grouping(district_pcode) = 1 then division
            else district_pcode
        end as geo_code,
        case
            when grouping(division) = 1 then 'Balochistan'
            when grouping(district_pcode) = 1 then division
            else any_value(district_name)
        end as geo_name,
        case when grouping(division) = 0 then division end as division,
        count(*) filter (where event = 'received') as complaints_received,
        count(*) filter (where event = 'resolved') as complaints_resolved,
        count(*) filter (where event = 'resolved' and days <= 40) as resolved_within_40d,
        median(days) filter (where event = 'resolved') as median_days_to_resolve,
        quantile_cont(days, 0.9) filter (where event = 'resolved') as p90_days_to_resolve,
        count(*) filter (where event = 'backlog') as backlog_over_40d
    from joined
    group by
        grouping sets (
            (month_start, division, district_pcode), (month_start, division), (month_start)
        )
),

populations as (
    select
        'district' as geo_level,
        district_pcode as geo_code,
        population_2023
    from districts
    union all
    select
        'division',
        division,
        sum(population_2023)::bigint
    from districts
    group by division
    union all
    select
        'province',
        'PK2',
        sum(population_2023)::bigint
    from districts
),

final as (
    select
        aggregated.month_start,
        aggregated.geo_level,
        aggregated.geo_code,
        aggregated.geo_name,
        aggregated.division,
        populations.population_2023,
        aggregated.complaints_received,
        aggregated.complaints_received
        * 100000.0
        / populations.population_2023 as complaints_per_100k,
        aggregated.complaints_resolved,
        aggregated.median_days_to_resolve,
        aggregated.p90_days_to_resolve,
        100.0 * aggregated.resolved_within_40d / nullif(aggregated.complaints_resolved, 0)
            as resolved_within_40d_pct,
        aggregated.backlog_over_40d,
        case
            when aggregated.geo_level = 'province'
                then coalesce(quarantined_by_month.complaints_quarantined, 0)
            else 0
        end as complaints_quarantined
    from aggregated
    inner join populations
        on
            aggregated.geo_level = populations.geo_level
            and aggregated.geo_code = populations.geo_code
    left join quarantined_by_month on aggregated.month_start = quarantined_by_month.month_start
)

select * from final
