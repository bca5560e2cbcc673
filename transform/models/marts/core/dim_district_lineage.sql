with

lineage as (

    select * from {{ ref('stg_reference__district_lineage') }}

),

districts as (

    select * from {{ ref('stg_reference__districts') }}

),

final as (

    select
        lineage.unit_name,
        lineage.event,
        lineage.parent_district_name,
        -- A former name (Bolan, renamed Kachhi) is not a Census-2023 district: its
        -- territory is that of the unit it was renamed to.
        coalesce(
            parent.district_pcode,
            case when lineage.event = 'renamed_from' then harmonised.district_pcode end
        ) as parent_district_pcode,
        parent.district_pcode is not null as is_parent_census_2023_district,
        lineage.harmonised_district_name,
        harmonised.district_pcode as harmonised_district_pcode,
        unit.district_pcode is not null as is_census_2023_district,
        lineage.effective_from,
        lineage.date_basis,
        lineage.note,
        lineage.provenance

    from lineage
    left join districts as parent
        on lineage.parent_district_name = parent.district_name
    left join districts as harmonised
        on lineage.harmonised_district_name = harmonised.district_name
    left join districts as unit
        on lineage.unit_name = unit.district_name

)

select * from final
