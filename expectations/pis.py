"""Expectations for the landed PIS (development schemes) extracts.

They guard what planning dashboards rely on: one row per scheme in each reading of the
register, a district for every scheme that is not province-wide, amounts that are numbers
and add up (allocation within the estimated cost), and quarterly returns where expenditure
never exceeds releases and progress stays within 0-100 %. Rows that broke these rules at
the source were quarantined at landing, so a failure here means the landing logic or the
API changed in a way nobody has reviewed yet.
"""

from __future__ import annotations

from typing import Any

from orchestration.lib.districts import resolver

SCHEME_COLUMNS = [
    "quarter_read",
    "scheme_id",
    "gs_no",
    "scheme_name",
    "sector",
    "programme",
    "district_reported",
    "district_unit",
    "district_pcode",
    "district_scope",
    "executing_agency",
    "estimated_cost_pkr_m",
    "allocation_pkr_m",
    "start_date",
    "planned_completion_date",
    "status",
    "fiscal_year",
    "updated_at",
]
PROGRESS_COLUMNS = [
    "scheme_id",
    "fiscal_year",
    "quarter",
    "quarter_start",
    "releases_to_date_pkr_m",
    "expenditure_to_date_pkr_m",
    "physical_progress_pct",
    "reported_on",
    "remarks",
]


def schemes(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(column_set=SCHEME_COLUMNS, exact_match=True),
        # One copy of the register per quarter read; within it, each scheme once.
        e.ExpectCompoundColumnsToBeUnique(column_list=["scheme_id", "quarter_read"]),
        e.ExpectColumnValuesToNotBeNull(column="scheme_id"),
        # Null only for province-wide schemes (district_scope = provincial).
        e.ExpectColumnValuesToBeInSet(
            column="district_pcode", value_set=sorted(resolver().districts)
        ),
        e.ExpectColumnValuesToBeInSet(
            column="district_scope", value_set=["district", "provincial"]
        ),
        e.ExpectColumnValuesToBeBetween(
            column="estimated_cost_pkr_m", min_value=0, strict_min=True
        ),
        e.ExpectColumnValuesToBeBetween(column="allocation_pkr_m", min_value=0),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="estimated_cost_pkr_m", column_B="allocation_pkr_m", or_equal=True
        ),
        e.ExpectColumnValuesToNotBeNull(column="sector"),
    ]


def scheme_progress(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(column_set=PROGRESS_COLUMNS, exact_match=True),
        e.ExpectCompoundColumnsToBeUnique(column_list=["scheme_id", "quarter"]),
        e.ExpectColumnValuesToMatchRegex(column="quarter", regex=r"^\d{4}-\d{2}-Q[1-4]$"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="releases_to_date_pkr_m", column_B="expenditure_to_date_pkr_m", or_equal=True
        ),
        e.ExpectColumnValuesToBeBetween(column="physical_progress_pct", min_value=0, max_value=100),
        e.ExpectColumnValuesToBeBetween(column="expenditure_to_date_pkr_m", min_value=0),
    ]


SUITES = {"schemes": schemes, "scheme_progress": scheme_progress}
