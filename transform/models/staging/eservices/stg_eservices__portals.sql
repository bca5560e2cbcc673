with

source as (
    select * from {{ source('eservices', 'portals') }}
),

renamed as (
    select
        portal_id,
        department_code,
        district_reported,
        district_pcode,
        portal_name,
        channel,
        url as portal_url,
        status as portal_status,
        launched_on,
        is_synthetic,
        source_note,
        catalogue_version
    from source
)

select * from renamed
