{#- Reporting completeness of sources whose delivery is one file or snapshot per period
    (a monthly registry export, a yearly gazette): every period from the first landed to the
    latest is expected; a period counts as received when its delivery landed. Province-wide
    (no district). One row per period:
        source_code, period_type, period_start, district_pcode, expected, received, on_time

    deliveries: SQL selecting one row per delivery with a `period_start` column (several rows
    per period are fine); step: 'month' or 'year'; per_period: deliveries expected each
    period; on_time is null (no due date is promised). -#}
{% macro quality_periodic_deliveries(source_code, deliveries, step, per_period=1) -%}
    select
        '{{ source_code }}' as source_code,
        '{{ step }}' as period_type,
        periods.period_start,
        null::varchar as district_pcode,
        {{ per_period }}::bigint as expected,
        least(count(delivered.period_start), {{ per_period }})::bigint as received,
        null::bigint as on_time
    from (
        select unnest(generate_series(
            (select min(period_start) from ({{ deliveries }}) as first_delivery),
            (select max(period_start) from ({{ deliveries }}) as last_delivery),
            interval 1 {{ step }}
        ))::date as period_start
    ) as periods
    left join ({{ deliveries }}) as delivered
        on periods.period_start = delivered.period_start
    group by periods.period_start
{%- endmacro %}


{#- Reporting completeness of a census of units (schools, water schemes): the units seen in
    the previous round are expected again; received are those of them seen this round. The
    first round has no row. units: SQL with round_start (date), unit_id, district_pcode,
    is_expected_next (whether the unit is expected in the following round). -#}
{% macro quality_census_follow_up(source_code, units, period_type) -%}
    select
        '{{ source_code }}' as source_code,
        '{{ period_type }}' as period_type,
        rounds.round_start as period_start,
        previous.district_pcode,
        count(*)::bigint as expected,
        count(current_round.unit_id)::bigint as received,
        null::bigint as on_time
    from (
        select
            round_start,
            lag(round_start) over (order by round_start) as previous_round_start
        from (select distinct round_start from ({{ units }}) as all_units) as distinct_rounds
    ) as rounds
    inner join ({{ units }}) as previous
        on
            rounds.previous_round_start = previous.round_start
            and previous.is_expected_next
    left join ({{ units }}) as current_round
        on
            rounds.round_start = current_round.round_start
            and previous.unit_id = current_round.unit_id
    group by rounds.round_start, previous.district_pcode
{%- endmacro %}
