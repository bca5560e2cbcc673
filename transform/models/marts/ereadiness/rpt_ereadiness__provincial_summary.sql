{#- One row: the province's position on the UN five-stage model now (the median stage of its
    live online services, and how far services and departments have reached the stage the
    report expected next) beside the need assessment's own finding. -#}

with

provincial_stage as (

    select * from {{ ref('rpt_ereadiness__provincial_stage') }}

),

services as (

    select * from {{ ref('fct_eservices') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

baseline as (

    select * from {{ ref('ereadiness_report_baseline') }}
    where baseline_code = 'PROVINCE_STAGE'

),

stages as (

    select * from {{ ref('un_egov_stages') }}

),

current_position as (

    select
        sum(live_services_at_stage) as live_services,
        max(stage_number) filter (where is_current_median_stage) as median_stage_number,
        max(stage_number) filter (where is_current_highest_stage) as highest_stage_number

    from provincial_stage

),

catalogue as (

    select
        count(distinct department_code) filter (where is_live) as departments_with_live_services,
        max(catalogue_version) as catalogue_version

    from services

),

final as (

    select
        baseline.stage_number as report_stage_number,
        report_stage.stage as report_stage,
        baseline.next_stage_number as report_next_stage_number,
        report_next_stage.stage as report_next_stage,
        baseline.finding as report_finding,
        baseline.source as report_source,
        current_position.live_services::integer as live_services,
        catalogue.departments_with_live_services::integer as departments_with_live_services,
        (select count(*) from departments)::integer as departments,
        current_position.median_stage_number::integer as median_stage_number,
        median_stage.stage as median_stage,
        current_position.highest_stage_number::integer as highest_stage_number,
        highest_stage.stage as highest_stage,
        next_stage_row.share_at_or_above as share_at_or_above_report_next_stage,
        next_stage_row.departments_at_or_above as departments_at_or_above_report_next_stage,
        case
            when current_position.median_stage_number is null then 'No live services'
            when current_position.median_stage_number > baseline.stage_number
                then 'Beyond the report''s stage'
            when current_position.median_stage_number = baseline.stage_number
                then 'At the report''s stage'
            else 'Below the report''s stage'
        end as progress_since_report,
        catalogue.catalogue_version

    from baseline
    cross join current_position
    cross join catalogue
    left join stages as report_stage
        on baseline.stage_number = report_stage.stage_number
    left join stages as report_next_stage
        on baseline.next_stage_number = report_next_stage.stage_number
    left join stages as median_stage
        on current_position.median_stage_number = median_stage.stage_number
    left join stages as highest_stage
        on current_position.highest_stage_number = highest_stage.stage_number
    left join provincial_stage as next_stage_row
        on baseline.next_stage_number = next_stage_row.stage_number

)

select * from final
