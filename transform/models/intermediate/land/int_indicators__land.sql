with

mutations as (

    select * from {{ ref('fct_land_mutations') }}

),

attested as (

    select * from mutations
    where mutation_status = 'attested'

),

district_rows as (

    select
        'LND_ATTESTED_WITHIN_30D_PCT' as indicator_code,
        'month' as period_type,
        attestation_month as period_start,
        district_pcode,
        count(*) filter (where is_attested_within_standard) as numerator,
        count(*) as denominator

    from attested
    group by attestation_month, district_pcode

),

observations as (

    select
        'LND_MEDIAN_DAYS_TO_ATTEST' as indicator_code,
        'month' as period_type,
        attestation_month as period_start,
        district_pcode,
        mutation_id as observation_id,
        days_to_attestation as observation

    from attested

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

medians as (

    {{ indicators_recompute('observations', value='median(observation)') }}

),

combined as (

    select * from summed
    union all
    select * from medians

),

final as (

    {{ indicators_finalise('combined') }}

)

select * from final
