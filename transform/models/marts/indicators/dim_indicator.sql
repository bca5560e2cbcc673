with

registry as (

    select * from {{ ref('indicator_registry') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

source_systems as (

    select * from {{ ref('dim_source_system') }}

),

final as (

    select
        registry.indicator_code,
        registry.name as indicator_name,
        registry.domain,
        registry.department_code,
        departments.department_name,
        registry.source_code,
        source_systems.source_name,
        registry.numerator_definition,
        registry.denominator_definition,
        registry.factor,
        registry.unit,
        registry.direction,
        registry.direction = 'higher_is_better' as higher_is_better,
        registry.periodicity,
        registry.aggregation,
        registry.definition,
        registry.assumptions

    from registry
    left join departments
        on registry.department_code = departments.department_code
    left join source_systems
        on registry.source_code = source_systems.source_code

)

select * from final
