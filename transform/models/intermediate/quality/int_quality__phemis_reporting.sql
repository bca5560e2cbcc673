{#- Grain: one row per district × survey round after the first: schemes surveyed in the
    previous round (expected) and how many of them were surveyed again (received). -#}
with

surveys as (

    select * from {{ ref('fct_water_scheme_surveys') }}

),

units as (

    select
        period_start as round_start,
        scheme_id as unit_id,
        district_pcode,
        true as is_expected_next

    from surveys

),

final as (

    {{ quality_census_follow_up('phemis', 'select * from units', 'year') }}

)

select * from final
