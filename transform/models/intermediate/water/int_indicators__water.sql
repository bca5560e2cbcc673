with

surveys as (

    select * from {{ ref('fct_water_scheme_surveys') }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

rounds as (

    select distinct period_start from surveys

),

by_district as (

    select
        period_start,
        district_pcode,
        count(*) as schemes_surveyed,
        count(*) filter (where is_functional) as schemes_functional,
        coalesce(sum(design_population) filter (where is_functional), 0)
            as design_population_functional

    from surveys
    group by period_start, district_pcode

),

-- Every district in every round: a district without a working scheme serves nobody (0),
-- and its people still count in the division's and province's denominator.
district_rounds as (

    select
        rounds.period_start,
        districts.district_pcode,
        districts.population_2023,
        by_district.schemes_surveyed,
        by_district.schemes_functional,
        coalesce(by_district.design_population_functional, 0) as design_population_functional

    from rounds
    cross join districts
    left join by_district
        on
            rounds.period_start = by_district.period_start
            and districts.district_pcode = by_district.district_pcode

),

district_rows as (

    select
        'WAT_SCHEMES_FUNCTIONAL_PCT' as indicator_code,
        'year' as period_type,
        period_start,
        district_pcode,
        schemes_functional as numerator,
        schemes_surveyed as denominator

    from district_rounds
    where schemes_surveyed is not null

    union all

    select
        'WAT_DESIGN_POP_SERVED_PER_1000' as indicator_code,
        'year' as period_type,
        period_start,
        district_pcode,
        design_population_functional as numerator,
        population_2023 as denominator

    from district_rounds

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

final as (

    {{ indicators_finalise('summed') }}

)

select * from final
