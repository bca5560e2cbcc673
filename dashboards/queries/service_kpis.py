"""Service KPIs by department: each department's registry indicators for one place, and the
health facilities behind HMIS reporting completeness.

``SECTIONS`` is the allow-list of departments the page shows, each tied to its domain in
the indicator registry; a section fills itself from the registry, so a new indicator needs
no code here. Over time and by district the page reuses ``dashboards.queries.compare``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboards.queries.indicator_registry import PERIOD_LABEL_SQL
from dashboards.queries.snapshot import query

FACILITY_MART = "fct_health_facility_months"
FACILITY_SOURCE = "Health Department — HMIS (DHIS2 completeDataSetRegistrations)"


@dataclass(frozen=True)
class Section:
    label: str  # the tab's name
    domain: str  # dim_indicator.domain
    department: str
    system: str  # where the figures come from, named for people
    page: str | None = None  # a page of its own with more detail


SECTIONS: tuple[Section, ...] = (
    Section("Health", "health", "Health Department", "Health MIS (DHIS2)"),
    Section("Education", "education", "School Education Department", "BEMIS school census"),
    Section(
        "Exams",
        "exams",
        "Board of Intermediate & Secondary Education",
        "BISE result gazettes",
    ),
    Section(
        "Complaints",
        "complaints",
        "Local Government Commission",
        "Complaint & Inquiry MIS (CQMIS)",
        page="app_pages/complaints.py",
    ),
    Section("NGOs", "ngos", "Social Welfare Department", "NGO registry (NGO MIS)"),
    Section(
        "Development schemes",
        "development",
        "Planning & Development Department",
        "Participatory Information System (PIS)",
    ),
    Section("HR", "hr", "Services & General Administration Department", "HR MIS"),
    Section("Land records", "land", "Board of Revenue", "Land record mutation register"),
    Section("Water", "water", "Public Health Engineering Department", "Water-scheme survey"),
)
GEO_LEVELS = ("province", "division", "district")


def section(label: str) -> Section:
    """The allow-listed section called ``label``; ValueError for anything else."""
    for s in SECTIONS:
        if s.label == label:
            return s
    raise ValueError(f"Unknown department section {label!r}")


# The latest period that starts by the month, and the period before it, per indicator.
_PLACE_SQL = f"""
with series as (
    select
        v.indicator_code,
        {PERIOD_LABEL_SQL} as period_label,
        v.value,
        v.reporting_completeness,
        v.crosses_boundary_change,
        row_number() over (
            partition by v.indicator_code order by v.period_start desc
        ) as recency
    from main.rpt_indicator_values as v
    inner join main.dim_indicator as i on i.indicator_code = v.indicator_code
    where i.domain = $domain
        and v.geo_level = $level
        and v.geo_code = $code
        and ($month is null or v.period_start <= $month)
),

latest_two as (
    select
        indicator_code,
        max(value) filter (where recency = 1) as value,
        max(value) filter (where recency = 2) as previous,
        max(period_label) filter (where recency = 1) as period_label,
        max(period_label) filter (where recency = 2) as previous_label,
        max(reporting_completeness) filter (where recency = 1) as reporting_completeness,
        bool_or(crosses_boundary_change) as crosses_boundary_change
    from series
    where recency <= 2
    group by indicator_code
)

select
    i.indicator_code,
    i.indicator_name,
    i.unit,
    i.higher_is_better,
    t.period_label,
    t.value,
    t.previous_label,
    t.previous,
    t.value - t.previous as change,
    case
        when i.higher_is_better is null or t.value is null or t.previous is null then null
        when t.value = t.previous then 'same'
        when (t.value > t.previous) = i.higher_is_better then 'better'
        else 'worse'
    end as change_direction,
    t.reporting_completeness,
    t.crosses_boundary_change
