{#- The moment freshness is judged at: the build (published right after), or a fixed time
    passed as --vars '{data_health_as_of: "2026-11-28 10:00:00+00"}' for tests. -#}
{%- set as_of = var('data_health_as_of', none) -%}

with

sources as (
    select * from {{ ref('dim_source_system') }}
),

loads as (
    select * from {{ ref('rpt_data_health__loads') }}
),

assessment as (
    select
        {% if as_of -%}
            cast('{{ as_of }}' as timestamptz)
        {%- else -%}
            current_timestamp
        {%- endif %} as assessed_at
),

-- The newest partition that names a period; keys starting with a year (survey waves) rank
-- after dated ones, derived partitions such as all_waves last.
latest_partition as (
    select
        source_code,
        partition_key as latest_partition_key,
        partition_period_start as latest_period_start
    from loads
    qualify row_number() over (
        partition by source_code
        order by
            partition_period_start desc nulls last,
            regexp_matches(partition_key, '^\d{4}') desc,
            partition_key desc
    ) = 1
),

landed as (
    select
        source_code,
        count(distinct entity) as entities,
        count(distinct partition_key) as partitions,
        max(extracted_at) as last_extracted_at
    from loads
    group by source_code
),

rules as (
    select
        sources.source_code,
        sources.source_name,
        sources.department_code,
        sources.department_name,
        sources.cadence,
        sources.period_type,
        sources.expected_by_day_of_period,
        assessment.assessed_at,
        -- The oldest an extract may be before the source counts as overdue (publisher's
        -- cadence plus a grace period); none for sources delivered on change or one-off.
        case sources.cadence
            when 'daily' then 2
            when 'monthly' then 45
            when 'quarterly' then 100
            when 'yearly' then 400
        end as max_extract_age_days,
        -- The latest period whose delivery is due by the assessment date: due on day
        -- expected_by_day_of_period after the period ends, or by the end of the following
        -- period where the publisher promises no day.
        case sources.period_type
            when 'month'
                then
                    case
                        when sources.expected_by_day_of_period is not null
                            then date_trunc(
                                'month',
                                cast(assessment.assessed_at as date)
                                - (sources.expected_by_day_of_period - 1)
                            ) - interval 1 month
                        else
                            date_trunc('month', cast(assessment.assessed_at as date) + 1)
                            - interval 2 month
                    end
            when 'quarter'
                then
                    case
                        when sources.expected_by_day_of_period is not null
                            then date_trunc(
                                'quarter',
                                cast(assessment.assessed_at as date)
                                - (sources.expected_by_day_of_period - 1)
                            ) - interval 3 month
                        else
                            date_trunc('quarter', cast(assessment.assessed_at as date) + 1)
                            - interval 6 month
                    end
            when 'year' then
                date_trunc('year', cast(assessment.assessed_at as date) + 1) - interval 2 year
        end as expected_latest_period_start
    from sources
    cross join assessment
),

final as (
    select
        rules.source_code,
        rules.source_name,
        rules.department_code,
        rules.department_name,
        rules.cadence,
        rules.period_type,
        rules.expected_by_day_of_period,
        landed.source_code is not null as is_landed,
        coalesce(landed.entities, 0) as entities,
        coalesce(landed.partitions, 0) as partitions,
        latest_partition.latest_partition_key,
        latest_partition.latest_period_start,
        cast(rules.expected_latest_period_start as date) as expected_latest_period_start,
        case
            when
                rules.expected_latest_period_start is not null
                and latest_partition.latest_period_start is not null
                then greatest(
                    date_diff(
                        case rules.period_type
                            when 'month' then 'month'
                            when 'quarter' then 'quarter'
                            when 'year' then 'year'
                        end,
                        latest_partition.latest_period_start,
                        rules.expected_latest_period_start
                    ),
                    0
                )
        end as periods_behind,
        landed.last_extracted_at,
        epoch(rules.assessed_at - landed.last_extracted_at) / 86400.0 as extract_age_days,
        rules.max_extract_age_days,
        case
            when landed.source_code is null then 'not loaded'
            when
                latest_partition.latest_period_start < rules.expected_latest_period_start
                or date_diff('hour', landed.last_extracted_at, rules.assessed_at)
                > 24 * rules.max_extract_age_days
                then 'overdue'
            when
                rules.max_extract_age_days is null
                and rules.expected_latest_period_start is null
                then 'no schedule'
            else 'on time'
        end as freshness_status,
        rules.assessed_at
    from rules
    left join landed on rules.source_code = landed.source_code
    left join latest_partition on rules.source_code = latest_partition.source_code
)

select * from final
