"""Complaint KPIs from ``rpt_complaints__monthly`` (Local Government Commission, CQMIS).

The mart already holds one row per month and geography (province, division, district), so
every function here selects rows; none aggregates. The metric column is an identifier and
cannot be a bound parameter: it is taken from the ``METRICS`` allow-list, never from input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

import pandas as pd

from dashboards.queries.snapshot import query

SOURCE = "Local Government Commission — Complaint & Inquiry MIS (CQMIS)"
MART = "rpt_complaints__monthly"


@dataclass(frozen=True)
class Metric:
    column: str
    label: str
    unit: str
    higher_is_better: bool
    definition: str
    # d3-format for Plotly hover/axes, printf/named format for st.column_config.
    plot_format: str
    table_format: str
    short_label: str = ""  # a narrow column header

    @property
    def label_with_unit(self) -> str:
        """The label with its unit, unless the label already ends with it."""
        if self.label.lower().endswith(self.unit.lower()):
            return self.label
        return f"{self.label} ({self.unit})"


METRICS: Mapping[str, Metric] = MappingProxyType(
    {
        m.column: m
        for m in (
            Metric(
                column="complaints_per_100k",
                label="Complaints per 100,000 people",
                unit="per 100,000 people",
                higher_is_better=False,
                definition=(
                    "Complaints received during the month divided by the district's "
                    "Census 2023 population, times 100,000."
                ),
                plot_format=",.1f",
                table_format="%.1f",
                short_label="Per 100,000",
            ),
            Metric(
                column="median_days_to_resolve",
                label="Median days to resolve",
                unit="days",
                higher_is_better=False,
                definition=(
                    "Median number of days from receipt to resolution of the complaints "
                    "resolved during the month. Blank when none was resolved."
                ),
                plot_format=",.1f",
                table_format="%.1f",
                short_label="Median days",
            ),
            Metric(
                column="resolved_within_40d_pct",
                label="Resolved within 40 days",
                unit="% of resolved complaints",
                higher_is_better=True,
                definition=(
                    "Share of the complaints resolved during the month that were resolved "
                    "within 40 days of receipt, in percent. Blank when none was resolved."
                ),
                plot_format=",.1f",
                table_format="%.1f%%",
                short_label="≤ 40 days (%)",
            ),
            Metric(
                column="backlog_over_40d",
                label="Open complaints older than 40 days",
                unit="complaints",
                higher_is_better=False,
                definition=(
                    "Complaints still open at the end of the month that had been received "
                    "more than 40 days earlier."
                ),
                plot_format=",.0f",
                table_format="localized",
                short_label="Open > 40 days",
            ),
        )
    }
)

GEO_LEVELS = ("province", "division", "district")


def metric(key: str) -> Metric:
    """The allow-listed metric for ``key``; ValueError for anything else."""
    try:
        return METRICS[key]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown complaints metric {key!r}; expected one of {', '.join(METRICS)}"
        ) from None


def _order(m: Metric) -> str:
    return "desc" if m.higher_is_better else "asc"


_MONTHS_SQL = """
select distinct month_start
from main.rpt_complaints__monthly
where geo_level = 'district'
order by month_start desc
"""


def months_available() -> list[date]:
    """Months with district figures, newest first."""
    frame = query(_MONTHS_SQL)
    return [pd.Timestamp(v).date() for v in frame["month_start"]]


# A month is complete once the snapshot was published on or after the first of the next
# month; the month of publication itself is still filling up.
_LATEST_COMPLETE_SQL = """
select max(r.month_start) as month_start
from main.rpt_complaints__monthly as r
where r.geo_level = 'district'
  and r.month_start + interval 1 month
      <= (select cast(max(published_at) as date) from main.meta_snapshot)
"""


def latest_complete_month() -> date | None:
    """The newest month that ended before the snapshot was published (None if none)."""
    value = query(_LATEST_COMPLETE_SQL)["month_start"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date()


# Driven by dim_district so every district appears, with a NULL value if it has no row.
_DISTRICT_VALUES_SQL = """
select
    d.district_pcode,
    d.district_name,
    d.division,
    r."{column}" as value
