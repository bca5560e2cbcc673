{#- Grain: one row per district × month: facilities expected to report (open that month),
    reports received from them and received on time. -#}
with

facility_months as (

    select * from {{ ref('fct_health_facility_months') }}

),

final as (

    select
        'hmis' as source_code,
        'month' as period_type,
        period_month as period_start,
        district_pcode,
        count(*) filter (where is_expected)::bigint as expected,
        count(*) filter (where is_expected and has_reported)::bigint as received,
        count(*) filter (where is_expected and is_on_time)::bigint as on_time

    from facility_months
    group by period_month, district_pcode

)

select * from final
