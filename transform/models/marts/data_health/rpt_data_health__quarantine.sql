with

quarantine as (
    select * from {{ ref('stg_landing__quarantine') }}
),

counted as (
    select
        source_code,
        entity,
        partition_key,
        trim(reason_kind) as reason_kind,
        count(*) as quarantined_rows,
        count(distinct reason) as distinct_reasons,
        count(suggestion) as rows_with_suggestion
    from quarantine
    group by source_code, entity, partition_key, trim(reason_kind)
),

-- The first quarantined row of each kind, as a person reading the file would meet it.
examples as (
    select
        source_code,
        entity,
        partition_key,
        trim(reason_kind) as reason_kind,
        origin as example_origin,
        source_row_number as example_row_number,
        reason as example_reason,
        suggestion as example_suggestion
    from quarantine
    qualify row_number() over (
        partition by source_code, entity, partition_key, trim(reason_kind)
        order by source_row_number nulls last, reason
    ) = 1
),

final as (
    select
        counted.source_code,
        counted.entity,
        counted.partition_key,
        counted.reason_kind,
        counted.quarantined_rows,
        counted.distinct_reasons,
        counted.rows_with_suggestion,
        examples.example_reason,
        examples.example_suggestion,
        examples.example_origin,
        examples.example_row_number
    from counted
    inner join examples
        on
            counted.source_code = examples.source_code
            and counted.entity = examples.entity
            and counted.partition_key = examples.partition_key
            and counted.reason_kind = examples.reason_kind
)

select * from final
