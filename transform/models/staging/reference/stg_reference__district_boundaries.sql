{#- The GeoJSON file is reference data shipped in the repo (not a landed extract), so it is
    read in place. It is read as text and parsed with the JSON functions rather than with
    read_json: DuckDB 2.x's read_json recognises GeoJSON and turns geometries into its own
    GEOMETRY type, while the warehouse keeps the file's geometry text exactly as published. -#}
with

source as (

    select unnest(json_extract(content, '$.features[*]')) as feature
    from read_text('{{ var("reference_dir") }}/balochistan_districts_census2023.geojson')

),

renamed as (

    select
        feature ->> '$.properties.pcode' as district_pcode,
        feature ->> '$.properties.cod_pcodes' as cod_pcodes,
        feature ->> '$.properties.district' as district_name_cod,
        feature ->> '$.properties.cod_names' as cod_names,
        feature ->> '$.properties.division' as division,
        (feature ->> '$.properties.area_km2_geodesic')::double as area_km2_geodesic,
        feature ->> '$.geometry.type' as geometry_type,
        (feature -> '$.geometry')::varchar as geometry_geojson

    from source

)

select * from renamed
