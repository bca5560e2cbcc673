with

operating as (

    select * from {{ ref('stg_ngomis__districts_of_operation') }}

),

registrations as (

    select * from {{ ref('stg_ngomis__registrations') }}

),

final as (

    select
        operating.export_month,
        operating.is_latest_export,
        operating.registration_no,
        operating.list_position,
        operating.district_reported,
        operating.district_unit,
        operating.district_pcode,
        registrations.registration_status,
        registrations.registration_date,
        registrations.days_application_to_registration

    from operating
    inner join registrations
        on
            operating.export_month = registrations.export_month
            and operating.registration_no = registrations.registration_no

)

select * from final
