with

source as (
    select * from {{ source('hrmis', 'deletions') }}
),

renamed as (
    select
        entity as deleted_entity,
        record_id,
        cast("partition" as date) as noticed_in_snapshot_month,
        detected_at,
        last_landed_record
    from source
)

select * from renamed