from main.dim_district as d
left join main.rpt_complaints__monthly as r
    on r.geo_level = 'district'
    and r.geo_code = d.district_pcode
    and r.month_start = $month
where $division is null or d.division = $division
order by d.district_pcode
"""


def district_values(month: date, metric_key: str, division: str | None = None) -> pd.DataFrame:
    """One row per district (of the division, if given): district_pcode, district_name,
    division, value."""
    m = metric(metric_key)
    params = {"month": month, "division": division}
    return query(_DISTRICT_VALUES_SQL.format(column=m.column), params)


_RANKING_SQL = """
with district_month as (
    select
        d.district_pcode,
        d.district_name,
        d.division,
        d.population_2023,
        r."{column}" as value,
        r.complaints_received,
        r.complaints_resolved,
        r.backlog_over_40d
    from main.dim_district as d
    left join main.rpt_complaints__monthly as r
        on r.geo_level = 'district'
        and r.geo_code = d.district_pcode
        and r.month_start = $month
    where $division is null or d.division = $division
)

select
    case when value is null then null
        else rank() over (order by value {order} nulls last) end as rank,
    district_pcode,
    district_name,
    division,
    value,
    complaints_received,
    complaints_resolved,
    backlog_over_40d,
    population_2023
from district_month
order by value {order} nulls last, district_name
"""


def district_ranking(month: date, metric_key: str, division: str | None = None) -> pd.DataFrame:
    """All districts (of the division, if given) ranked best first on the metric for a month.

    Columns: rank (1 = best, ties share a rank, NULL when the district has no value),
    district_pcode, district_name, division, value, complaints_received,
    complaints_resolved, backlog_over_40d, population_2023.
    """
    m = metric(metric_key)
    sql = _RANKING_SQL.format(column=m.column, order=_order(m))
    return query(sql, {"month": month, "division": division})


_TREND_SQL = """
select
    r.month_start,
    r.geo_level,
    r.geo_code,
    r.geo_name,
    r."{column}" as value
from main.rpt_complaints__monthly as r
where r.geo_level = 'province'
    or (r.geo_level = 'district' and r.geo_code = $district)
    or (
        $include_division
        and r.geo_level = 'division'
        and r.geo_code = coalesce(
            (select division from main.dim_district where district_pcode = $district),
            $division
        )
    )
order by
    case r.geo_level when 'province' then 0 when 'division' then 1 else 2 end,
    r.month_start
"""


def trend(
    metric_key: str,
    district_pcode: str | None = None,
    *,
    include_division: bool = True,
    division: str | None = None,
) -> pd.DataFrame:
    """Monthly series for the province, plus a district and its division when asked.

    ``division`` adds that division when no district is given (a district brings its own).
    Columns: month_start, geo_level, geo_code, geo_name, value (province rows first).
    """
    m = metric(metric_key)
    params = {
        "district": district_pcode,
        "include_division": include_division,
        "division": division,
    }
    return query(_TREND_SQL.format(column=m.column), params)


_GEO_MONTH_SQL = """
select
    geo_name,
    population_2023,
    complaints_received,
    complaints_per_100k,
    complaints_resolved,
    median_days_to_resolve,
    resolved_within_40d_pct,
    backlog_over_40d,
    complaints_quarantined
from main.rpt_complaints__monthly
where month_start = $month and geo_level = $geo_level and geo_code = $geo_code
"""


def geography_month(month: date, geo_level: str, geo_code: str) -> dict[str, Any] | None:
    """All KPIs of one geography for one month, or None if the mart has no such row."""
    if geo_level not in GEO_LEVELS:
        raise ValueError(f"Unknown geo_level {geo_level!r}; expected one of {GEO_LEVELS}")
    frame = query(_GEO_MONTH_SQL, {"month": month, "geo_level": geo_level, "geo_code": geo_code})
    if frame.empty:
        return None
    return {k: (None if pd.isna(v) else v) for k, v in frame.iloc[0].items()}


def province_month(month: date) -> dict[str, Any] | None:
    """The province row for one month (its complaints_quarantined is the month's total)."""
    return geography_month(month, "province", "PK2")
