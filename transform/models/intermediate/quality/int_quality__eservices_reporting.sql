{#- Grain: one row, the province in the month of the latest checklist assessment: live
    portals × checklist indicators (expected answers) and answers recorded (received). -#}
with

portals as (

    select * from {{ ref('stg_eservices__portals') }}

),

checklist as (

    select * from {{ ref('stg_eservices__checklist') }}

),

indicators as (

    select * from {{ ref('losi_indicators') }}

),

live_portals as (

    select portal_id from portals
    where portal_status = 'live'

),

final as (

    select
        'eservices' as source_code,
        'month' as period_type,
        coalesce(
            (select date_trunc('month', max(assessed_on)) from checklist),
            date_trunc('month', current_date)
        )::date as period_start,
        null::varchar as district_pcode,
        (select count(*) from live_portals) * (select count(*) from indicators) as expected,
        (
            select count(*) from checklist
            where portal_id in (select live_portals.portal_id from live_portals)
        ) as received,
        null::bigint as on_time

)

select * from final
