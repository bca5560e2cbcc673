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
    when d.value is null or {ref}.value is null then null
    when d.value = {ref}.value then 'same'
    when (d.value > {ref}.value) = i.higher_is_better then 'better'
    else 'worse'
end
"""

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

ranked as (
    select
        v.indicator_code,
        v.geo_code,
        rank() over (
            partition by v.indicator_code
            order by case when i.higher_is_better is false then v.value else -v.value end
        ) as rank,
        count(*) over (partition by v.indicator_code) as districts_ranked
    from main.rpt_indicator_values as v
    inner join latest as l
        on l.indicator_code = v.indicator_code and l.period_start = v.period_start
    inner join main.dim_indicator as i on i.indicator_code = v.indicator_code
    where v.geo_level = 'district' and v.value is not null
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
    l.period_start,
    {period_label_sql("d")} as period_label,
    d.value as district_value,
    dv.value as division_value,
    p.value as province_value,
    d.value - p.value as difference_from_province,
    case
        when i.higher_is_better is null or i.aggregation = 'count' then null
        when d.value is null or p.value is null or p.value = 0 then null
        when i.higher_is_better then 100.0 * (d.value - p.value) / abs(p.value)
        else 100.0 * (p.value - d.value) / abs(p.value)
    end as province_gap_pct,
    r.rank,
    r.districts_ranked,
    {_VERSUS.format(ref="dv")} as versus_division,
    {_VERSUS.format(ref="p")} as versus_province,
    d.reporting_completeness,
    d.crosses_boundary_change
from latest as l
cross join target as t
inner join main.dim_indicator as i on i.indicator_code = l.indicator_code
inner join main.rpt_indicator_values as d
    on d.indicator_code = l.indicator_code
    and d.period_start = l.period_start
    and d.geo_level = 'district'
    and d.geo_code = t.district_pcode
left join main.rpt_indicator_values as dv
    on dv.indicator_code = l.indicator_code
    and dv.period_start = l.period_start
    and dv.geo_level = 'division'
    and dv.geo_code = t.division
left join main.rpt_indicator_values as p
    on p.indicator_code = l.indicator_code
    and p.period_start = l.period_start
    and p.geo_level = 'province'
left join ranked as r
    on r.indicator_code = l.indicator_code and r.geo_code = t.district_pcode
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
