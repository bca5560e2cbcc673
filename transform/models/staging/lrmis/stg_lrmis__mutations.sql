with

source as (
    select * from {{ source('lrmis', 'mutations') }}
),

renamed as (
    select
        cast(export_month as date) as export_month,
        mutation_id,
        mutation_type,
        mauza,
        tehsil,
        district_reported,
        district_unit,
        district_pcode,
        application_date,
        attestation_date,
        status as mutation_status,
        fee_pkr,
        datediff('day', application_date, attestation_date) as days_to_attestation,
        -- A mutation is exported every month its entry changes; the newest export holds
        -- its current state.
        row_number() over (
            partition by mutation_id order by export_month desc
        ) = 1 as is_latest_state
    from source
)

select * from renamed
