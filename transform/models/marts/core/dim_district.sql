with

districts as (

    select * from {{ ref('stg_reference__districts') }}

),

final as (

    select
        district_pcode,
        district_name,
        district_name_pbs,
        division,
        population_2023,
        population_2017_on_2023_boundaries,
        male_2023,
        female_2023,
        transgender_2023,
        urban_population_2023,
        urban_share_2023_pct,
        households_2023,
        area_km2,
        literacy_rate_10plus_2023,
        literacy_rate_10plus_male_2023,
        literacy_rate_10plus_female_2023,
        -- PBS area, not the polygon area: the COD polygons disagree with PBS (SOURCES.md).
        population_2023 / area_km2 as population_density_2023,
        cod_pcodes,
        provenance

    from districts

)

select * from final
