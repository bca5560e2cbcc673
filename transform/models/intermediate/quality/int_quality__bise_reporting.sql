{#- Grain: one row per exam year from the first landed to the latest (province): the SSC and
    HSSC annual gazettes expected (2), received when landed. -#}
with

results as (

    -- The fact holds the staged rows one for one, as a table: cheaper than the Parquet.
    select * from {{ ref('fct_exam_results') }}

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
