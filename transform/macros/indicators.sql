{#- Building blocks of the int_indicators__<domain> models (DESIGN.md §5: one long indicator
    mart). Every domain model ends in the same columns:
        indicator_code, geo_level, geo_code, period_type, period_start,
        numerator, denominator, value
    with one row per indicator × place (district, division, province) × period.

    Division and province values are never averages of district values: sums are summed
    (indicators_sum_up) and medians, percentiles and distinct counts are recomputed from the
    individual cases at each level (indicators_recompute). indicators_finalise then takes
    the value from the registry's factor and aggregation. -#}


{#- district_rows: a relation or CTE with indicator_code, period_type, period_start,
    district_pcode, numerator, denominator. A null district_pcode (a province-wide
    development scheme) counts in the province only. -#}
{% macro indicators_sum_up(district_rows) -%}
    select
        indicator_code,
        geo_level,
        geo_code,
        period_type,
        period_start,
        numerator,
        denominator,
        null::double as value
    from (
        select
            rows_in.indicator_code,
            rows_in.period_type,
            rows_in.period_start,
            case
                when grouping(districts.division) = 1 then 'province'
                when grouping(rows_in.district_pcode) = 1 then 'division'
                else 'district'
            end as geo_level,
            case
                when grouping(districts.division) = 1 then 'PK2'
                when grouping(rows_in.district_pcode) = 1 then districts.division
                else rows_in.district_pcode
            end as geo_code,
            sum(rows_in.numerator)::double as numerator,
            sum(rows_in.denominator)::double as denominator
        from {{ district_rows }} as rows_in
        left join {{ ref('dim_district') }} as districts
            on rows_in.district_pcode = districts.district_pcode
        group by grouping sets (
            (
                rows_in.indicator_code, rows_in.period_type, rows_in.period_start,
                districts.division, rows_in.district_pcode
            ),
            (rows_in.indicator_code, rows_in.period_type, rows_in.period_start, districts.division),
            (rows_in.indicator_code, rows_in.period_type, rows_in.period_start)
        )
    ) as rolled
    -- Province-wide rows have no district or division: they stay in the province only.
    where geo_code is not null
{%- endmacro %}


{#- observations: a relation or CTE with indicator_code, period_type, period_start,
    district_pcode, observation_id, observation (a number: days, a rate...). One unit
    (complaint, NGO) may be listed under several districts; it is counted once in a
    division or the province. numerator/denominator/value are aggregate SQL over the
    deduplicated observations of each place, e.g. value='median(observation)'. -#}
{% macro indicators_recompute(
    observations, value, numerator='null::double', denominator='count(*)::double'
) -%}
    {%- set levels = [
        ('district', 'observed.district_pcode'),
        ('division', 'districts.division'),
        ('province', "'PK2'"),
    ] -%}
    {%- for level, geo_expr in levels %}
    select
        indicator_code,
        '{{ level }}' as geo_level,
        geo_code,
        period_type,
        period_start,
        ({{ numerator }})::double as numerator,
        ({{ denominator }})::double as denominator,
        ({{ value }})::double as value
    from (
        select distinct
            observed.indicator_code,
            observed.period_type,
            observed.period_start,
            {{ geo_expr }} as geo_code,
            observed.observation_id,
            observed.observation
        from {{ observations }} as observed
        left join {{ ref('dim_district') }} as districts
            on observed.district_pcode = districts.district_pcode
    ) as cases
    where geo_code is not null
    group by indicator_code, geo_code, period_type, period_start
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}


{#- rows: indicator rows as above with `value` filled only where it was recomputed (medians).
    The registry's factor and aggregation give every other value. A code missing from the
    registry keeps a null value and fails the registry tests rather than vanishing. -#}
{% macro indicators_finalise(rows) -%}
    select
        rows_in.indicator_code,
        rows_in.geo_level,
        rows_in.geo_code,
        rows_in.period_type,
        rows_in.period_start::date as period_start,
        rows_in.numerator::double as numerator,
        rows_in.denominator::double as denominator,
        coalesce(
            rows_in.value,
            case
                when registry.aggregation = 'count'
                    then rows_in.numerator * registry.factor
                else rows_in.numerator / nullif(rows_in.denominator, 0) * registry.factor
            end
        )::double as value
    from {{ rows }} as rows_in
    left join {{ ref('indicator_registry') }} as registry
        on rows_in.indicator_code = registry.indicator_code
{%- endmacro %}


{#- A value from the indicator_parameters seed, as a scalar subquery. -#}
{% macro indicator_parameter(parameter_code) -%}
    (
        select parameters.value
        from {{ ref('indicator_parameters') }} as parameters
        where parameters.parameter_code = '{{ parameter_code }}'
    )
{%- endmacro %}


{#- Last day of a period of the given type that starts on period_start. -#}
{% macro indicators_period_end(period_type, period_start) -%}
    (
        case {{ period_type }}
            when 'month' then last_day({{ period_start }})
            when 'quarter' then ({{ period_start }} + interval 3 month - interval 1 day)::date
            else ({{ period_start }} + interval 1 year - interval 1 day)::date
        end
    )
{%- endmacro %}


{#- Union of the models named, read only if they have been built: a source that has not
    landed leaves its domain model unbuilt and the union carries on without it. The ref()
    calls still put every model upstream in the DAG. -#}
{% macro indicators_union_built(model_names, columns) -%}
    {%- set built = [] -%}
    {%- for name in model_names -%}
        {#- ref() outside the condition, so the DAG knows every model at parse time. -#}
        {%- set model_ref = ref(name) -%}
        {#- In a unit test ref() names a fixture CTE (no schema): use it as it is. -#}
        {%- if model_ref.schema is none -%}
            {%- set relation = model_ref -%}
        {%- else -%}
            {%- set relation = load_relation(model_ref) if execute else none -%}
        {%- endif -%}
        {%- if relation is not none -%}{%- do built.append(relation) -%}{%- endif -%}
    {%- endfor -%}
    {%- if built | length == 0 %}
    select
        {%- for column, data_type in columns %}
        null::{{ data_type }} as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    where false
    {%- else -%}
    {%- for relation in built %}
    select
        {%- for column, data_type in columns %}
        {{ column }}::{{ data_type }} as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- endif %}
{%- endmacro %}


{#- Display label of a period: month 'Jan 2024', quarter '2024-Q3', year '2024', fiscal year
    'FY 2024-25'. `periods` is dim_period joined on month_start = period_start. -#}
{% macro indicators_period_label(period_type, periods) -%}
    (
        case {{ period_type }}
            when 'month' then {{ periods }}.month_label
            when 'quarter' then {{ periods }}.quarter_label
            when 'year' then {{ periods }}.year::varchar
            when 'fiscal_year' then {{ periods }}.fiscal_year_label
        end
    )
{%- endmacro %}
