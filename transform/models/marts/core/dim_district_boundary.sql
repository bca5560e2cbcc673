with

boundaries as (

    select * from {{ ref('stg_reference__district_boundaries') }}

),

districts as (

    select * from {{ ref('stg_reference__districts') }}

),

final as (

    select
        boundaries.district_pcode,
        districts.district_name,
        districts.division,
        boundaries.cod_pcodes,
        boundaries.geometry_type,
        boundaries.area_km2_geodesic,
        boundaries.geometry_geojson

    from boundaries
    -- A left join so that a polygon with an unknown P-code surfaces as a failing
    -- not_null/relationships test instead of disappearing.
    left join districts
        on boundaries.district_pcode = districts.district_pcode

)

select * from final
