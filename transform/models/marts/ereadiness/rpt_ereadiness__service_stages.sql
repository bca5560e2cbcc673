{#- Every service of the e-services catalogue on the UN five-stage model, with the stage's
    definition and where it stands against the need assessment's finding for the province. -#}

with

services as (

    select * from {{ ref('fct_eservices') }}

),

stages as (

    select * from {{ ref('un_egov_stages') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

baseline as (

    select * from {{ ref('ereadiness_report_baseline') }}
    where baseline_code = 'PROVINCE_STAGE'

),

final as (

    select
        services.service_id,
        services.service_name,
        services.department_code,
        departments.department_name,
        services.portal_id,
        services.portal_name,
        services.district_pcode,
        districts.district_name,
        case when services.district_pcode is null then 'Province-wide' else 'District' end
            as reach,
        services.channel,
        services.service_status,
        services.is_live,
        services.launched_on,
        services.un_stage_number,
        services.un_stage,
        stages.definition as stage_definition,
        services.stage_basis,
        baseline.stage_number as report_stage_number,
        services.un_stage_number > baseline.stage_number as is_beyond_report_stage,
        services.is_synthetic,
        services.catalogue_version

    from services
    left join stages
        on services.un_stage_number = stages.stage_number
    left join departments
        on services.department_code = departments.department_code
    left join districts
        on services.district_pcode = districts.district_pcode
    cross join baseline

)

select * from final