from latest_two as t
inner join main.dim_indicator as i on i.indicator_code = t.indicator_code
order by i.indicator_name
"""


def place_indicators(
    domain: str, geo_level: str, geo_code: str, month: date | None
) -> pd.DataFrame:
    """A domain's indicators for one place at their latest period starting by ``month``,
    against the period before.

    Columns: indicator_code, indicator_name, unit, higher_is_better, period_label, value,
    previous_label, previous, change, change_direction ('better', 'worse', 'same' or NULL),
    reporting_completeness, crosses_boundary_change.
    """
    if geo_level not in GEO_LEVELS:
        raise ValueError(f"Unknown geo_level {geo_level!r}; expected one of {GEO_LEVELS}")
    params = {"domain": domain, "level": geo_level, "code": geo_code, "month": month}
    return query(_PLACE_SQL, params)


# -- Health facilities that did not report ---------------------------------------------------

_FACILITY_MONTHS_SQL = """
select distinct period_month
from main.fct_health_facility_months
where $district is null or district_pcode = $district
order by period_month desc
"""


def facility_months(district_pcode: str | None = None) -> list[date]:
    """Months with facility reporting records (for the district, if given), newest first."""
    frame = query(_FACILITY_MONTHS_SQL, {"district": district_pcode})
    return [pd.Timestamp(v).date() for v in frame["period_month"]]


# Expected = open in the month, so a report was due: the denominator of HMIS completeness.
_REPORTING_SQL = """
select
    d.district_pcode,
    d.district_name,
    d.division,
    count(f.org_unit_id) filter (where f.is_expected) as facilities_expected,
    count(f.org_unit_id) filter (where f.is_expected and f.has_reported) as reported,
    count(f.org_unit_id) filter (where f.is_expected and f.is_on_time) as reported_on_time,
    count(f.org_unit_id) filter (where f.is_expected and not f.has_reported) as not_reported,
    100.0 * count(f.org_unit_id) filter (where f.is_expected and f.has_reported)
        / nullif(count(f.org_unit_id) filter (where f.is_expected), 0) as completeness_pct,
    100.0 * count(f.org_unit_id) filter (where f.is_expected and f.is_on_time)
        / nullif(count(f.org_unit_id) filter (where f.is_expected), 0) as timeliness_pct
from main.dim_district as d
left join main.fct_health_facility_months as f
    on f.district_pcode = d.district_pcode and f.period_month = $month
where $division is null or d.division = $division
group by d.district_pcode, d.district_name, d.division
order by completeness_pct asc nulls last, d.district_name
"""


def reporting_by_district(month: date, division: str | None = None) -> pd.DataFrame:
    """Facility reports expected, received and on time per district for a month, the
    least complete first.

    Columns: district_pcode, district_name, division, facilities_expected, reported,
    reported_on_time, not_reported, completeness_pct, timeliness_pct (NULL where no
    facility was expected to report).
    """
    return query(_REPORTING_SQL, {"month": month, "division": division})


_FACILITIES_SQL = """
select
    org_unit_id,
    facility_name,
    facility_type,
    tehsil_name,
    is_expected,
    has_reported,
    is_on_time,
    has_reported and not is_on_time as is_late,
    days_late,
    completed_at,
    data_values_sent,
    case
        when not has_reported then 'did not report'
        when not is_on_time then 'reported late'
        else 'reported on time'
    end as report_status
from main.fct_health_facility_months
where district_pcode = $district and period_month = $month
order by has_reported, is_on_time, days_late desc nulls last, facility_name
"""


def facility_reports(district_pcode: str, month: date) -> pd.DataFrame:
    """Every facility of the district that owed (or sent) a report for the month: those that
    did not report first, then late ones, then the rest.

    Columns: org_unit_id, facility_name, facility_type, tehsil_name, is_expected,
    has_reported, is_on_time, is_late, days_late, completed_at, data_values_sent,
    report_status ('did not report', 'reported late', 'reported on time').
    """
    return query(_FACILITIES_SQL, {"district": district_pcode, "month": month})
