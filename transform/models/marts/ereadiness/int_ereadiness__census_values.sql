{#- Census 2023 literacy, the one input of the index that is the same in every year (value_kind
    fixed): the warehouse has no later district literacy. -#}
{{ config(materialized='view', schema='intermediate') }}

with

districts as (

    select * from {{ ref('dim_district') }}

),

final as (

    select
        'CEN_LITERACY_10PLUS_PCT' as indicator_code,
        district_pcode,
        null::integer as fiscal_year_start,
        null::double as numerator,
        null::double as denominator,
        literacy_rate_10plus_2023::double as value, -- noqa: RF04
        'fixed' as value_kind

    from districts

)

select * from final
