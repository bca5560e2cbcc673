{#- One row per health facility and month it owed a report (open that month) or sent one,
    over the months landed: the drill-down behind HMIS reporting completeness ("which
    facilities did not report"). -#}
with

org_units as (

    select * from {{ ref('stg_hmis__org_units') }}

),

registrations as (

    select * from {{ ref('stg_hmis__completeness') }}

),

data_values as (

    -- The fact holds the staged values one for one, as a table: cheaper than the Parquet.
    select * from {{ ref('fct_health_data_values') }}

),

facilities as (

    select * from org_units
    where is_facility

),

landed_months as (

    select distinct period_month from registrations
    union
    select distinct period_month from data_values

),

-- One monthly data set is expected of each facility; a registration for any data set
-- counts, the earliest completion deciding timeliness.
reports as (

    select
        org_unit_id,
        period_month,
        min(completed_at) as completed_at,
        bool_or(is_on_time) as is_on_time,
        min(days_late) as days_late

    from registrations
    where is_completed
    group by org_unit_id, period_month

),

values_sent as (

    select
        org_unit_id,
        period_month,
        count(*) as data_values

    from data_values
    group by org_unit_id, period_month

),

facility_months as (

    select
        facilities.org_unit_id,
        landed_months.period_month,
        facilities.opening_date <= last_day(landed_months.period_month)
        and (
            facilities.closed_date is null
            or facilities.closed_date >= landed_months.period_month
        ) as is_expected

    from facilities
    cross join landed_months

),

final as (

    select
        facility_months.period_month,
        facility_months.org_unit_id,
        facilities.org_unit_name as facility_name,
        facilities.facility_type,
        facilities.tehsil_name,
        facilities.district_reported,
        facilities.district_unit,
        facilities.district_pcode,
        facilities.opening_date,
        facilities.closed_date,
        coalesce(facility_months.is_expected, false) as is_expected,
        reports.org_unit_id is not null as has_reported,
        coalesce(reports.is_on_time, false) as is_on_time,
        reports.completed_at,
        reports.days_late,
        coalesce(values_sent.data_values, 0) as data_values_sent

    from facility_months
    inner join facilities
        on facility_months.org_unit_id = facilities.org_unit_id
    left join reports
        on
            facility_months.org_unit_id = reports.org_unit_id
            and facility_months.period_month = reports.period_month
    left join values_sent
        on
            facility_months.org_unit_id = values_sent.org_unit_id
            and facility_months.period_month = values_sent.period_month
    where coalesce(facility_months.is_expected, false) or reports.org_unit_id is not null

)

select * from final
