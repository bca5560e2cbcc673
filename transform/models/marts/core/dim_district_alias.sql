with

units as (

    select * from {{ ref('dim_district_unit') }}

),

districts as (

    select * from {{ ref('stg_reference__districts') }}

),

curated_aliases as (

    select * from {{ ref('stg_reference__district_aliases') }}

),

attested_aliases as (

    select * from {{ ref('stg_reference__aliases') }}

),

-- Every spelling that may name a unit, with the unit it names. The lower `priority` wins
-- when the same normalised spelling comes from several lists (it says how it is known).
spellings as (

    select
        unit_name as spelling,
        unit_name,
        1 as priority,
        'unit_name' as match_kind,
        'dim_district_unit' as provenance
    from units

    union all

    select
        district_name_pbs as spelling,
        district_name as unit_name,
        2 as priority,
        'pbs_spelling' as match_kind,
        'PBS Census 2023 Table 1' as provenance
    from districts

    union all

    select
        alias as spelling,
        canonical_name as unit_name,
        3 as priority,
        'alias' as match_kind,
        provenance
    from curated_aliases

    union all

    select
        alias as spelling,
        canonical_name as unit_name,
        4 as priority,
        'alias' as match_kind,
        provenance
    from attested_aliases

),

normalised as (

    select
        {{ normalise_district_name('spellings.spelling') }} as name_normalised,
        spellings.spelling,
        spellings.unit_name,
        units.district_pcode,
        units.harmonised_district_name,
        units.is_census_2023_district,
        spellings.priority,
        spellings.match_kind,
        spellings.provenance

    from spellings
    -- Left join: an alias whose canonical name is not a known unit keeps a null P-code and
    -- fails the not_null test rather than vanishing.
    left join units
        on spellings.unit_name = units.unit_name

),

-- Grouped by (normalised name, harmonised P-code), not by name alone: a spelling that two
-- lists send to different districts stays as two rows and fails the uniqueness test
-- instead of being silently resolved. Two names for the same territory (Bolan the former
-- district, Bolan the alias of Kachhi) agree and collapse into one row, described by the
-- best-ranked spelling.
ranked as (

    select
        *,
        row_number() over (
            partition by name_normalised, district_pcode
            order by priority, unit_name, spelling
        ) as rank_in_name

    from normalised

),

collected as (

    select
        name_normalised,
        district_pcode,
        string_agg(distinct spelling, ' | ' order by spelling) as spellings,
        string_agg(distinct provenance, ' | ' order by provenance) as provenance

    from normalised
    group by name_normalised, district_pcode

),

final as (

    select
        ranked.name_normalised,
        ranked.district_pcode,
        ranked.unit_name,
        ranked.harmonised_district_name,
        ranked.is_census_2023_district as is_unit_census_2023_district,
        ranked.match_kind,
        collected.spellings,
        collected.provenance

    from ranked
    inner join collected
        on
            ranked.name_normalised is not distinct from collected.name_normalised
            and ranked.district_pcode is not distinct from collected.district_pcode
    where ranked.rank_in_name = 1

)

select * from final
