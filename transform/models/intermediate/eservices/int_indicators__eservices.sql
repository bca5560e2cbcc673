with

services as (

    select * from {{ ref('fct_eservices') }}

),

portals as (

    select * from {{ ref('fct_eservice_portals') }}

),

-- The catalogue is a snapshot: it is dated by the month of its latest checklist assessment.
catalogue_month as (

    select
        coalesce(
            date_trunc('month', max(assessed_on)),
            date_trunc('month', current_date)
        )::date as period_start

    from portals

),

live_services as (

    select * from services
    where is_live

),

live_service_count as (

    select count(*)::double as live_services from live_services

),

stages as (

    select unnest(range(1, 6)) as stage_number

),

-- Province-wide figures (a null district): the catalogue is run by the IT Department for
-- the whole province.
province_rows as (

    select
        'ESV_LIVE_SERVICES' as indicator_code,
        count(*)::double as numerator,
        null::double as denominator

    from live_services

    union all

    select
        'ESV_SERVICES_STAGE' || stages.stage_number::varchar || '_PCT' as indicator_code,
        count(live_services.service_id)::double as numerator,
        any_value(live_service_count.live_services) as denominator

    from stages
    cross join live_service_count
    left join live_services
        on stages.stage_number = live_services.un_stage_number
    group by stages.stage_number

    union all

    select
        'ESV_PORTAL_CHECKLIST_SCORE' as indicator_code,
        sum(checklist_items_met)::double as numerator,
        sum(checklist_items_assessed)::double as denominator

    from portals
    where is_live

),

district_rows as (

    select
        province_rows.indicator_code,
        'month' as period_type,
        catalogue_month.period_start,
        null::varchar as district_pcode,
        province_rows.numerator,
        province_rows.denominator

    from province_rows
    cross join catalogue_month

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

final as (

    {{ indicators_finalise('summed') }}

)

select * from final
