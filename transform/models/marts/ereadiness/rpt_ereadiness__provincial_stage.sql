{#- The province on the UN five-stage model today, one row per stage, set against the need
    assessment's finding (at the second stage, moving toward the third): how many live
    services and departments have reached each stage. -#}

with

services as (

    select * from {{ ref('fct_eservices') }}
    where is_live

),

stages as (

    select * from {{ ref('un_egov_stages') }}

),

baseline as (

    select * from {{ ref('ereadiness_report_baseline') }}
    where baseline_code = 'PROVINCE_STAGE'

),

department_highest as (

    select
        department_code,
        max(un_stage_number) as highest_stage_number

    from services
    group by department_code

),

totals as (

    select
        count(*) as live_services,
        quantile_disc(un_stage_number, 0.5) as median_stage_number,
        max(un_stage_number) as highest_stage_number

    from services

),

per_stage as (

    select
        stages.stage_number,
        stages.stage,
        stages.definition,
        count(services.service_id) as live_services_at_stage

    from stages
    left join services
        on stages.stage_number = services.un_stage_number
    group by stages.stage_number, stages.stage, stages.definition

),

per_stage_departments as (

    select
        stages.stage_number,
        count(*) filter (
            where department_highest.highest_stage_number = stages.stage_number
        ) as departments_highest_at_stage,
        count(*) filter (
            where department_highest.highest_stage_number >= stages.stage_number
        ) as departments_at_or_above

    from stages
    cross join department_highest
    group by stages.stage_number

),

final as (

    select
        per_stage.stage_number::integer as stage_number,
        per_stage.stage,
        per_stage.definition,
        per_stage.live_services_at_stage::integer as live_services_at_stage,
        per_stage.live_services_at_stage::double / nullif(totals.live_services, 0)
            as share_of_live_services,
        sum(per_stage.live_services_at_stage) over (
            order by per_stage.stage_number desc
        )::integer as live_services_at_or_above,
        sum(per_stage.live_services_at_stage) over (
            order by per_stage.stage_number desc
        )::double / nullif(totals.live_services, 0) as share_at_or_above,
        coalesce(per_stage_departments.departments_highest_at_stage, 0)::integer
            as departments_highest_at_stage,
        coalesce(per_stage_departments.departments_at_or_above, 0)::integer
            as departments_at_or_above,
        per_stage.stage_number = baseline.stage_number as is_report_stage,
        per_stage.stage_number = baseline.next_stage_number as is_report_next_stage,
        coalesce(per_stage.stage_number = totals.median_stage_number, false)
            as is_current_median_stage,
        coalesce(per_stage.stage_number = totals.highest_stage_number, false)
            as is_current_highest_stage

    from per_stage
    cross join totals
    cross join baseline
    left join per_stage_departments
        on per_stage.stage_number = per_stage_departments.stage_number

)

select * from final
