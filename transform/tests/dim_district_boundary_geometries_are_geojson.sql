-- Maps parse geometry_geojson as a GeoJSON geometry: it must be valid JSON with a polygon
-- type and a non-empty coordinates array. Returns the districts whose geometry is not.
with

boundaries as (

    select * from {{ ref('dim_district_boundary') }}

),

final as (

    select
        district_pcode,
        geometry_type
    from boundaries
    where
        not coalesce(json_valid(geometry_geojson), false)
        or geometry_geojson ->> '$.type' not in ('Polygon', 'MultiPolygon')
        or coalesce(json_array_length(geometry_geojson, '$.coordinates'), 0) = 0

)

select * from final
