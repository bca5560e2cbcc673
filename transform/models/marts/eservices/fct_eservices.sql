with

services as (

    select * from {{ ref('stg_eservices__services') }}

),

portals as (

    select * from {{ ref('stg_eservices__portals') }}

),

final as (

    select
        services.service_id,
        services.service_name,
        services.portal_id,
        portals.portal_name,
        services.department_code,
        -- Services of a district government's portal belong to that district; the rest
        -- are province-wide (null district).
        portals.district_reported,
        portals.district_pcode,
        services.channel,
        services.service_status,
        services.service_status = 'live' as is_live,
        services.launched_on,
        services.un_stage,
        services.un_stage_number,
        services.stage_basis,
        services.is_synthetic,
        services.catalogue_version

    from services
    left join portals
        on services.portal_id = portals.portal_id

)

select * from final
