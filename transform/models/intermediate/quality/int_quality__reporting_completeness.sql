{#- Grain: one row per source × place (district, division, province) × period: reports
    expected, received and received on time, summed from the districts (a province-wide
    delivery counts in the province only). Sources whose models are not built are left out. -#}
{%- set sources = [
    'int_quality__hmis_reporting',
    'int_quality__bemis_reporting',
    'int_quality__phemis_reporting',
    'int_quality__pis_reporting',
    'int_quality__eservices_reporting',
    'int_quality__ngomis_reporting',
    'int_quality__lrmis_reporting',
    'int_quality__hrmis_reporting',
    'int_quality__bise_reporting',
] -%}

with

unioned as (

    {{ indicators_union_built(sources, [
        ('source_code', 'varchar'),
        ('period_type', 'varchar'),
        ('period_start', 'date'),
        ('district_pcode', 'varchar'),
        ('expected', 'bigint'),
        ('received', 'bigint'),
        ('on_time', 'bigint'),
    ]) }}

),

districts as (

    select * from {{ ref('dim_district') }}

),

rolled as (

    select
        unioned.source_code,
        unioned.period_type,
        unioned.period_start,
        case
            when grouping(districts.division) = 1 then 'province'
            when grouping(unioned.district_pcode) = 1 then 'division'
            else 'district'
        end as geo_level,
        case
            when grouping(districts.division) = 1 then 'PK2'
            when grouping(unioned.district_pcode) = 1 then districts.division
            else unioned.district_pcode
        end as geo_code,
        sum(unioned.expected)::bigint as expected,
        sum(unioned.received)::bigint as received,
        sum(unioned.on_time)::bigint as on_time

    from unioned
    left join districts
        on unioned.district_pcode = districts.district_pcode
    group by grouping sets (
        (
            unioned.source_code, unioned.period_type, unioned.period_start,
            districts.division, unioned.district_pcode
        ),
        (unioned.source_code, unioned.period_type, unioned.period_start, districts.division),
        (unioned.source_code, unioned.period_type, unioned.period_start)
    )

),

final as (

    select
        source_code,
        geo_level,
        geo_code,
        period_type,
        period_start,
        expected,
        received,
        on_time,
        100.0 * received / nullif(expected, 0) as completeness_pct,
        100.0 * on_time / nullif(expected, 0) as timeliness_pct

    from rolled
    where geo_code is not null

)

select * from final
