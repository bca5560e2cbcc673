with

source as (
    select * from {{ source('ngomis', 'districts_of_operation') }}
),

renamed as (
    select
        cast(export_month as date) as export_month,
        registration_no,
        list_position,
        district_reported,
        district_unit,
        district_pcode,
        export_month = max(export_month) over () as is_latest_export
    from source
)

select * from renamed
