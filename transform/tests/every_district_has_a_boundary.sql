-- A district without a polygon would be missing from every map. Returns those districts.
with

districts as (

    select * from {{ ref('dim_district') }}

),

boundaries as (

    select * from {{ ref('dim_district_boundary') }}

),

final as (

    select
        districts.district_pcode,
        districts.district_name
    from districts
    left join boundaries
        on districts.district_pcode = boundaries.district_pcode
    where boundaries.district_pcode is null

)

select * from final
