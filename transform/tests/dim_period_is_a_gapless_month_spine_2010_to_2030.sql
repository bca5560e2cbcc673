-- Every month from 2010-01 to 2030-12 exactly once, and no gaps: returns the offending rows.
with

periods as (

    select * from {{ ref('dim_period') }}

),

bounds as (

    select
        count(*) as month_count,
        min(month_start) as first_month,
        max(month_start) as last_month
    from periods

),

gaps as (

    select
        month_start,
        lead(month_start) over (order by month_start) as next_month_start
    from periods

),

final as (

    select
        'bounds' as problem,
        first_month as month_start
    from bounds
    where
        month_count <> 252
        or first_month <> date '2010-01-01'
        or last_month <> date '2030-12-01'

    union all

    select
        'gap' as problem,
        month_start
    from gaps
    where next_month_start <> (month_start + interval 1 month)::date

)

select * from final
