{#- Modified z-score (Iglewicz & Hoaglin) of each monthly count against the 12 months before
    it: z = 0.6745 × (value − median) / MAD. The MAD is floored at 1 because the series are
    whole-number counts: a flat series (MAD 0) can then still flag a sudden jump. -#}
{%- set series = [
    'int_quality__cqmis_monthly_counts',
    'int_quality__hmis_monthly_counts',
] -%}

with

counts as (

    {{ indicators_union_built(series, [
        ('source_code', 'varchar'),
        ('metric_code', 'varchar'),
        ('metric_name', 'varchar'),
        ('district_pcode', 'varchar'),
        ('month_start', 'date'),
        ('value', 'double'),
    ]) }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

completeness as (

    select * from {{ ref('int_quality__reporting_completeness') }}
    where geo_level = 'district' and period_type = 'month'

),

-- The series are gapless month spines, so the 12 rows before a month are its 12 months.
windowed as (

    select
        *,
        count(value) over preceding_year as history_months,
        median(value) over preceding_year as window_median,
        mad(value) over preceding_year as window_mad

    from counts
    window preceding_year as (
        partition by source_code, metric_code, district_pcode
        order by month_start
        rows between 12 preceding and 1 preceding
    )

),

scored as (

    select
        *,
        case
            when history_months >= {{ indicator_parameter('OUTLIER_MIN_HISTORY_MONTHS') }}
                then 0.6745 * (value - window_median) / greatest(window_mad, 1)
        end as modified_z_score

    from windowed

),

final as (

    select
        scored.source_code,
        scored.metric_code,
        scored.metric_name,
        scored.district_pcode,
        districts.district_name,
        districts.division,
        scored.month_start,
        scored.value,
        scored.history_months,
        scored.window_median,
        scored.window_mad,
        scored.modified_z_score,
        coalesce(
            abs(scored.modified_z_score) > {{ indicator_parameter('OUTLIER_Z_THRESHOLD') }},
            false
        ) as is_outlier,
        case
            when
                abs(scored.modified_z_score)
                > {{ indicator_parameter('OUTLIER_Z_THRESHOLD') }}
                then case when scored.modified_z_score > 0 then 'high' else 'low' end
        end as outlier_direction,
        completeness.completeness_pct as reporting_completeness_pct

    from scored
    left join districts
        on scored.district_pcode = districts.district_pcode
    left join completeness
        on
            scored.source_code = completeness.source_code
            and scored.district_pcode = completeness.geo_code
            and scored.month_start = completeness.period_start

)

select * from final
