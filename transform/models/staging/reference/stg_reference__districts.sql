with

source as (

    select * from {{ ref('districts') }}

),

renamed as (

    select
        pcode as district_pcode,
        cod_pcodes,
        district as district_name,
        district_pbs as district_name_pbs,
        cod_names,
        division,
        population_2023,
        male_2023,
        female_2023,
        transgender_2023,
        urban_population_2023,
        urban_share_2023_pct,
        households_2023,
        population_2017_on_2023_boundaries,
        area_km2,
        literacy_rate_10plus_2023,
        literacy_rate_10plus_male_2023,
        literacy_rate_10plus_female_2023,
        area_km2_boundary_geodesic,
        source as provenance

    from source

)

select * from renamed
