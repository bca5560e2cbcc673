"""Expectations for the landed HMIS (DHIS2) extracts.

They guard what the health dashboards rely on: one value per facility, data element,
option combo and month; every value placed in a Census-2023 district; counts that are
numbers and never negative; one completeness registration per facility and month.
Rows that broke these rules at the source were quarantined at landing, so a failure here
means the landing logic or DHIS2 changed in a way nobody has reviewed yet.
"""

from __future__ import annotations

from typing import Any

from orchestration.lib.districts import resolver

ORG_UNIT_COLUMNS = [
    "period",
    "org_unit_id",
    "org_unit_code",
    "org_unit_name",
    "level",
    "level_name",
    "parent_id",
    "path",
    "division_name",
    "district_reported",
    "district_unit",
    "district_pcode",
    "tehsil_name",
    "facility_type",
    "is_facility",
    "opening_date",
    "closed_date",
]
DATA_VALUE_COLUMNS = [
    "period",
    "period_start",
    "org_unit_id",
    "facility_name",
    "facility_type",
    "org_unit_level",
    "tehsil_name",
    "division_name",
    "district_reported",
    "district_unit",
    "district_pcode",
    "data_element_id",
    "data_element_code",
    "data_element_name",
    "value_type",
    "category_option_combo_id",
    "category_option_combo_name",
    "attribute_option_combo_id",
    "value_text",
    "value",
    "stored_by",
    "created_at",
    "last_updated_at",
]
COMPLETENESS_COLUMNS = [
    "data_set_id",
    "data_set_name",
    "period",
    "period_start",
    "org_unit_id",
    "facility_name",
    "facility_type",
    "org_unit_level",
    "district_reported",
    "district_unit",
    "district_pcode",
    "attribute_option_combo_id",
    "completed_at",
    "due_at",
    "on_time",
    "days_late",
    "completed",
    "stored_by",
]


def org_units(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(column_set=ORG_UNIT_COLUMNS, exact_match=True),
        e.ExpectColumnValuesToNotBeNull(column="org_unit_id"),
        # One copy of the hierarchy per month read; within it, each org unit once.
        e.ExpectCompoundColumnsToBeUnique(column_list=["org_unit_id", "period"]),
        e.ExpectColumnValuesToNotBeNull(column="org_unit_name"),
        e.ExpectColumnValuesToBeBetween(column="level", min_value=1, max_value=8),
        # Nulls are the province and divisions, above any district.
        e.ExpectColumnValuesToBeInSet(column="district_pcode", value_set=_pcodes()),
    ]


def data_values(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(column_set=DATA_VALUE_COLUMNS, exact_match=True),
        e.ExpectCompoundColumnsToBeUnique(
            column_list=[
                "org_unit_id",
                "data_element_id",
                "category_option_combo_id",
                "attribute_option_combo_id",
                "period",
            ]
        ),
        e.ExpectColumnValuesToNotBeNull(column="district_pcode"),
        e.ExpectColumnValuesToBeInSet(column="district_pcode", value_set=_pcodes()),
        e.ExpectColumnValuesToMatchRegex(column="period", regex=r"^\d{6}$"),
        e.ExpectColumnValuesToNotBeNull(column="data_element_code"),
        e.ExpectColumnValuesToBeBetween(column="value", min_value=0),
    ]


def completeness(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(column_set=COMPLETENESS_COLUMNS, exact_match=True),
        e.ExpectCompoundColumnsToBeUnique(
            column_list=["data_set_id", "org_unit_id", "attribute_option_combo_id", "period"]
        ),
        e.ExpectColumnValuesToNotBeNull(column="district_pcode"),
        e.ExpectColumnValuesToBeInSet(column="district_pcode", value_set=_pcodes()),
        e.ExpectColumnValuesToNotBeNull(column="completed_at"),
        e.ExpectColumnValuesToBeBetween(column="days_late", min_value=0),
    ]


def _pcodes() -> list[str]:
    return sorted(resolver().districts)


SUITES = {"org_units": org_units, "data_values": data_values, "completeness": completeness}
