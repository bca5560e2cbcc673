with

results as (

    select * from {{ ref('fct_exam_results') }}

),

-- The annual sitting only: the supplementary one is a re-sit of those who failed.
appeared as (

    select * from results
    where exam_session = 'annual' and appeared

),

district_rows as (

    select
        'EXM_' || appeared.exam || '_PASS_RATE' || suffixes.suffix || '_PCT' as indicator_code,
        'year' as period_type,
        appeared.period_start,
        appeared.district_pcode,
        count(*) filter (where appeared.passed) as numerator,
        count(*) as denominator

    from appeared
    inner join (
        values ('', null), ('_GIRLS', 'female'), ('_BOYS', 'male')
    ) as suffixes (suffix, gender)
        on suffixes.gender is null or appeared.gender = suffixes.gender
    group by appeared.exam, suffixes.suffix, appeared.period_start, appeared.district_pcode

),

summed as (

    {{ indicators_sum_up('district_rows') }}

),

pass_rates as (

    {{ indicators_finalise('summed') }}

),

-- The parity index divides the girls' pass rate by the boys', both recomputed from
-- candidate counts at the level of the row (never from district rates).
parity as (

    select
        replace(girls.indicator_code, '_PASS_RATE_GIRLS_PCT', '_PASS_GPI') as indicator_code,
        girls.geo_level,
        girls.geo_code,
        girls.period_type,
        girls.period_start,
        girls.value as numerator,
        boys.value as denominator,
        null::double as value -- noqa: RF04

    from pass_rates as girls
    inner join pass_rates as boys
        on
            replace(girls.indicator_code, '_GIRLS_', '_BOYS_') = boys.indicator_code
            and girls.geo_level = boys.geo_level
            and girls.geo_code = boys.geo_code
            and girls.period_start = boys.period_start
    where girls.indicator_code like '%\_PASS\_RATE\_GIRLS\_PCT' escape '\'

),

final as (

    select * from pass_rates
    union all
    {{ indicators_finalise('parity') }}

)

select * from final
