"""Headline KPIs for the Overview page, one block per departmental source.

``HEADLINES`` is the registry: a source gets a block on the Overview as soon as its marts
are in the snapshot. Sources without a headline yet (or not loaded yet) are still listed,
from ``dim_source_system`` and the data-health freshness mart, so the page grows with the
data. Each headline selects rows its mart already aggregated; nothing is summed here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from types import MappingProxyType

import pandas as pd

from dashboards.queries import complaints
from dashboards.queries.catalog import has_tables
from dashboards.queries.snapshot import query


@dataclass(frozen=True)
class Kpi:
    label: str
    value: float | None
    previous: float | None
    unit: str
    fmt: str  # format spec for value and change, e.g. ",.1f"
    higher_is_better: bool | None
    help: str = ""
    trend: tuple[float, ...] = ()
    suffix: str = ""  # a short unit written after the value (" %", " days")
    completeness: float | None = None  # reporting completeness (%) of the source, if measured

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class HeadlineFigures:
    """What a headline shows: for which period and place, compared with what."""

    period: str  # "October 2026" / "wave 2010-wave2"
    compared_with: str | None  # "September 2026" / "2009-wave1"; None when nothing before
    place: str
    kpis: tuple[Kpi, ...]
    note: str = ""


@dataclass(frozen=True)
class Geography:
    level: str  # province, division, district
    code: str
    name: str


@dataclass(frozen=True)
class Headline:
    source_code: str
    title: str
    marts: tuple[str, ...]
    page: str | None  # the page file, for st.page_link (None: no page of its own yet)
    figures: Callable[[date | None, Geography], HeadlineFigures | None]
    by_geography: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)


def _value(row: pd.Series | None, column: str) -> float | None:
    if row is None:
        return None
    value = row[column]
    return None if pd.isna(value) else float(value)


_COMPLAINTS_SQL = """
select
    month_start,
    complaints_received,
    complaints_per_100k,
    median_days_to_resolve,
    resolved_within_40d_pct,
    backlog_over_40d
from main.rpt_complaints__monthly
where geo_level = $level and geo_code = $code
    and month_start between $month - interval 11 month and $month
order by month_start
"""


_SUFFIX = {"days": " days", "% of resolved complaints": " %", "% of items": " %"}


def complaints_figures(month: date | None, geo: Geography) -> HeadlineFigures | None:
    """The month's complaint KPIs for the place, against the month before (12-month trend)."""
    months = complaints.months_available()
    if not months:
        return None
    latest_complete = complaints.latest_complete_month() or months[0]
    requested, month = month, month if month in months else latest_complete
    frame = query(_COMPLAINTS_SQL, {"level": geo.level, "code": geo.code, "month": month})
    frame["month_start"] = pd.to_datetime(frame["month_start"]).dt.date
    by_month = {m: row for m, (_, row) in zip(frame["month_start"], frame.iterrows(), strict=True)}
    previous_month = (pd.Timestamp(month) - pd.DateOffset(months=1)).date()
    current, previous = by_month.get(month), by_month.get(previous_month)
    received = (
        "complaints_received",
        "Complaints received",
        "complaints",
        ",.0f",
        None,
        "Complaints received during the month.",
    )
    specs = [received] + [
        (m.column, m.label, m.unit, m.plot_format, m.higher_is_better, m.definition)
        for m in complaints.METRICS.values()
    ]
    kpis = [
        Kpi(
            label=label,
            value=_value(current, column),
            previous=_value(previous, column),
            unit=unit,
            fmt=fmt,
            higher_is_better=higher_is_better,
            help=definition,
            trend=tuple(float(v) for v in frame[column].dropna()),
            suffix=_SUFFIX.get(unit, ""),
        )
        for column, label, unit, fmt, higher_is_better, definition in specs
    ]
    note = "Month still in progress." if month > latest_complete else ""
    if requested is not None and requested != month:
        note = f"No complaint figures for {requested:%B %Y}; showing {month:%B %Y}."
    return HeadlineFigures(
        period=f"{month:%B %Y}",
        compared_with=f"{previous_month:%b %Y}" if previous is not None else None,
        place=geo.name,
        kpis=tuple(kpis),
        note=note,
    )


