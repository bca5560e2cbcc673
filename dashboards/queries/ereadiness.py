"""E-readiness: the district index and its components, sensitivity and stability, and the
maturity of the departments' online services (``rpt_ereadiness__*``).

The marts hold one row per fiscal year and district (or department, portal, stage): every
function here selects rows, none aggregates. Fiscal years are keyed by the calendar year
they start in (2025 for FY 2025-26). The method is in docs/methodology/ereadiness.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboards.queries.snapshot import query

SOURCE = (
    "E-readiness marts of the provincial warehouse (HMIS, BEMIS, HR MIS, the IT Department's "
    "e-services catalogue, PBS Census 2023)"
)
INDEX_MARTS = (
    "rpt_ereadiness__district_index",
    "rpt_ereadiness__indicator_scores",
    "rpt_ereadiness__sensitivity",
    "rpt_ereadiness__rank_stability",
    "rpt_ereadiness__rank_stability_summary",
)
MATURITY_MARTS = (
    "rpt_ereadiness__department_maturity",
    "rpt_ereadiness__service_stages",
    "rpt_ereadiness__portal_scores",
    "rpt_ereadiness__provincial_stage",
    "rpt_ereadiness__provincial_summary",
)
MARTS = INDEX_MARTS + MATURITY_MARTS


@dataclass(frozen=True)
class Component:
    code: str
    label: str
    column: str
    egdi_analogue: str


COMPONENTS = (
    Component(
        "INFRA",
        "Infrastructure",
        "infrastructure_score",
        "Telecommunication Infrastructure Index",
    ),
    Component("HUMAN", "Human capital", "human_capital_score", "Human Capital Index"),
    Component("ONLINE", "Online services", "online_services_score", "Online Service Index"),
)


@dataclass(frozen=True)
class FiscalYear:
    start: int
    label: str
    is_complete_basket: bool
    is_headline: bool


_YEARS_SQL = """
select
    fiscal_year_start,
    any_value(fiscal_year_label) as fiscal_year_label,
    bool_and(is_complete_basket) as is_complete_basket,
    bool_or(is_headline_year) as is_headline_year
from main.rpt_ereadiness__district_index
where is_rated
group by fiscal_year_start
order by fiscal_year_start desc
"""


def rated_years() -> list[FiscalYear]:
    """The fiscal years with an index, newest first."""
    frame = query(_YEARS_SQL)
    return [
        FiscalYear(
            int(r.fiscal_year_start),
            r.fiscal_year_label,
            bool(r.is_complete_basket),
            bool(r.is_headline_year),
        )
        for r in frame.itertuples(index=False)
    ]


def headline_year(years: list[FiscalYear]) -> FiscalYear | None:
    """The year the page opens on: the mart's headline year, else the newest."""
    return next((y for y in years if y.is_headline), years[0] if years else None)


_INDEX_SQL = """
with district_year as (
    select *
    from main.rpt_ereadiness__district_index
    where fiscal_year_start = $year and is_rated
)

select
    d.district_rank,
    d.district_pcode,
    d.district_name,
    d.division,
    d.ereadiness_index,
    d.band,
    d.band_order,
    d.infrastructure_score,
    d.human_capital_score,
    d.online_services_score,
    d.infrastructure_raw,
    d.human_capital_raw,
    d.online_services_raw,
    d.components_available,
    d.indicators_available,
    d.indicators_included,
    d.districts_ranked,
    s.previous_district_rank,
    s.rank_change,
    s.index_change,
    s.previous_fiscal_year_label,
    d.fiscal_year_label
from district_year as d
left join main.rpt_ereadiness__rank_stability as s
    on s.fiscal_year_start = d.fiscal_year_start and s.district_pcode = d.district_pcode
where $division is null or d.division = $division
order by d.district_rank nulls last, d.district_name
"""


def district_index(year: int, division: str | None = None) -> pd.DataFrame:
    """The districts (of the division, if given) best first: rank among all districts of
    the province, index, band, the three components (0-1 and raw), what they rest on, and
    the change on the previous rated year."""
    return query(_INDEX_SQL, {"year": year, "division": division})


def district_row(year: int, district_pcode: str) -> dict[str, Any] | None:
    """One district's row of :func:`district_index`, or None."""
    frame = district_index(year)
    rows = frame[frame["district_pcode"] == district_pcode]
    if rows.empty:
        return None
    return {k: (None if pd.isna(v) else v) for k, v in rows.iloc[0].items()}


_INDICATORS_SQL = """
select
    component_name,
    indicator_code,
    indicator_name,
    direction,
    value,
    value_kind,
    periods_observed,
    is_observed,
    districts_observed,
    year_mean,
    year_std,
    is_constant,
    z_score,
    indicator_weight
from main.rpt_ereadiness__indicator_scores
where fiscal_year_start = $year and district_pcode = $district
order by
    case component_code when 'INFRA' then 1 when 'HUMAN' then 2 when 'ONLINE' then 3 else 4 end,
    indicator_name
"""


def indicator_scores(year: int, district_pcode: str) -> pd.DataFrame:
    """What one district's components rest on: each indicator's value, the year's mean and
    standard deviation across districts, and the district's z-score."""
    return query(_INDICATORS_SQL, {"year": year, "district": district_pcode})


