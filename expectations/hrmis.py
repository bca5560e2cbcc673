"""Expectations for the landed HR MIS month-end snapshots.

They guard what the vacancy and workforce marts will rely on: one row per post budget line
and per employee each month, every post and posting placed in a Census-2023 district, BPS
grades 1-22, counts that are counts, and deletions that name what was deleted. Rows
breaking these rules at the source were quarantined at landing, so a failure here means the
connector or the source changed in a way nobody has reviewed yet.
"""

from __future__ import annotations

from typing import Any

from orchestration.lib.districts import resolver


def _placed(e: Any) -> list[Any]:
    return [
        e.ExpectColumnValuesToNotBeNull(column="district_pcode"),
        e.ExpectColumnValuesToBeInSet(
            column="district_pcode", value_set=sorted(resolver().districts)
        ),
        e.ExpectColumnValuesToBeBetween(column="bps_grade", min_value=1, max_value=22),
        e.ExpectColumnValuesToNotBeNull(column="department_code"),
    ]


def sanctioned_posts(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=[
                "snapshot_month",
                "post_id",
                "department_code",
                "district_reported",
                "district_unit",
                "district_pcode",
                "cadre",
                "bps_grade",
                "sanctioned",
                "effective_from",
                "effective_to",
                "updated_at",
            ],
            exact_match=True,
        ),
        e.ExpectCompoundColumnsToBeUnique(column_list=["snapshot_month", "post_id"]),
        e.ExpectColumnValuesToBeBetween(column="sanctioned", min_value=0),
        e.ExpectColumnValuesToNotBeNull(column="effective_from"),
        *_placed(e),
    ]


def employees(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=[
                "snapshot_month",
                "employee_id",
                "personnel_no",
                "gender",
                "department_code",
                "cadre",
                "bps_grade",
                "district_reported",
                "district_unit",
                "district_pcode",
                "date_of_joining",
                "it_trained",
                "it_training_date",
                "posting_id",
                "posting_start_date",
                "current_status",
                "updated_at",
            ],
            exact_match=True,
        ),
        e.ExpectCompoundColumnsToBeUnique(column_list=["snapshot_month", "employee_id"]),
        e.ExpectCompoundColumnsToBeUnique(column_list=["snapshot_month", "personnel_no"]),
        e.ExpectColumnValuesToBeInSet(column="gender", value_set=["male", "female"]),
        e.ExpectColumnValuesToNotBeNull(column="date_of_joining"),
        e.ExpectColumnValuesToBeInSet(
            column="current_status", value_set=["active", "retired", "transferred"]
        ),
        *_placed(e),
    ]


def deletions(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=["entity", "record_id", "detected_at", "last_landed_record"],
            exact_match=True,
        ),
        e.ExpectColumnValuesToBeInSet(column="entity", value_set=["employees", "sanctioned_posts"]),
        e.ExpectColumnValuesToNotBeNull(column="record_id"),
        e.ExpectCompoundColumnsToBeUnique(column_list=["entity", "record_id"]),
    ]


SUITES = {"sanctioned_posts": sanctioned_posts, "employees": employees, "deletions": deletions}
