-- The PBS Census 2023 Table 1 area of Balochistan is 347,190 km².
with

districts as (

    select * from {{ ref('dim_district') }}

),

final as (

    select sum(area_km2) as area_km2
    from districts
    having sum(area_km2) is distinct from 347190

)

select * from final