_SENSITIVITY_SQL = """
select
    district_rank,
    district_pcode,
    district_name,
    division,
    dropped_component_code,
    dropped_component_name,
    dropped_component_score,
    ereadiness_index,
    index_without_component,
    rank_without_component,
    rank_change
from main.rpt_ereadiness__sensitivity
where fiscal_year_start = $year and ($division is null or division = $division)
order by district_rank, district_name, dropped_component_code
"""


def sensitivity(year: int, division: str | None = None) -> pd.DataFrame:
    """Rank without each component in turn, one row per district and dropped component."""
    return query(_SENSITIVITY_SQL, {"year": year, "division": division})


_STABILITY_SQL = """
select
    fiscal_year_start,
    fiscal_year_label,
    previous_fiscal_year_label,
    districts_compared,
    spearman_rho,
    mean_abs_rank_change,
    max_abs_rank_change,
    districts_moving_5_or_more,
    same_indicators
from main.rpt_ereadiness__rank_stability_summary
order by fiscal_year_start desc
"""


def stability_summary() -> pd.DataFrame:
    """Year to year: Spearman's rho, mean and largest rank change, newest first."""
    return query(_STABILITY_SQL)


_HISTORY_SQL = """
select
    fiscal_year_start,
    fiscal_year_label,
    district_pcode,
    district_name,
    division,
    district_rank,
    ereadiness_index
from main.rpt_ereadiness__rank_stability
where $division is null or division = $division
order by fiscal_year_start, district_rank
"""


def rank_history(division: str | None = None) -> pd.DataFrame:
    """Each district's rank in every rated year (of the division, if given)."""
    return query(_HISTORY_SQL, {"division": division})


_SUMMARY_SQL = """
select *
from main.rpt_ereadiness__provincial_summary
"""


def provincial_summary() -> dict[str, Any] | None:
    """The province on the UN five-stage model now, beside the report's finding."""
    frame = query(_SUMMARY_SQL)
    if frame.empty:
        return None
    return {k: (None if pd.isna(v) else v) for k, v in frame.iloc[0].items()}


_STAGES_SQL = """
select
    stage_number,
    stage,
    definition,
    live_services_at_stage,
    share_of_live_services,
    live_services_at_or_above,
    share_at_or_above,
    departments_highest_at_stage,
    departments_at_or_above,
    is_report_stage,
    is_report_next_stage,
    is_current_median_stage
from main.rpt_ereadiness__provincial_stage
order by stage_number
"""


def provincial_stages() -> pd.DataFrame:
    """Live services and departments at each UN stage, with the report's stage flagged."""
    return query(_STAGES_SQL)


_DEPARTMENTS_SQL = """
select
    department_code,
    department_name,
    short_name,
    stage_number,
    stage,
    median_live_stage_number,
    services,
    live_services,
    planned_services,
    live_stage_1,
    live_stage_2,
    live_stage_3,
    live_stage_4,
    live_stage_5,
    intra_department_computerisation,
    intra_department_computerisation_band,
    inter_department_connectivity,
    inter_department_connectivity_band,
    public_information,
    public_information_band,
    maturity_score,
    live_internal_systems,
    live_web_portals,
    employees,
    it_trained_share,
    source_systems,
    source_systems_delivering,
    has_connected_service
from main.rpt_ereadiness__department_maturity
order by maturity_score desc nulls last, department_name
"""


def department_maturity() -> pd.DataFrame:
    """Every department: its UN stage and the three axes of the need assessment, 0-1."""
    return query(_DEPARTMENTS_SQL)


_SERVICES_SQL = """
select
    department_name,
    service_name,
    un_stage_number,
    un_stage,
    service_status,
    reach,
    district_name,
    portal_name,
    channel,
    launched_on,
    stage_basis,
    is_beyond_report_stage,
    is_synthetic,
    service_id,
    department_code
from main.rpt_ereadiness__service_stages
where $department is null or department_code = $department
order by department_name, un_stage_number desc, service_name
"""


def services(department_code: str | None = None) -> pd.DataFrame:
    """Every service of the catalogue (of one department, if given) with its UN stage."""
    return query(_SERVICES_SQL, {"department": department_code})


_PORTALS_SQL = """
with scored as (
    select
        *,
        max(case when criterion_code = 'ALL' then score end)
            over (partition by portal_id) as overall_score
    from main.rpt_ereadiness__portal_scores
)

select
    portal_id,
    portal_name,
    portal_kind,
    department_name,
    district_name,
    portal_status,
    criterion_code,
    criterion,
    items_in_checklist,
    items_assessed,
    items_met,
    score,
    band,
    overall_score,
    assessed_on
from scored
order by
    portal_kind,
    overall_score desc nulls last,
    portal_name,
    case criterion_code
        when 'ALL' then 0 when 'IF' then 1 when 'CP' then 2 when 'SP' then 3
        when 'PE' then 4 when 'TE' then 5 else 6
    end
"""


def portal_scores() -> pd.DataFrame:
    """Each department portal and district website on each checklist criterion and overall,
    best portals first."""
    return query(_PORTALS_SQL)
