with

source as (
    select * from {{ source('landing', 'quarantine') }}
),

renamed as (
    select
        source as source_code,
        entity,
        partition_key,
        origin,
        row_number as source_row_number,
        reason,
        split_part(reason, ':', 1) as reason_kind,
        suggestion,
        raw_record
    from source
)

select * from renamed
