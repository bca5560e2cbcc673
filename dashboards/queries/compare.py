"""Districts compared on any registry indicator, from ``rpt_indicator_values``.

The mart already holds every district, division and province value (division and province
from summed numerators and denominators), so these queries select and rank; none averages.
The ranking order comes from the registry's direction inside the SQL, so no identifier or
keyword is ever built from input: codes, periods and places are bound parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from dashboards.queries.indicator_registry import PERIOD_LABEL_SQL
from dashboards.queries.snapshot import query

MAX_DISTRICTS = 4

# Best first: descending when higher is better, ascending when lower is better; an
# indicator without a direction is listed highest first.
_BEST_FIRST = "case when i.higher_is_better is false then v.value else -v.value end"

_RANKING_SQL = f"""
with values_in_period as (
    select
        v.district_pcode,
        v.value,
        v.numerator,
        v.denominator,
        v.reporting_completeness,
        v.crosses_boundary_change,
        {PERIOD_LABEL_SQL} as period_label,
        {_BEST_FIRST} as best_first
    from main.rpt_indicator_values as v
    inner join main.dim_indicator as i on i.indicator_code = v.indicator_code
    where v.indicator_code = $code
        and v.geo_level = 'district'
        and v.period_start = $period
)

select
    case when v.value is null then null
        else rank() over (order by v.best_first nulls last) end as rank,
    d.district_pcode,
    d.district_name,
    d.division,
    v.value,
    v.numerator,
    v.denominator,
    v.reporting_completeness,
    coalesce(v.crosses_boundary_change, false) as crosses_boundary_change,
    v.period_label,
    d.population_2023
from main.dim_district as d
left join values_in_period as v on v.district_pcode = d.district_pcode
where $division is null or d.division = $division
order by v.best_first nulls last, d.district_name
"""


def district_ranking(code: str, period: date, division: str | None = None) -> pd.DataFrame:
    """Every district (of the division, if given) with its value for the period, best first.

    Columns: rank (1 = best, ties share, NULL without a value), district_pcode,
    district_name, division, value, numerator, denominator, reporting_completeness,
    crosses_boundary_change, period_label, population_2023. Districts without a figure are
    listed last, so a gap shows instead of vanishing.
    """
    return query(_RANKING_SQL, {"code": code, "period": period, "division": division})


_BENCHMARKS_SQL = """
select geo_level, geo_code, geo_name, value
from main.rpt_indicator_values
where indicator_code = $code
    and period_start = $period
    and (
        geo_level = 'province'
        or (geo_level = 'division' and geo_code = $division)
    )
order by case geo_level when 'province' then 0 else 1 end
"""


def benchmarks(code: str, period: date, division: str | None = None) -> pd.DataFrame:
    """The province's value for the period, and the division's when one is given.

    Columns: geo_level, geo_code, geo_name, value (province first).
    """
    return query(_BENCHMARKS_SQL, {"code": code, "period": period, "division": division})


_SERIES_SQL = f"""
select
    v.period_type,
    v.period_start,
    v.period_end,
    {PERIOD_LABEL_SQL} as period_label,
    v.geo_level,
    v.geo_code,
    v.geo_name,
    v.value,
    v.numerator,
    v.denominator,
    v.reporting_completeness,
    v.crosses_boundary_change
from main.rpt_indicator_values as v
where v.indicator_code = $code
    and (
        (v.geo_level = 'province' and $province)
        or (v.geo_level = 'division' and list_contains($divisions, v.geo_code))
        or (v.geo_level = 'district' and list_contains($districts, v.geo_code))
    )
order by
    case v.geo_level when 'province' then 0 when 'division' then 1 else 2 end,
    list_position($districts, v.geo_code),
    v.geo_name,
    v.period_start
