-- Every indicator in rpt_indicator_values is in the registry, and every registry indicator
-- whose source has landed (a data.parquet under the landing zone) has values. Returns the
-- offending indicators.
with

registry as (

    select * from {{ ref('indicator_registry') }}

),

indicator_values as (

    select distinct indicator_code from {{ ref('rpt_indicator_values') }}

),

landed_sources as (

    select distinct split_part(file, '/', -4) as source_code
    from glob('{{ var("landing_dir") }}/*/*/*/data.parquet')

),

not_in_registry as (

    select
        indicator_values.indicator_code,
        'in rpt_indicator_values but not in the registry' as problem
    from indicator_values
    left join registry
        on indicator_values.indicator_code = registry.indicator_code
    where registry.indicator_code is null

),

missing_values as (

    select
        registry.indicator_code,
        'source ' || registry.source_code || ' has landed but the indicator has no values'
            as problem
    from registry
    inner join landed_sources
        on registry.source_code = landed_sources.source_code
    left join indicator_values
        on registry.indicator_code = indicator_values.indicator_code
    where indicator_values.indicator_code is null

)

select * from not_in_registry
union all
select * from missing_values
