with

data_values as (

    select * from {{ ref('fct_health_data_values') }}

),

facility_months as (

    select * from {{ ref('fct_health_facility_months') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

months as (

    select distinct period_month from data_values
    union
    select distinct period_month from facility_months

),

-- Expected births and surviving infants in a month, per person (indicator_parameters).
demography as (

    select
        {{ indicator_parameter('CRUDE_BIRTH_RATE') }} / 1000.0 / 12 as births_per_person_month,
        {{ indicator_parameter('CRUDE_BIRTH_RATE') }} / 1000.0 / 12
        * (1 - {{ indicator_parameter('INFANT_MORTALITY_RATE') }} / 1000.0)
            as surviving_infants_per_person_month

),

counts as (

    select
        district_pcode,
        period_month,
        sum(value) filter (where data_element_code = 'OPD_NEW') as opd_new,
        sum(value) filter (where data_element_code = 'ANC1') as anc1,
        sum(value) filter (where data_element_code = 'ANC4') as anc4,
        sum(value) filter (where data_element_code = 'DEL_SBA') as deliveries_sba,
        sum(value) filter (
            where data_element_code = 'PENTA1' and category_option_combo_name = '<12 months'
        ) as penta1_under_1,
        sum(value) filter (
            where data_element_code = 'PENTA3' and category_option_combo_name = '<12 months'
        ) as penta3_under_1,
        sum(value) filter (where data_element_code = 'MAL_CONFIRMED') as malaria_confirmed,
        sum(value) filter (where data_element_code = 'MAL_TESTED') as malaria_tested

    from data_values
    group by district_pcode, period_month

),

facility_equipment as (

    select
        district_pcode,
        period_month,
        org_unit_id,
        max(value) filter (where data_element_code = 'COMPUTERS') as computers,
        max(value) filter (where data_element_code = 'INTERNET') as internet

    from data_values
    where data_element_code in ('COMPUTERS', 'INTERNET')
    group by district_pcode, period_month, org_unit_id

),

equipment as (

    select
        district_pcode,
        period_month,
        count(*) as facilities_reporting_equipment,
        count(*) filter (where computers >= 1 and internet = 1) as facilities_computer_internet

    from facility_equipment
    group by district_pcode, period_month

),

reporting as (

    select
        district_pcode,
        period_month,
        count(*) filter (where is_expected) as reports_expected,
        count(*) filter (where is_expected and has_reported) as reports_received,
        count(*) filter (where is_expected and is_on_time) as reports_on_time

    from facility_months
    group by district_pcode, period_month

),

district_months as (

    select
        months.period_month,
        districts.district_pcode,
        districts.population_2023,
        districts.population_2023 * demography.births_per_person_month as expected_births,
        districts.population_2023 * demography.surviving_infants_per_person_month
            as expected_surviving_infants,
        coalesce(counts.opd_new, 0) as opd_new,
        coalesce(counts.anc1, 0) as anc1,
        coalesce(counts.anc4, 0) as anc4,
        coalesce(counts.deliveries_sba, 0) as deliveries_sba,
        coalesce(counts.penta1_under_1, 0) as penta1_under_1,
        coalesce(counts.penta3_under_1, 0) as penta3_under_1,
        coalesce(counts.malaria_confirmed, 0) as malaria_confirmed,
        coalesce(counts.malaria_tested, 0) as malaria_tested,
        coalesce(equipment.facilities_reporting_equipment, 0) as facilities_reporting_equipment,
        coalesce(equipment.facilities_computer_internet, 0) as facilities_computer_internet,
        coalesce(reporting.reports_expected, 0) as reports_expected,
        coalesce(reporting.reports_received, 0) as reports_received,
        coalesce(reporting.reports_on_time, 0) as reports_on_time

    from months
    cross join districts
    cross join demography
    left join counts
        on
            months.period_month = counts.period_month
            and districts.district_pcode = counts.district_pcode
    left join equipment
        on
            months.period_month = equipment.period_month
            and districts.district_pcode = equipment.district_pcode
    left join reporting
        on
            months.period_month = reporting.period_month
            and districts.district_pcode = reporting.district_pcode

),

district_rows as (

    select
        measures.indicator_code,
        'month' as period_type,
        district_months.period_month as period_start,
        district_months.district_pcode,
        measures.numerator,
        measures.denominator

    from district_months
    cross join lateral (
        values
        -- Annualised by the registry factor (12): monthly count × 12 / population.
        ('HLT_OPD_PER_CAPITA', district_months.opd_new, district_months.population_2023),
        ('HLT_ANC1_COVERAGE_PCT', district_months.anc1, district_months.expected_births),
        ('HLT_ANC4_COVERAGE_PCT', district_months.anc4, district_months.expected_births),
        (
            'HLT_SKILLED_BIRTH_ATTENDANCE_PCT',
            district_months.deliveries_sba,
            district_months.expected_births
        ),
        (
            'HLT_PENTA3_COVERAGE_PCT',
            district_months.penta3_under_1,
            district_months.expected_surviving_infants
        ),
        (
            'HLT_PENTA1_3_DROPOUT_PCT',
            district_months.penta1_under_1 - district_months.penta3_under_1,
            district_months.penta1_under_1
        ),
        (
            'HLT_MALARIA_TEST_POSITIVITY_PCT',
            district_months.malaria_confirmed,
            district_months.malaria_tested
        ),
        (
            'HLT_FACILITIES_COMPUTER_INTERNET_PCT',
            district_months.facilities_computer_internet,
            district_months.facilities_reporting_equipment
        ),
        (
            'HLT_REPORTING_COMPLETENESS_PCT',
            district_months.reports_received,
            district_months.reports_expected
        ),
        (
            'HLT_REPORTING_TIMELINESS_PCT',
            district_months.reports_on_time,
            district_months.reports_expected
        )
    ) as measures (indicator_code, numerator, denominator)

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

final as (

    {{ indicators_finalise('summed') }}

)

select * from final
