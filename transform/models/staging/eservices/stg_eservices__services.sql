with

source as (
    select * from {{ source('eservices', 'services') }}
),

renamed as (
    select
        service_id,
        portal_id,
        department_code,
        service_name,
        channel,
        url as service_url,
        status as service_status,
        launched_on,
        un_stage,
        cast(un_stage_number as integer) as un_stage_number,
        stage_basis,
        is_synthetic,
        source_note,
        catalogue_version
    from source
)

select * from renamed
