with

months as (

    select * from {{ ref('int_period__month_spine') }}

),

calendar as (

    select
        month_start,
        last_day(month_start) as month_end,
        year(month_start)::integer as year,
        month(month_start)::integer as month,
        strftime(month_start, '%B') as month_name,
        strftime(month_start, '%Y-%m') as year_month,
        strftime(month_start, '%b %Y') as month_label,
        quarter(month_start)::integer as quarter,
        date_trunc('quarter', month_start)::date as quarter_start,
        {{ fiscal_year_start('month_start') }}::integer as fiscal_year_start,
        {{ fiscal_year_label('month_start') }} as fiscal_year_label,
        {{ fiscal_quarter('month_start') }}::integer as fiscal_quarter,
        {{ fiscal_month('month_start') }}::integer as fiscal_month,
        day(last_day(month_start))::integer as days_in_month

    from months

),

final as (

    select
        month_start,
        month_end,
        year,
        month,
        month_name,
        year_month,
        month_label,
        quarter,
        year::varchar || '-Q' || quarter::varchar as quarter_label,
        quarter_start,
        fiscal_year_start,
        fiscal_year_label,
        fiscal_quarter,
        fiscal_year_label || ' Q' || fiscal_quarter::varchar as fiscal_quarter_label,
        fiscal_month,
        days_in_month

    from calendar

)

select * from final
