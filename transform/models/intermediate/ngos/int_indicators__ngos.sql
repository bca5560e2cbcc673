with

registrations as (

    select * from {{ ref('fct_ngo_registrations') }}

),

operating as (

    select * from {{ ref('fct_ngo_operating_districts') }}

),

geographies as (

    select * from {{ ref('int_indicators__geographies') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

-- One row per NGO and district it operates in, per export; an NGO that lists no district
-- keeps one row with a null district and counts in the province only.
ngo_districts as (

    select
        registrations.export_month,
        registrations.is_latest_export,
        registrations.registration_no,
        registrations.registration_status,
        registrations.registration_date,
        registrations.days_application_to_registration,
        operating.district_pcode

    from registrations
    left join operating
        on
            registrations.export_month = operating.export_month
            and registrations.registration_no = operating.registration_no

),

observations as (

    select
        'NGO_ACTIVE_PER_100K' as indicator_code,
        'month' as period_type,
        export_month as period_start,
        district_pcode,
        registration_no as observation_id,
        1.0 as observation

    from ngo_districts
    where registration_status = 'active'

    union all

    select
        'NGO_LAPSED_PCT' as indicator_code,
        'month' as period_type,
        export_month as period_start,
        district_pcode,
        registration_no as observation_id,
        case when registration_status = 'lapsed' then 1.0 else 0.0 end as observation

    from ngo_districts
    where registration_status in ('active', 'lapsed')

    union all

    -- The registry as it stands today (latest export), by year of registration; years
    -- before the warehouse calendar (dim_period) are left out.
    select
        'NGO_MEDIAN_DAYS_TO_REGISTER' as indicator_code,
        'year' as period_type,
        date_trunc('year', registration_date)::date as period_start,
        district_pcode,
        registration_no as observation_id,
        days_application_to_registration as observation

    from ngo_districts
    where
        is_latest_export
        and date_trunc('year', registration_date)::date in (select periods.month_start from periods)

),

active_counts as (

    {{ indicators_recompute(
        "(select * from observations where indicator_code = 'NGO_ACTIVE_PER_100K')",
        value='null::double', numerator='count(*)::double', denominator='null::double'
    ) }}

),

-- Every place in every export month: a district where no active NGO works has 0.
active_rates as (

    select
        'NGO_ACTIVE_PER_100K' as indicator_code,
        geographies.geo_level,
        geographies.geo_code,
        'month' as period_type,
        export_months.period_start,
        coalesce(active_counts.numerator, 0)::double as numerator,
        geographies.population_2023::double as denominator,
        null::double as value -- noqa: RF04

    from (select distinct export_month as period_start from registrations) as export_months
    cross join geographies
    left join active_counts
        on
            export_months.period_start = active_counts.period_start
            and geographies.geo_level = active_counts.geo_level
            and geographies.geo_code = active_counts.geo_code

),

lapsed as (

    {{ indicators_recompute(
        "(select * from observations where indicator_code = 'NGO_LAPSED_PCT')",
        value='null::double', numerator='sum(observation)', denominator='count(*)::double'
    ) }}

),

days_to_register as (

    {{ indicators_recompute(
        "(select * from observations where indicator_code = 'NGO_MEDIAN_DAYS_TO_REGISTER')",
        value='median(observation)'
    ) }}

),

combined as (

    select * from active_rates
    union all
    select * from lapsed
    union all
    select * from days_to_register

),

final as (

    {{ indicators_finalise('combined') }}

)

select * from final
