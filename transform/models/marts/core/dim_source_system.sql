with

source_systems as (

    select * from {{ ref('stg_reference__source_systems') }}

),

departments as (

    select * from {{ ref('stg_reference__departments') }}

),

final as (

    select
        source_systems.source_code,
        source_systems.source_name,
        source_systems.department_code,
        departments.department_name,
        source_systems.native_interface,
        source_systems.grain,
        source_systems.cadence,
        source_systems.period_type,
        source_systems.expected_by_day_of_period,
        source_systems.scale_note

    from source_systems
    left join departments
        on source_systems.department_code = departments.department_code

)

select * from final
