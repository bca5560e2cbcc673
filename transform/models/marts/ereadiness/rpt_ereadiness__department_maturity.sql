{#- Every department on the UN five-stage model (the highest stage its live services reach)
    and on the three axes the need assessment assessed: intra-department computerisation,
    inter-department connectivity and information published for the public, each 0-1 and
    banded like the EGDI. -#}

with

departments as (

    select * from {{ ref('dim_department') }}

),

services as (

    select * from {{ ref('fct_eservices') }}

),

portals as (

    select * from {{ ref('fct_eservice_portals') }}

),

employees as (

    select * from {{ ref('fct_hr_employees_monthly') }}
    where not is_deleted_at_source

),

source_systems as (

    select * from {{ ref('dim_source_system') }}

),

loads as (

    select * from {{ ref('rpt_data_health__loads') }}

),

stages as (

    select * from {{ ref('un_egov_stages') }}

),

bands as (

    select * from {{ ref('ereadiness_bands') }}

),

service_stats as (

    select
        department_code,
        count(*) as services,
        count(*) filter (where is_live) as live_services,
        count(*) filter (where service_status = 'planned') as planned_services,
        count(*) filter (where is_live and un_stage_number = 1) as live_stage_1,
        count(*) filter (where is_live and un_stage_number = 2) as live_stage_2,
        count(*) filter (where is_live and un_stage_number = 3) as live_stage_3,
        count(*) filter (where is_live and un_stage_number = 4) as live_stage_4,
        count(*) filter (where is_live and un_stage_number = 5) as live_stage_5,
        max(un_stage_number) filter (where is_live) as highest_live_stage_number,
        quantile_disc(un_stage_number, 0.5) filter (where is_live) as median_live_stage_number

    from services
    group by department_code

),

portal_stats as (

    select
        department_code,
        count(*) filter (where is_live and channel = 'intranet') as live_internal_systems,
        count(*) filter (where is_live and channel = 'web_portal') as live_web_portals,
        sum(checklist_items_met) filter (where is_live and channel = 'web_portal')
            as checklist_items_met,
        sum(checklist_items_assessed) filter (where is_live and channel = 'web_portal')
            as checklist_items_assessed

    from portals
    group by department_code

),

latest_snapshot as (

    select max(snapshot_month) as snapshot_month
    from employees

),

-- The HR MIS's latest month-end snapshot.
latest_staff as (

    select
        employees.department_code,
        count(*) as employees,
        count(*) filter (where employees.it_trained) as employees_it_trained

    from employees
    inner join latest_snapshot
        on employees.snapshot_month = latest_snapshot.snapshot_month
    group by employees.department_code

),

delivered_sources as (

    select distinct source_code
    from loads
    where rows_loaded > 0

),

-- A department's systems that deliver data to the provincial warehouse.
delivering as (

    select
        source_systems.department_code,
        count(*) as source_systems,
        count(delivered_sources.source_code) as source_systems_delivering

    from source_systems
    left join delivered_sources
        on source_systems.source_code = delivered_sources.source_code
    group by source_systems.department_code

),

measures as (

    select
        departments.department_code,
        departments.department_name,
        departments.short_name,
        coalesce(service_stats.services, 0) as services,
        coalesce(service_stats.live_services, 0) as live_services,
        coalesce(service_stats.planned_services, 0) as planned_services,
        coalesce(service_stats.live_stage_1, 0) as live_stage_1,
        coalesce(service_stats.live_stage_2, 0) as live_stage_2,
        coalesce(service_stats.live_stage_3, 0) as live_stage_3,
        coalesce(service_stats.live_stage_4, 0) as live_stage_4,
        coalesce(service_stats.live_stage_5, 0) as live_stage_5,
        service_stats.highest_live_stage_number,
        service_stats.median_live_stage_number,
        coalesce(portal_stats.live_internal_systems, 0) as live_internal_systems,
        coalesce(portal_stats.live_web_portals, 0) as live_web_portals,
        latest_staff.employees,
        latest_staff.employees_it_trained,
        latest_staff.employees_it_trained::double / nullif(latest_staff.employees, 0)
            as it_trained_share,
        coalesce(delivering.source_systems, 0) as source_systems,
        coalesce(delivering.source_systems_delivering, 0) as source_systems_delivering,
        delivering.source_systems_delivering::double / nullif(delivering.source_systems, 0)
            as warehouse_delivery_share,
        coalesce(service_stats.live_stage_5, 0) > 0 as has_connected_service,
        portal_stats.checklist_items_met,
        portal_stats.checklist_items_assessed

    from departments
    left join service_stats
        on departments.department_code = service_stats.department_code
    left join portal_stats
        on departments.department_code = portal_stats.department_code
    left join latest_staff
        on departments.department_code = latest_staff.department_code
    left join delivering
        on departments.department_code = delivering.department_code

),

-- Each axis is the mean of the measures the department has (null ones left out).
axes as (

    select
        *,
        (
            (case when live_internal_systems > 0 then 1.0 else 0.0 end)
            + coalesce(it_trained_share, 0)
        ) / (1 + case when it_trained_share is null then 0 else 1 end)
            as intra_department_computerisation,
        (
            (case when has_connected_service then 1.0 else 0.0 end)
            + coalesce(warehouse_delivery_share, 0)
        ) / (1 + case when warehouse_delivery_share is null then 0 else 1 end)
            as inter_department_connectivity,
        -- No live web portal: nothing published online (0). Portals never assessed: unknown.
        case
            when live_web_portals = 0 then 0.0
            else checklist_items_met::double / nullif(checklist_items_assessed, 0)
        end as public_information

    from measures

),

final as (

    select
        axes.department_code,
        axes.department_name,
        axes.short_name,
        axes.services::integer as services,
        axes.live_services::integer as live_services,
        axes.planned_services::integer as planned_services,
        axes.live_stage_1::integer as live_stage_1,
        axes.live_stage_2::integer as live_stage_2,
        axes.live_stage_3::integer as live_stage_3,
        axes.live_stage_4::integer as live_stage_4,
        axes.live_stage_5::integer as live_stage_5,
        axes.highest_live_stage_number::integer as stage_number,
        highest.stage,
        axes.median_live_stage_number::integer as median_live_stage_number,
        axes.live_internal_systems::integer as live_internal_systems,
        axes.live_web_portals::integer as live_web_portals,
        axes.employees::bigint as employees,
        axes.employees_it_trained::bigint as employees_it_trained,
        axes.it_trained_share,
        axes.source_systems::integer as source_systems,
        axes.source_systems_delivering::integer as source_systems_delivering,
        axes.warehouse_delivery_share,
        axes.has_connected_service,
        axes.checklist_items_assessed::bigint as checklist_items_assessed,
        axes.checklist_items_met::bigint as checklist_items_met,
        axes.intra_department_computerisation,
        intra_band.band as intra_department_computerisation_band,
        axes.inter_department_connectivity,
        inter_band.band as inter_department_connectivity_band,
        axes.public_information,
        coalesce(public_band.band, 'Not assessed') as public_information_band,
        (
            axes.intra_department_computerisation
            + axes.inter_department_connectivity
            + axes.public_information
        ) / 3 as maturity_score

    from axes
    left join stages as highest
        on axes.highest_live_stage_number = highest.stage_number
    {%- for alias, column in [
        ('intra_band', 'intra_department_computerisation'),
        ('inter_band', 'inter_department_connectivity'),
        ('public_band', 'public_information')
    ] %}
        left join bands as {{ alias }}
            on
                (
                    round(axes.{{ column }}, 9) > {{ alias }}.lower_bound
                    or (
                        {{ alias }}.lower_inclusive
                        and round(axes.{{ column }}, 9) = {{ alias }}.lower_bound
                    )
                )
                and (
                    round(axes.{{ column }}, 9) < {{ alias }}.upper_bound
                    or (
                        {{ alias }}.upper_inclusive
                        and round(axes.{{ column }}, 9) = {{ alias }}.upper_bound
                    )
                )
    {%- endfor %}

)

select * from final
