{#- The index and its three components as registry indicators (ERD_*), so the comparison
    pages can map and rank them like any other. A district's value is its own; a division's
    and the province's are the median of their districts' values (recomputed from the
    districts, like every median in the registry), since a composite index has no numerator
    to sum. Years not rated keep their rows with a null value. -#}
{{ config(materialized='view', schema='intermediate') }}

with

district_index as (

    select * from {{ ref('rpt_ereadiness__district_index') }}

),

observations as (

    {%- for code, column in [
        ('ERD_INDEX', 'ereadiness_index'),
        ('ERD_INFRASTRUCTURE', 'infrastructure_score'),
        ('ERD_HUMAN_CAPITAL', 'human_capital_score'),
        ('ERD_ONLINE_SERVICES', 'online_services_score')
    ] %}

        select
            '{{ code }}' as indicator_code,
            'fiscal_year' as period_type,
            period_start,
            district_pcode,
            district_pcode as observation_id,
            case when is_rated then {{ column }} end as observation

        from district_index
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

recomputed as (

    {{ indicators_recompute(
        'observations',
        value='median(observation)',
        numerator='null::double',
        denominator='count(observation)::double'
    ) }}

),

final as (

    select
        indicator_code,
        geo_level,
        geo_code,
        period_type,
        period_start::date as period_start,
        numerator,
        denominator,
        value

    from recomputed

)

select * from final
