with

source as (
    select * from {{ source('ngomis', 'registrations') }}
),

renamed as (
    select
        cast(export_month as date) as export_month,
        registration_no,
        ngo_name,
        lower(sector) as sector,
        districts_of_operation as districts_of_operation_reported,
        application_date,
        registration_date,
        renewal_date as last_renewal_date,
        status as registration_status,
        datediff('day', application_date, registration_date) as days_application_to_registration,
        -- Every export is a full snapshot; the latest one is the registry today.
        export_month = max(export_month) over () as is_latest_export
    from source
)

select * from renamed