_SURVEY_WAVES_SQL = """
with per_wave as (
    select
        wave,
        any_value(wave_year) as wave_year,
        any_value(wave_number) as wave_number,
        max(item_respondents) as respondents,
        count(distinct item_code) as items,
        count(distinct item_code) filter (where net_agreement_pct > 0) as items_net_positive
    from main.rpt_survey__item_distribution
    group by wave
)

select
    w.*,
    100.0 * w.items_net_positive / w.items as items_net_positive_pct,
    (
        select count(*)
        from main.rpt_survey__group_differences as g
        where g.wave = w.wave and g.comparison = 'between_waves' and g.is_significant_holm
    ) as items_changed_significantly
from per_wave as w
order by w.wave_year desc, w.wave_number desc
limit 2
"""


def survey_figures(_month: date | None, _geo: Geography) -> HeadlineFigures | None:
    """The latest wave against the one before (the survey is province-wide and by wave)."""
    frame = query(_SURVEY_WAVES_SQL)
    if frame.empty:
        return None
    latest = frame.iloc[0]
    before = frame.iloc[1] if len(frame) > 1 else None
    kpis = (
        Kpi(
            label="Respondents",
            value=_value(latest, "respondents"),
            previous=_value(before, "respondents"),
            unit="officials",
            fmt=",.0f",
            higher_is_better=None,
            help="Government officials whose questionnaire loaded in the wave.",
        ),
        Kpi(
            label="Items with net agreement",
            value=_value(latest, "items_net_positive_pct"),
            previous=_value(before, "items_net_positive_pct"),
            unit="% of items",
            fmt=",.0f",
            higher_is_better=None,
            suffix=" %",
            help="Share of the questionnaire's items on which more respondents agree (or "
            "answer yes) than disagree (or answer no).",
        ),
        Kpi(
            label="Items that changed",
            value=_value(latest, "items_changed_significantly") if before is not None else None,
            previous=None,
            unit="items (Holm-adjusted p < 0.05)",
            fmt=",.0f",
            higher_is_better=None,
            help="Agreement items whose answers moved between the two waves by a rank test "
            "that stays significant after Holm's adjustment for testing every item.",
        ),
    )
    return HeadlineFigures(
        period=f"wave {latest['wave']}",
        compared_with=str(before["wave"]) if before is not None else None,
        place="Balochistan (province-wide)",
        kpis=kpis,
        note="Synthetic answers except Figure C1, which reproduces the report.",
    )


HEADLINES: Mapping[str, Headline] = MappingProxyType(
    {
        h.source_code: h
        for h in (
            Headline(
                source_code="cqmis",
                title="Citizens' complaints",
                marts=("rpt_complaints__monthly", "dim_district"),
                page="app_pages/complaints.py",
                figures=complaints_figures,
            ),
            Headline(
                source_code="survey",
                title="e-Governance need assessment",
                marts=("rpt_survey__item_distribution", "rpt_survey__group_differences"),
                page="app_pages/survey.py",
                figures=survey_figures,
                by_geography=False,
            ),
        )
    }
)


INDICATOR_MARTS = ("rpt_indicator_values", "dim_indicator")
MAX_INDICATORS = 6

_INDICATOR_SOURCES_SQL = """
select
    v.source_code,
    any_value(s.source_name) as source_name,
    count(distinct v.indicator_code) as indicators
from main.rpt_indicator_values as v
left join main.dim_source_system as s on s.source_code = v.source_code
group by v.source_code
order by v.source_code
"""


def indicator_sources() -> pd.DataFrame:
    """Sources with rows in the indicator mart: source_code, source_name, indicators."""
    return query(_INDICATOR_SOURCES_SQL)


# The latest period at or before the chosen month of each indicator, and the one before.
_INDICATOR_SQL = """
with series as (
    select
        v.indicator_code,
        i.indicator_name,
        i.unit,
        i.higher_is_better,
        i.definition,
        v.period_start,
        v.period_label,
        v.value,
        v.reporting_completeness,
        v.crosses_boundary_change,
        row_number() over (
            partition by v.indicator_code order by v.period_start desc
        ) as recency
    from main.rpt_indicator_values as v
    inner join main.dim_indicator as i on i.indicator_code = v.indicator_code
    where v.source_code = $source
        and v.geo_level = $level
        and v.geo_code = $code
        and ($month is null or v.period_start <= $month)
)

select
    indicator_code,
    any_value(indicator_name) as indicator_name,
    any_value(unit) as unit,
    any_value(higher_is_better) as higher_is_better,
    any_value(definition) as definition,
    max(value) filter (where recency = 1) as value,
    max(value) filter (where recency = 2) as previous,
    max(period_label) filter (where recency = 1) as period_label,
    max(period_label) filter (where recency = 2) as previous_label,
    max(reporting_completeness) filter (where recency = 1) as completeness,
    bool_or(crosses_boundary_change) as crosses_boundary_change
from series
where recency <= 2
group by indicator_code
order by indicator_code
limit $limit
"""