"""


def series(
    code: str,
    districts: Sequence[str] = (),
    divisions: Sequence[str] = (),
    *,
    province: bool = True,
) -> pd.DataFrame:
    """The indicator over time for the province (unless ``province=False``), the given
    divisions and districts (P-codes, in the order given).

    Columns: period_type, period_start, period_end, period_label, geo_level, geo_code,
    geo_name, value, numerator, denominator, reporting_completeness,
    crosses_boundary_change.
    """
    params = {
        "code": code,
        "districts": [str(d) for d in districts],
        "divisions": [str(d) for d in divisions],
        "province": province,
    }
    return query(_SERIES_SQL, params)


# The lineage events behind crosses_boundary_change, with the mart's own rule: in force
# after the series' first day and by its last. A district is touched as the unit's parent
# or as the district it is harmonised into.
_BOUNDARY_CHANGES_SQL = """
with spans as (
    select
        v.geo_code as district_pcode,
        any_value(v.geo_name) as district_name,
        min(v.period_start) as series_start,
        max(v.period_end) as series_end
    from main.rpt_indicator_values as v
    where v.indicator_code = $code
        and v.geo_level = 'district'
        and v.crosses_boundary_change
        and list_contains($districts, v.geo_code)
    group by v.geo_code
)

select
    s.district_pcode,
    s.district_name,
    l.unit_name,
    l.event,
    l.parent_district_name,
    l.harmonised_district_name,
    l.effective_from,
    l.note
from spans as s
inner join main.dim_district_lineage as l
    on (
        l.parent_district_pcode = s.district_pcode
        or l.harmonised_district_pcode = s.district_pcode
    )
    and l.effective_from > s.series_start
    and l.effective_from <= s.series_end
order by l.effective_from, s.district_name, l.unit_name
"""


def boundary_changes(code: str, districts: Sequence[str]) -> pd.DataFrame:
    """District splits, renames and mergers inside the shown districts' series.

    Columns: district_pcode, district_name, unit_name, event (split_from, renamed_from,
    merged_into), parent_district_name, harmonised_district_name, effective_from, note.
    Empty when no series crosses a change (or the snapshot has no lineage table).
    """
    return query(_BOUNDARY_CHANGES_SQL, {"code": code, "districts": [str(d) for d in districts]})


_SIDE_BY_SIDE_SQL = f"""
with latest as (
    select v.indicator_code, max(v.period_start) as period_start
    from main.rpt_indicator_values as v
    inner join main.dim_indicator as i on i.indicator_code = v.indicator_code
    where i.domain = $domain
        and v.geo_level = 'district'
        and ($month is null or v.period_start <= $month)
    group by v.indicator_code
),

ranked as (
    select
        v.indicator_code,
        v.geo_code,
        rank() over (
            partition by v.indicator_code order by {_BEST_FIRST}
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
    i.unit,
    i.higher_is_better,
    {PERIOD_LABEL_SQL} as period_label,
    v.geo_level,
    v.geo_code,
    v.geo_name,
    v.value,
    v.reporting_completeness,
    v.crosses_boundary_change,
    r.rank,
    r.districts_ranked
from latest as l
inner join main.dim_indicator as i on i.indicator_code = l.indicator_code
inner join main.rpt_indicator_values as v
    on v.indicator_code = l.indicator_code and v.period_start = l.period_start
left join ranked as r
    on r.indicator_code = v.indicator_code and r.geo_code = v.geo_code
    and v.geo_level = 'district'
where v.geo_level = 'province'
    or (v.geo_level = 'district' and list_contains($districts, v.geo_code))
order by
    i.indicator_name,
    case v.geo_level when 'province' then 1 else 0 end,
    list_position($districts, v.geo_code)
"""


def side_by_side(domain: str, month: date | None, districts: Sequence[str]) -> pd.DataFrame:
    """Every indicator of a domain for the chosen districts and the province, each at its
    latest period that starts by ``month``.

    Long format, one row per indicator and place: indicator_code, indicator_name, unit,
    higher_is_better, period_label, geo_level, geo_code, geo_name, value,
    reporting_completeness, crosses_boundary_change, rank (among districts, 1 = best),
    districts_ranked. Districts in the order given, then the province.
    """
    params = {"domain": domain, "month": month, "districts": [str(d) for d in districts]}
    return query(_SIDE_BY_SIDE_SQL, params)
