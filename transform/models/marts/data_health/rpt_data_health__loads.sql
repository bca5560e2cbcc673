with

manifests as (
    select * from {{ source('landing', 'manifests') }}
),

loads as (
    select
        source as source_code,
        entity,
        partition_key,
        -- Partition keys name a period in the source's own way (a month start, a year, a
        -- quarter, a survey wave); the ones that name a calendar period get its first day.
        coalesce(
            try_cast(partition_key as date),
            case
                when regexp_full_match(partition_key, '\d{4}')
                    then make_date(cast(partition_key as integer), 1, 1)
                when regexp_full_match(partition_key, '\d{4}-\d{2}')
                    then try_cast(partition_key || '-01' as date)
                when regexp_full_match(partition_key, '\d{4}-Q[1-4]')
                    then make_date(
                        cast(left(partition_key, 4) as integer),
                        3 * cast(right(partition_key, 1) as integer) - 2,
                        1
                    )
            end
        ) as partition_period_start,
        origin,
        rows_read,
        rows_loaded,
        rows_quarantined,
        extracted_at,
        -- Relative to the landing folder: the build machine's absolute path means nothing
        -- to a reader of the dashboards.
        regexp_extract(
            replace(filename, '\', '/'), '([^/]+/[^/]+/[^/]+)/_manifest\.json$', 1
        ) as landing_folder
    from manifests
),

final as (
    select
        source_code,
        entity,
        partition_key,
        partition_period_start,
        origin,
        rows_read,
        rows_loaded,
        rows_quarantined,
        rows_read = rows_loaded + rows_quarantined as rows_add_up,
        case
            when rows_read > 0 then 100.0 * rows_quarantined / rows_read
        end as quarantined_pct,
        extracted_at,
        row_number() over (
            partition by source_code, entity
            order by partition_period_start desc nulls last, partition_key desc
        ) = 1 as is_latest_partition,
        landing_folder
    from loads
)

select * from final
