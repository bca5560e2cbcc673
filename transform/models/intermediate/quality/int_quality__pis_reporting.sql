{#- Grain: one row per district (null for province-wide schemes) × fiscal quarter landed:
    schemes of the fiscal year's register not yet completed (expected to file a quarterly
    return) and those that did (received). -#}
with

schemes as (

    select * from {{ ref('stg_pis__schemes') }}

),

returns as (

    select * from {{ ref('stg_pis__scheme_progress') }}

),

quarters as (

    select distinct
        fiscal_year,
        quarter_start

    from returns

),

expected as (

    select
        quarters.quarter_start,
        schemes.scheme_id,
        schemes.district_pcode

    from schemes
    inner join quarters
        on schemes.fiscal_year = quarters.fiscal_year
    where schemes.scheme_status in ('new', 'ongoing')

),

final as (

    select
        'pis' as source_code,
        'quarter' as period_type,
        expected.quarter_start as period_start,
        expected.district_pcode,
        count(*)::bigint as expected,
        count(returns.scheme_id)::bigint as received,
        null::bigint as on_time

    from expected
    left join returns
        on
            expected.scheme_id = returns.scheme_id
            and expected.quarter_start = returns.quarter_start
    group by expected.quarter_start, expected.district_pcode

)

select * from final
