with

source as (
    select * from {{ source('bemis', 'schools') }}
),

renamed as (
    select
        census_year,
        cast(left(census_year, 4) as integer) as census_year_start,
        emis_code,
        school_name,
        district_reported,
        district_unit,
        district_pcode,
        tehsil,
        level as school_level,
        school_gender,
        location as urban_rural,
        functional_status,
        functional_status = 'functional' as is_functional,
        has_electricity,
        has_drinking_water,
        has_toilets,
        has_boundary_wall,
        has_it_lab,
        source_row_number
    from source
)

select * from renamed
