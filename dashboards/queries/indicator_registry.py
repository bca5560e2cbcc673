"""The indicator registry (``dim_indicator``) and the periods each indicator has figures for.

Every comparison page picks its indicator here and reads the values from
``rpt_indicator_values``. The definition, numerator, denominator and source shown beside a
figure come from the same registry row, so no number is shown without what it means.
Indicator codes reach SQL only as bound parameters; ``indicator`` also refuses any code the
registry does not hold, so a tampered URL gets an error message, not a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboards.queries.catalog import has_tables
from dashboards.queries.snapshot import query

MARTS = ("rpt_indicator_values", "dim_indicator")
SOURCE_NOTE = "Indicator registry (dim_indicator) and rpt_indicator_values"

# How each kind of period is named on an axis and in a sentence.
PERIOD_AXIS = {
    "month": "Month",
    "quarter": "Fiscal quarter",
    "year": "Calendar year",
    "fiscal_year": "Fiscal year (July–June)",
}


@dataclass(frozen=True)
class Indicator:
    """One registry row: what the indicator counts, in which unit, which way is better."""

    code: str
    name: str
    domain: str
    department_name: str
    source_code: str
    source_name: str
    numerator: str
    denominator: str
    factor: float | None
    unit: str
    higher_is_better: bool | None
    periodicity: str
    aggregation: str
    definition: str
    assumptions: str

    @property
    def direction(self) -> str:
        if self.higher_is_better is None:
            return "neither direction is better"
        return "higher is better" if self.higher_is_better else "lower is better"

    @property
    def is_count(self) -> bool:
        """A count: a district's value is part of the division and province totals, so it
        is ranked among districts but not set against those totals."""
        return self.aggregation == "count"

    @property
    def decimals(self) -> int:
        """Counts are whole; values near one (parity indices, visits per person) need two
        places; the rest one."""
        if self.is_count:
            return 0
        if any(word in self.unit for word in ("ratio", "per boy", "per person")):
            return 2
        return 1

    @property
    def value_format(self) -> str:
        """d3 format (Plotly) with thousands separators."""
        return f",.{self.decimals}f"

    @property
    def suffix(self) -> str:
        """A short unit to write after a number: the percent sign, nothing otherwise."""
        return " %" if self.unit.startswith("%") else ""

    @property
    def label_with_unit(self) -> str:
        if self.name.lower().endswith(self.unit.lower()):
            return self.name
        return f"{self.name} ({self.unit})"

    @property
    def choice_label(self) -> str:
        """How a selector names it, and so how a shared link carries it."""
        return f"{self.department_name} · {self.label_with_unit}"

    @property
    def period_axis(self) -> str:
        return PERIOD_AXIS.get(self.periodicity, "Period")


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _indicator(row: pd.Series) -> Indicator:
    higher = row["higher_is_better"]
    factor = row["factor"]
    return Indicator(
        code=str(row["indicator_code"]),
        name=str(row["indicator_name"]),
        domain=_text(row["domain"]),
        department_name=_text(row["department_name"]),
        source_code=_text(row["source_code"]),
        source_name=_text(row["source_name"]) or _text(row["source_code"]),
        numerator=_text(row["numerator_definition"]),
        denominator=_text(row["denominator_definition"]),
        factor=None if pd.isna(factor) else float(factor),
        unit=_text(row["unit"]),
        higher_is_better=None if pd.isna(higher) else bool(higher),
        periodicity=_text(row["periodicity"]),
        aggregation=_text(row["aggregation"]),
        definition=_text(row["definition"]),
        assumptions=_text(row["assumptions"]),
    )


# Only indicators with district figures: an indicator whose source has not landed yet (or
# that exists only province-wide, like the e-services catalogue) cannot be compared.
_INDICATORS_SQL = """
select
    i.indicator_code,
    i.indicator_name,
    i.domain,
    i.department_name,
    i.source_code,
    i.source_name,
    i.numerator_definition,
    i.denominator_definition,
    i.factor,
    i.unit,
    i.higher_is_better,
    i.periodicity,
    i.aggregation,
    i.definition,
    i.assumptions
from main.dim_indicator as i
where ($domain is null or i.domain = $domain)
    and i.indicator_code in (
        select distinct v.indicator_code
        from main.rpt_indicator_values as v
        where v.geo_level = 'district'
    )
order by i.department_name, i.indicator_name
"""


def available() -> bool:
    return has_tables(*MARTS)


def indicators(domain: str | None = None) -> list[Indicator]:
    """Registry indicators with district figures (of one domain, if given), by department
    and name."""
    frame = query(_INDICATORS_SQL, {"domain": domain})
    return [_indicator(row) for _, row in frame.iterrows()]


def indicator(code: str) -> Indicator:
    """The registry row of ``code``; ValueError for a code the registry does not hold."""
    found = {i.code: i for i in indicators()}
    try:
        return found[code]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown indicator {code!r}: not in the indicator registry") from None


def period_label_sql(alias: str = "v") -> str:
    """SQL for a period's display label on ``rpt_indicator_values`` under ``alias`` (a
    fixed alias of the calling query, never input). Quarters are fiscal quarters for the
    sources that report by quarter (PIS), so their label is the fiscal one, "FY 2025-26 Q1".
    """
    return (
        f"case when {alias}.period_type = 'quarter' "
        f"then coalesce({alias}.fiscal_quarter_label, {alias}.period_label) "
        f"else {alias}.period_label end"
    )


PERIOD_LABEL_SQL = period_label_sql()

_PERIODS_SQL = f"""
select distinct
    v.period_type,
    v.period_start,
    v.period_end,
    {PERIOD_LABEL_SQL} as period_label
from main.rpt_indicator_values as v
where v.indicator_code = $code and v.geo_level = 'district'
order by v.period_start
"""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    period_type: str


def periods(code: str) -> list[Period]:
    """The periods the indicator has district figures for, oldest first."""
    frame = query(_PERIODS_SQL, {"code": code})
    return [
        Period(
            start=pd.Timestamp(row.period_start).date(),
            end=pd.Timestamp(row.period_end).date(),
            label=str(row.period_label),
            period_type=str(row.period_type),
        )
        for row in frame.itertuples(index=False)
    ]


def period_at(options: list[Period], month: date | None) -> Period | None:
    """The latest period that starts by ``month`` (the sidebar's), else the latest there is.

    A yearly indicator thereby shows the year the chosen month falls in, as the Overview
    does, and a month before every figure falls back to the newest figures.
    """
    if not options:
        return None
    if month is None:
        return options[-1]
    started = [p for p in options if p.start <= month]
    return started[-1] if started else options[-1]
