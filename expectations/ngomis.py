"""Expectations for the landed NGO registry exports.

They guard what the NGO marts will rely on: one row per registration per export, dates in
order, statuses from the registry's own list, every district of operation placed in a
Census-2023 district once per NGO. Rows breaking these rules in an export were quarantined
at landing, so a failure here means the connector or the export changed unreviewed.
"""

from __future__ import annotations

from typing import Any

from orchestration.defs.ngomis.extract import STATUSES
from orchestration.lib.districts import resolver


def registrations(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=[
                "export_month",
                "registration_no",
                "ngo_name",
                "sector",
                "districts_of_operation",
                "application_date",
                "registration_date",
                "renewal_date",
                "status",
            ],
            exact_match=True,
        ),
        e.ExpectColumnValuesToNotBeNull(column="registration_no"),
        e.ExpectCompoundColumnsToBeUnique(column_list=["export_month", "registration_no"]),
        e.ExpectColumnValuesToNotBeNull(column="application_date"),
        e.ExpectColumnValuesToNotBeNull(column="registration_date"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="registration_date", column_B="application_date", or_equal=True
        ),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="renewal_date",
            column_B="registration_date",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
    ]


def districts_of_operation(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=[
                "export_month",
                "registration_no",
                "list_position",
                "district_reported",
                "district_unit",
                "district_pcode",
            ],
            exact_match=True,
        ),
        e.ExpectColumnValuesToNotBeNull(column="registration_no"),
        e.ExpectColumnValuesToNotBeNull(column="district_pcode"),
        e.ExpectColumnValuesToBeInSet(
            column="district_pcode", value_set=sorted(resolver().districts)
        ),
        e.ExpectCompoundColumnsToBeUnique(
            column_list=["export_month", "registration_no", "district_unit"]
        ),
        e.ExpectColumnValuesToBeBetween(column="list_position", min_value=1),
    ]


SUITES = {"registrations": registrations, "districts_of_operation": districts_of_operation}
