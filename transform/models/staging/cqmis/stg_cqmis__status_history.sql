with

source as (
    select * from {{ source('cqmis', 'status_history') }}
),

renamed as (
    select
        event_id,
        complaint_id,
        status,
        changed_at,
        remarks
    from source
)

select * from renamed
