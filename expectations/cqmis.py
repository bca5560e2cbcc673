"""Expectations for the landed Complaint & Inquiry MIS extracts.

They guard what the dashboards rely on: one row per complaint, every complaint placed in a
Census-2023 district, statuses from the known lifecycle, plausible dates and ratings.
Rows that broke these rules at the source were already quarantined at landing, so a failure
here means the landing logic or the source changed in a way nobody has reviewed yet.
"""

from __future__ import annotations

from typing import Any

from orchestration.defs.cqmis.extract import STATUSES
from orchestration.lib.districts import resolver


def complaints(e: Any) -> list[Any]:
    pcodes = sorted(resolver().districts)
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=[
                "complaint_id",
                "tracking_no",
                "received_date",
                "district_reported",
                "district_unit",
                "district_pcode",
                "department",
                "category",
                "channel",
                "status",
                "resolved_date",
                "satisfaction",
                "created_at",
                "updated_at",
            ],
            exact_match=True,
        ),
        e.ExpectColumnValuesToNotBeNull(column="complaint_id"),
        e.ExpectColumnValuesToBeUnique(column="complaint_id"),
        e.ExpectColumnValuesToBeUnique(column="tracking_no"),
        e.ExpectColumnValuesToBeInSet(column="district_pcode", value_set=pcodes),
        e.ExpectColumnValuesToNotBeNull(column="received_date"),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=STATUSES),
        e.ExpectColumnValuesToBeBetween(column="satisfaction", min_value=1, max_value=5),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="updated_at", column_B="created_at", or_equal=True
        ),
        e.ExpectColumnValuesToNotBeNull(column="department"),
    ]


def status_history(e: Any) -> list[Any]:
    return [
        e.ExpectColumnValuesToNotBeNull(column="event_id"),
        e.ExpectColumnValuesToBeUnique(column="event_id"),
        e.ExpectColumnValuesToNotBeNull(column="complaint_id"),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=STATUSES),
        e.ExpectColumnValuesToNotBeNull(column="changed_at"),
    ]


SUITES = {"complaints": complaints, "status_history": status_history}
