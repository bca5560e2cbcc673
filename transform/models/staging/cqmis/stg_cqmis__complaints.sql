with

source as (
    select * from {{ source('cqmis', 'complaints') }}
),

renamed as (
    select
        complaint_id,
        tracking_no,
        received_date,
        district_reported,
        district_unit,
        district_pcode,
        department as department_complained_against,
        category,
        channel,
        status as current_status,
        resolved_date,
        satisfaction as satisfaction_score,
        created_at,
        updated_at,
        "partition" as registration_month_partition
    from source
)

select * from renamed
