"""One district against its division and the province: Census-2023 profile and scorecard.

The scorecard takes, for every registry indicator, the district's latest period that starts
by the chosen month and reads the division and province values of that same period from
``rpt_indicator_values`` (built from summed numerators and denominators, never averaged).
"Better" and "worse" follow the registry's direction and are decided in SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from dashboards.queries.indicator_registry import period_label_sql
from dashboards.queries.snapshot import query

# Province totals are sums over the 34 districts (PBS publishes them that way); literacy is
# a rate over the population aged 10+, which dim_district does not hold, so it is ranked
# rather than summed.
_PROFILE_SQL = """
with districts as (
    select
        d.*,
        rank() over (order by d.population_2023 desc) as population_rank,
        rank() over (order by d.population_density_2023 desc) as density_rank,
        rank() over (order by d.literacy_rate_10plus_2023 desc) as literacy_rank,
        count(*) over () as districts,
        sum(d.population_2023) over () as province_population,
        sum(d.area_km2) over () as province_area_km2,
        sum(d.population_2023) over (partition by d.division) as division_population,
        sum(d.area_km2) over (partition by d.division) as division_area_km2,
        count(*) over (partition by d.division) as division_districts
    from main.dim_district as d
)

select
    district_pcode,
    district_name,
    division,
    population_2023,
    population_2017_on_2023_boundaries,
    area_km2,
    population_density_2023,
    literacy_rate_10plus_2023,
    literacy_rate_10plus_male_2023,
    literacy_rate_10plus_female_2023,
    urban_share_2023_pct,
    households_2023,
    population_rank,
    density_rank,
    literacy_rank,
    districts,
    division_districts,
    100.0 * population_2023 / province_population as province_population_share_pct,
    100.0 * area_km2 / province_area_km2 as province_area_share_pct,
    100.0 * population_2023 / division_population as division_population_share_pct,
    division_population,
    division_area_km2,
    province_population,
    province_area_km2
from districts
where district_pcode = $district
"""


def census_profile(district_pcode: str) -> dict[str, Any] | None:
    """The district's Census-2023 figures, its shares of division and province and its rank
    among the districts (1 = most people, densest, most literate); None if unknown."""
    frame = query(_PROFILE_SQL, {"district": district_pcode})
    if frame.empty:
        return None
    return {k: (None if pd.isna(v) else v) for k, v in frame.iloc[0].items()}


# Direction-aware comparison: NULL where there is nothing to compare or no better end, and
# for counts, which a district cannot be "better" than the total it is part of.
_VERSUS = """
case
    when i.higher_is_better is null or i.aggregation = 'count' then null
    when c.district_value is null or c.{ref}_value is null then null
    when c.district_value = c.{ref}_value then 'same'
    when (c.district_value > c.{ref}_value) = i.higher_is_better then 'better'
    else 'worse'
end
"""

# One pass over the indicator mart for the rows of each indicator's latest period (the
# district's own, every district's for the rank, its division's and the province's), then
# one row per indicator: each further pass or window over the mart costs more than all the
# rest of the query.
_SCORECARD_SQL = f"""
with target as (
    select district_pcode, division from main.dim_district where district_pcode = $district
),

latest as (
    select v.indicator_code, max(v.period_start) as period_start
    from main.rpt_indicator_values as v
    inner join target as t on v.geo_code = t.district_pcode
    where v.geo_level = 'district'
        and ($month is null or v.period_start <= $month)
    group by v.indicator_code
),

at_latest as (
    select
        v.*,
        v.geo_level = 'district' and v.geo_code = t.district_pcode as is_district,
        -- Ascending from the best value.
        case when i.higher_is_better is false then v.value else -v.value end as rank_key
    from main.rpt_indicator_values as v
    inner join latest as l
        on l.indicator_code = v.indicator_code and l.period_start = v.period_start
    inner join main.dim_indicator as i on i.indicator_code = v.indicator_code
    cross join target as t
    where v.geo_level in ('district', 'province')
        or (v.geo_level = 'division' and v.geo_code = t.division)
),

compared as (
    select
        indicator_code,
        period_start,
        max({period_label_sql("at_latest")}) filter (where is_district) as period_label,
        max(value) filter (where is_district) as district_value,
        max(value) filter (where geo_level = 'division') as division_value,
        max(value) filter (where geo_level = 'province') as province_value,
        max(rank_key) filter (where is_district) as district_rank_key,
        max(reporting_completeness) filter (where is_district) as reporting_completeness,
        max(crosses_boundary_change) filter (where is_district) as crosses_boundary_change
    from at_latest
    group by indicator_code, period_start
),

-- Among the districts with a value: 1 + those strictly better, so ties share a rank.
ranked as (
    select
        c.indicator_code,
        1 + count(*) filter (where v.rank_key < c.district_rank_key) as rank,
        count(*) as districts_ranked
    from compared as c
    inner join at_latest as v on v.indicator_code = c.indicator_code
    where c.district_value is not null and v.geo_level = 'district' and v.value is not null
    group by c.indicator_code
)

select
    i.indicator_code,
    i.indicator_name,
    i.domain,
    i.department_name,
    i.source_name,
    i.unit,
    i.higher_is_better,
    i.aggregation,
    i.definition,
    c.period_start,
    c.period_label,
    c.district_value,
    c.division_value,
    c.province_value,
    c.district_value - c.province_value as difference_from_province,
    case
        when i.higher_is_better is null or i.aggregation = 'count' then null
        when c.district_value is null or c.province_value is null or c.province_value = 0
            then null
        when i.higher_is_better
            then 100.0 * (c.district_value - c.province_value) / abs(c.province_value)
        else 100.0 * (c.province_value - c.district_value) / abs(c.province_value)
    end as province_gap_pct,
    r.rank,
    r.districts_ranked,
    {_VERSUS.format(ref="division")} as versus_division,
    {_VERSUS.format(ref="province")} as versus_province,
    c.reporting_completeness,
    c.crosses_boundary_change
from compared as c
inner join main.dim_indicator as i on i.indicator_code = c.indicator_code
left join ranked as r on r.indicator_code = c.indicator_code
order by i.department_name, i.indicator_name
"""


def scorecard(district_pcode: str, month: date | None) -> pd.DataFrame:
    """Every registry indicator for the district at its latest period starting by ``month``,
    beside its division and the province.

    Columns: indicator_code, indicator_name, domain, department_name, source_name, unit,
    higher_is_better, aggregation, definition, period_start, period_label, district_value,
    division_value, province_value, difference_from_province, province_gap_pct (how far
    the district is ahead of the province, in % of the province's value: positive is
    better, NULL without a direction), rank (among districts with a value, 1 = best),
    districts_ranked, versus_division and versus_province ('better',
    'worse', 'same', or NULL when there is no direction, no value, or the indicator is a
    count, which is part of the division and province totals),
    reporting_completeness, crosses_boundary_change.
    """
    return query(_SCORECARD_SQL, {"district": district_pcode, "month": month})
