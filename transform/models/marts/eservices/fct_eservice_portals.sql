with

portals as (

    select * from {{ ref('stg_eservices__portals') }}

),

checklist as (

    select * from {{ ref('stg_eservices__checklist') }}

),

services as (

    select * from {{ ref('stg_eservices__services') }}

),

scores as (

    select
        portal_id,
        count(*) as checklist_items_assessed,
        count(*) filter (where is_met) as checklist_items_met,
        max(assessed_on) as assessed_on

    from checklist
    group by portal_id

),

service_counts as (

    select
        portal_id,
        count(*) as services,
        count(*) filter (where service_status = 'live') as live_services,
        max(un_stage_number) filter (where service_status = 'live') as highest_live_un_stage

    from services
    group by portal_id

),

final as (

    select
        portals.portal_id,
        portals.portal_name,
        portals.department_code,
        portals.district_reported,
        portals.district_pcode,
        portals.channel,
        portals.portal_url,
        portals.portal_status,
        portals.portal_status = 'live' as is_live,
        portals.launched_on,
        coalesce(service_counts.services, 0) as services,
        coalesce(service_counts.live_services, 0) as live_services,
        service_counts.highest_live_un_stage,
        coalesce(scores.checklist_items_assessed, 0) as checklist_items_assessed,
        coalesce(scores.checklist_items_met, 0) as checklist_items_met,
        100.0 * scores.checklist_items_met / nullif(scores.checklist_items_assessed, 0)
            as checklist_score_pct,
        scores.assessed_on,
        portals.is_synthetic,
        portals.catalogue_version

    from portals
    left join scores
        on portals.portal_id = scores.portal_id
    left join service_counts
        on portals.portal_id = service_counts.portal_id

)

select * from final
