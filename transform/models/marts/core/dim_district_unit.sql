with

districts as (

    select * from {{ ref('stg_reference__districts') }}

),

lineage as (

    select * from {{ ref('dim_district_lineage') }}

),

census_districts as (

    select
        districts.district_name as unit_name,
        districts.district_pcode,
        districts.district_name as harmonised_district_name,
        true as is_census_2023_district,
        lineage.event,
        lineage.parent_district_name as related_district_name,
        lineage.effective_from

    from districts
    left join lineage
        on districts.district_name = lineage.unit_name

),

-- Sub-divisions and post-census districts (Hub, Usta Muhammad, Tump…) and Lehri.
other_units as (

    select
        unit_name,
        harmonised_district_pcode as district_pcode,
        harmonised_district_name,
        false as is_census_2023_district,
        event,
        parent_district_name as related_district_name,
        effective_from

    from lineage
    where not is_census_2023_district

),

-- A renamed district's old name still appears in older source years (Bolan for Kachhi).
former_names as (

    select
        lineage.parent_district_name as unit_name,
        lineage.harmonised_district_pcode as district_pcode,
        lineage.harmonised_district_name,
        false as is_census_2023_district,
        'renamed_to' as event,
        lineage.unit_name as related_district_name,
        lineage.effective_from

    from lineage
    where
        lineage.event = 'renamed_from'
        and not lineage.is_parent_census_2023_district
        and lineage.parent_district_name not in (
            select other_lineage.unit_name from lineage as other_lineage
        )

),

units as (

    select * from census_districts
    union all
    select * from other_units
    union all
    select * from former_names

),

final as (

    select
        unit_name,
        district_pcode,
        harmonised_district_name,
        is_census_2023_district,
        event,
        related_district_name,
        effective_from

    from units

)

select * from final
