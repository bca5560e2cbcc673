with

quarantine as (
    select * from {{ ref('stg_landing__quarantine') }}
),

-- The landing step writes these as  unknown district: '<name as typed>'
-- (orchestration/lib/quarantine.py, resolve_districts).
unresolved as (
    select
        source_code,
        entity,
        partition_key,
        regexp_extract(reason, '^unknown district: ''(.*)''$', 1) as name_as_typed,
        suggestion
    from quarantine
    where trim(reason_kind) = 'unknown district'
),

final as (
    select
        source_code,
        name_as_typed,
        trim(name_as_typed) = '' as is_blank,
        count(*) as quarantined_rows,
        count(distinct partition_key) as partitions,
        string_agg(distinct entity, ', ' order by entity) as entities,
        min(partition_key) as first_partition_key,
        max(partition_key) as last_partition_key,
        -- The suggestion made at the latest load: alias tables may have grown since.
        arg_max(suggestion, partition_key) as suggested_match
    from unresolved
    group by source_code, name_as_typed
)

select * from final
