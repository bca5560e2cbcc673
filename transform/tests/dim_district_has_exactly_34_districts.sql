-- Census 2023 has 34 districts in Balochistan (PBS Table 1). Returns a row when it does not.
with

districts as (

    select * from {{ ref('dim_district') }}

),

final as (

    select count(*) as district_count
    from districts
    having count(*) <> 34

)

select * from final
