with

mutations as (

    select * from {{ ref('stg_lrmis__mutations') }}

),

first_seen as (

    select
        mutation_id,
        min(export_month) as first_export_month

    from mutations
    group by mutation_id

),

final as (

    select
        mutations.mutation_id,
        mutations.mutation_type,
        mutations.mauza,
        mutations.tehsil,
        mutations.district_reported,
        mutations.district_unit,
        mutations.district_pcode,
        mutations.application_date,
        date_trunc('month', mutations.application_date)::date as application_month,
        mutations.attestation_date,
        date_trunc('month', mutations.attestation_date)::date as attestation_month,
        mutations.mutation_status,
        mutations.fee_pkr,
        mutations.days_to_attestation,
        mutations.days_to_attestation <= {{ indicator_parameter('ATTESTATION_STANDARD_DAYS') }}
            as is_attested_within_standard,
        first_seen.first_export_month,
        mutations.export_month as latest_export_month

    from mutations
    inner join first_seen
        on mutations.mutation_id = first_seen.mutation_id
    where mutations.is_latest_state

)

select * from final
