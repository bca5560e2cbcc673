{#- Grain: one row per district × month (from the first complaint received to the latest
    update): complaints received, 0 where none. The series rpt_outliers judges for CQMIS. -#}
with

complaints as (

    select * from {{ ref('fct_complaints') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

months as (

    select unnest(generate_series(
        (select min(received_month) from complaints),
        (select date_trunc('month', max(updated_at))::date from complaints),
        interval 1 month
    ))::date as month_start

),

received as (

    select
        district_pcode,
        received_month as month_start,
        count(*) as complaints_received

    from complaints
    group by district_pcode, received_month

),

final as (

    select
        'cqmis' as source_code,
        'complaints_received' as metric_code,
        'Complaints received' as metric_name,
        districts.district_pcode,
        months.month_start,
        coalesce(received.complaints_received, 0)::double as value -- noqa: RF04

    from months
    cross join districts
    left join received
        on
            months.month_start = received.month_start
            and districts.district_pcode = received.district_pcode

)

select * from final
