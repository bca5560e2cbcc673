{#- School enrolment set against the Census-2023 population, per school census year (keyed to
    the fiscal year of the same name). The registry holds enrolment counts only; a count is
    not comparable across districts of different sizes. -#}
{{ config(materialized='view', schema='intermediate') }}

with

schools as (

    select * from {{ ref('fct_school_census') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

enrolment as (

    select
        district_pcode,
        census_year_start as fiscal_year_start,
        sum(enrolment_total) as pupils

    from schools
    group by district_pcode, census_year_start

),

final as (

    select
        'EDU_PUPILS_PER_100_PEOPLE' as indicator_code,
        enrolment.district_pcode,
        enrolment.fiscal_year_start::integer as fiscal_year_start,
        enrolment.pupils::double as numerator,
        districts.population_2023::double as denominator,
        100.0 * enrolment.pupils / nullif(districts.population_2023, 0) as value, -- noqa: RF04
        'annual' as value_kind

    from enrolment
    inner join districts
        on enrolment.district_pcode = districts.district_pcode

)

select * from final
