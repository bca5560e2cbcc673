with

registrations as (

    select * from {{ ref('stg_ngomis__registrations') }}

),

operating as (

    select * from {{ ref('stg_ngomis__districts_of_operation') }}

),

district_counts as (

    select
        export_month,
        registration_no,
        count(distinct district_pcode) as operating_districts

    from operating
    group by export_month, registration_no

),

final as (

    select
        registrations.export_month,
        registrations.is_latest_export,
        registrations.registration_no,
        registrations.ngo_name,
        registrations.sector,
        registrations.districts_of_operation_reported,
        coalesce(district_counts.operating_districts, 0) as operating_districts,
        registrations.application_date,
        registrations.registration_date,
        registrations.last_renewal_date,
        registrations.registration_status,
        registrations.days_application_to_registration

    from registrations
    left join district_counts
        on
            registrations.export_month = district_counts.export_month
            and registrations.registration_no = district_counts.registration_no

)

select * from final
