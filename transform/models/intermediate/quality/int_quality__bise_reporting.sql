{#- Grain: one row per exam year from the first landed to the latest (province): the SSC and
    HSSC annual gazettes expected (2), received when landed. -#}
with

results as (

    select * from {{ ref('stg_bise__results') }}

),

annual_gazettes as (

    select distinct
        make_date(exam_year, 1, 1) as period_start,
        exam

    from results
    where exam_session = 'annual'

),

final as (

    {{ quality_periodic_deliveries(
        'bise', 'select period_start from annual_gazettes', 'year', per_period=2
    ) }}

)

select * from final
