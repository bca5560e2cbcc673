{{ config(materialized='table') }}

with

complaints as (
    select * from {{ ref('stg_cqmis__complaints') }}
),

history as (
    select * from {{ ref('stg_cqmis__status_history') }}
),

districts as (
    select
        district_pcode,
        district_name,
        division
    from {{ ref('dim_district') }}
),

event_summary as (
    select
        complaint_id,
        count(*) filter (where status = 'reopened') as times_reopened,
        max(changed_at) filter (where status in ('resolved', 'rejected')) as last_closed_at
    from history
    group by complaint_id
),

final as (
    select
        complaints.complaint_id,
        complaints.tracking_no,
        complaints.received_date,
        date_trunc('month', complaints.received_date)::date as received_month,
        complaints.district_reported,
        complaints.district_unit,
        complaints.district_pcode,
        districts.district_name,
        districts.division,
        complaints.department_complained_against,
        complaints.category,
        complaints.channel,
        complaints.current_status,
        complaints.current_status in ('resolved', 'rejected') as is_closed,
        complaints.resolved_date,
        case
            when complaints.current_status = 'resolved'
                then datediff('day', complaints.received_date, complaints.resolved_date)
        end as days_to_resolve,
        -- A complaint counts as closed from its latest resolution or rejection; one still
        -- open has no closing date.
        case
            when complaints.current_status = 'resolved' then complaints.resolved_date
            when complaints.current_status = 'rejected' then event_summary.last_closed_at::date
        end as closed_date,
        coalesce(event_summary.times_reopened, 0) as times_reopened,
        complaints.satisfaction_score,
        complaints.created_at,
        complaints.updated_at
    from complaints
    inner join districts on complaints.district_pcode = districts.district_pcode
    left join event_summary on complaints.complaint_id = event_summary.complaint_id
)

select * from final
