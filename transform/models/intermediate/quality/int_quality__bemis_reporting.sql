{#- Grain: one row per district × census year after the first: schools functional in the
    previous census (expected) and how many of them were counted again (received). -#}
with

schools as (

    select * from {{ ref('fct_school_census') }}

),

units as (

    select
        period_start as round_start,
        emis_code as unit_id,
        district_pcode,
        is_functional as is_expected_next

    from schools

),

final as (

    {{ quality_census_follow_up('bemis', 'select * from units', 'fiscal_year') }}

)

select * from final