def _indicator_format(unit: str) -> tuple[str, str]:
    """Format spec and suffix for a registry unit."""
    unit = (unit or "").strip()
    if unit.startswith("%"):
        return ",.1f", " %"
    if unit in ("days", "day"):
        return ",.1f", " days"
    if unit.split(" ")[0] in ("count", "people", "complaints", "schools", "employees"):
        return ",.0f", ""
    return ",.1f", ""


def indicator_figures(
    source_code: str, month: date | None, geo: Geography
) -> HeadlineFigures | None:
    """Any source's indicators from the registry mart, for the place, against the period
    before: the Overview grows with the registry, not with code."""
    params = {
        "source": source_code,
        "level": geo.level,
        "code": geo.code,
        "month": month,
        "limit": MAX_INDICATORS,
    }
    frame = query(_INDICATOR_SQL, params)
    if frame.empty:
        return None
    kpis = []
    for row in frame.itertuples(index=False):
        fmt, suffix = _indicator_format(row.unit)
        crosses = not pd.isna(row.crosses_boundary_change) and bool(row.crosses_boundary_change)
        boundary = " The series crosses a district boundary change." if crosses else ""
        kpis.append(
            Kpi(
                label=str(row.indicator_name),
                value=None if pd.isna(row.value) else float(row.value),
                previous=None if pd.isna(row.previous) else float(row.previous),
                unit=str(row.unit),
                fmt=fmt,
                higher_is_better=None
                if pd.isna(row.higher_is_better)
                else bool(row.higher_is_better),
                help=f"{row.definition or ''}{boundary}",
                suffix=suffix,
                completeness=None if pd.isna(row.completeness) else float(row.completeness),
            )
        )
    periods = ", ".join(dict.fromkeys(str(p) for p in frame["period_label"].dropna()))
    previous = ", ".join(dict.fromkeys(str(p) for p in frame["previous_label"].dropna()))
    return HeadlineFigures(
        period=periods,
        compared_with=previous or None,
        place=geo.name,
        kpis=tuple(kpis),
        note="From the indicator registry (rpt_indicator_values).",
    )


def available_headlines() -> list[Headline]:
    """Registered headlines whose marts are in the snapshot, then one per other source in
    the indicator registry mart."""
    found = [h for h in HEADLINES.values() if has_tables(*h.marts)]
    if has_tables(*INDICATOR_MARTS, "dim_source_system"):
        covered = {h.source_code for h in found}
        for row in indicator_sources().itertuples(index=False):
            if row.source_code in covered:
                continue
            found.append(
                Headline(
                    source_code=row.source_code,
                    title=str(row.source_name or row.source_code),
                    marts=INDICATOR_MARTS,
                    page=None,
                    figures=partial(indicator_figures, row.source_code),
                )
            )
    return found


_SOURCES_SQL = """
select
    s.source_code,
    s.source_name,
    s.department_code,
    coalesce(d.short_name, s.department_name) as department,
    s.department_name,
    s.cadence,
    {freshness}
from main.dim_source_system as s
left join main.dim_department as d on d.department_code = s.department_code
{join}
order by s.source_code
"""

_WITH_FRESHNESS = (
    "f.freshness_status, f.latest_partition_key, f.last_extracted_at",
    "left join main.rpt_data_health__freshness as f on f.source_code = s.source_code",
)
_WITHOUT_FRESHNESS = (
    "null::varchar as freshness_status, null::varchar as latest_partition_key, "
    "null::timestamptz as last_extracted_at",
    "",
)


def sources() -> pd.DataFrame:
    """Every departmental source system, with its freshness when the snapshot has it.

    Columns: source_code, source_name, department_code, department, department_name,
    cadence, freshness_status, latest_partition_key, last_extracted_at.
    """
    if not has_tables("dim_source_system", "dim_department"):
        return pd.DataFrame(
            columns=[
                "source_code",
                "source_name",
                "department_code",
                "department",
                "department_name",
                "cadence",
                "freshness_status",
                "latest_partition_key",
                "last_extracted_at",
            ]
        )
    freshness, join = (
        _WITH_FRESHNESS if has_tables("rpt_data_health__freshness") else _WITHOUT_FRESHNESS
    )
    return query(_SOURCES_SQL.format(freshness=freshness, join=join))
