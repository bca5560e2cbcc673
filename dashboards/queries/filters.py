"""Options of the sidebar filters every page shares: period, division and district.

The period is a month. Its options are the months any monthly mart has figures for (every
table with a ``month_start`` column, and the monthly rows of the indicator registry mart),
so a new monthly source widens the list without a code change. Labels and fiscal years come
from ``dim_period``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboards.queries.catalog import has_tables, tables_with_column
from dashboards.queries.snapshot import query

# Dimensions carry month_start too; they say what could be, not what was reported.
_NOT_FACTS = ("dim_", "meta_")


def monthly_marts() -> list[str]:
    """Marts with monthly figures (a ``month_start`` column), by name."""
    return [t for t in tables_with_column("month_start") if not t.startswith(_NOT_FACTS)]


@dataclass(frozen=True)
class Month:
    month_start: date
    label: str  # "Oct 2026": short, stable, and what the URL carries
    fiscal_year_label: str  # "FY 2026-27"
    complete: bool  # ended before the snapshot was published


_MONTHS_SQL = """
with months as (
    {union}
),

published as (
    select cast(max(published_at) as date) as published_on from main.meta_snapshot
)

select
    m.month_start,
    coalesce(p.month_label, strftime(m.month_start, '%b %Y')) as label,
    p.fiscal_year_label,
    m.month_start + interval 1 month <= published.published_on as complete
from months as m
cross join published
left join main.dim_period as p on p.month_start = m.month_start
order by m.month_start desc
"""


# The indicator registry mart keys every period by its first day; monthly rows count too.
_INDICATOR_MONTHS = (
    "select distinct period_start as month_start from main.rpt_indicator_values "
    "where period_type = 'month'"
)


def months() -> list[Month]:
    """Every month with figures in any monthly mart, newest first."""
    # Identifiers come from the snapshot's own catalog, never from user input.
    selects = [
        f'select distinct cast(month_start as date) as month_start from main."{t}"'
        for t in monthly_marts()
    ]
    if has_tables("rpt_indicator_values"):
        selects.append(_INDICATOR_MONTHS)
    if not selects:
        return []
    union = "\n    union\n    ".join(selects)
    frame = query(_MONTHS_SQL.format(union=union))
    return [
        Month(
            month_start=pd.Timestamp(row.month_start).date(),
            label=str(row.label),
            fiscal_year_label=str(row.fiscal_year_label or ""),
            complete=bool(row.complete) if not pd.isna(row.complete) else False,
        )
        for row in frame.itertuples(index=False)
    ]


def default_month(options: list[Month]) -> Month | None:
    """The newest complete month (the month in progress is still filling up)."""
    return next((m for m in options if m.complete), options[0] if options else None)


_DIVISIONS_SQL = """
select distinct division
from main.dim_district
order by division
"""


def divisions() -> list[str]:
    return query(_DIVISIONS_SQL)["division"].tolist()


_DISTRICTS_SQL = """
select district_pcode, district_name, division
from main.dim_district
where $division is null or division = $division
order by district_name
"""


def districts(division: str | None = None) -> pd.DataFrame:
    """district_pcode, district_name, division; only the division's when one is given."""
    return query(_DISTRICTS_SQL, {"division": division})
