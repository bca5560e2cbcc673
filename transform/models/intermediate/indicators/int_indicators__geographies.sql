{#- One row per place an indicator is published for: the 34 districts, the 8 divisions and
    the province (PK2), with the Census-2023 population that rates per person divide by. -#}
with

districts as (

    select * from {{ ref('dim_district') }}

),

final as (

    select
        'district' as geo_level,
        district_pcode as geo_code,
        district_name as geo_name,
        division,
        district_pcode,
        population_2023

    from districts

    union all

    select
        'division' as geo_level,
        division as geo_code,
        division as geo_name,
        division,
        null as district_pcode,
        sum(population_2023)::bigint as population_2023

    from districts
    group by division

    union all

    select
        'province' as geo_level,
        'PK2' as geo_code,
        'Balochistan' as geo_name,
        null as division,
        null as district_pcode,
        sum(population_2023)::bigint as population_2023

    from districts

)

select * from final
