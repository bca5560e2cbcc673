with

basis as (

    select * from {{ ref('reporting_completeness_basis') }}

),

source_systems as (

    select * from {{ ref('dim_source_system') }}

),

final as (

    select
        source_systems.source_code,
        source_systems.source_name,
        coalesce(basis.is_measured, false) as is_measured,
        basis.geo_detail,
        basis.period_type,
        coalesce(basis.expected_basis, 'Not described yet.') as expected_basis,
        basis.received_basis,
        basis.on_time_basis

    from source_systems
    left join basis
        on source_systems.source_code = basis.source_code

)

select * from final
