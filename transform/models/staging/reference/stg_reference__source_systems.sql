with

source as (

    select * from {{ ref('source_systems') }}

),

renamed as (

    select
        source_code,
        source_name,
        department_code,
        native_interface,
        grain,
        cadence,
        period_type,
        expected_by_day_of_period,
        scale_note

    from source

)

select * from renamed
