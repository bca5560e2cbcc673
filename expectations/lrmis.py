"""Expectations for the landed land-record mutation register exports.

They guard what the land-record marts will rely on: one row per mutation per export, every
mutation placed in a Census-2023 district, types and statuses from the register's lists,
attestation never before application and only on attested mutations, fees that are
amounts. Rows breaking these rules were quarantined at landing, so a failure here means the
connector or the export changed in a way nobody has reviewed yet.
"""

from __future__ import annotations

from typing import Any

from orchestration.defs.lrmis.extract import MUTATION_TYPES, STATUSES
from orchestration.lib.districts import resolver

COLUMNS = [
    "export_month",
    "mutation_id",
    "mutation_type",
    "mauza",
    "tehsil",
    "district_reported",
    "district_unit",
    "district_pcode",
    "application_date",
    "attestation_date",
    "status",
    "fee_pkr",
]


def mutations(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(column_set=COLUMNS, exact_match=True),
        e.ExpectColumnValuesToNotBeNull(column="mutation_id"),
        e.ExpectCompoundColumnsToBeUnique(column_list=["export_month", "mutation_id"]),
        e.ExpectColumnValuesToNotBeNull(column="district_pcode"),
        e.ExpectColumnValuesToBeInSet(
            column="district_pcode", value_set=sorted(resolver().districts)
        ),
        e.ExpectColumnValuesToBeInSet(column="mutation_type", value_set=list(MUTATION_TYPES)),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
        e.ExpectColumnValuesToNotBeNull(column="application_date"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="attestation_date",
            column_B="application_date",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        e.ExpectColumnValuesToBeBetween(column="fee_pkr", min_value=0),
    ]


SUITES = {"mutations": mutations}
