"""Expectations for the landed e-services catalogue.

One row per portal, per service and per portal × indicator; departments from the
department list, stages from the UN five-stage model, yes/no answers, no launch in the
future. Rows that broke these rules in the files were quarantined at landing; a failure here
means the landing logic changed in a way nobody has reviewed.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from orchestration.defs.eservices.extract import CHANNELS, STAGES, STATUSES, departments


def portals(e: Any) -> list[Any]:
    return [
        e.ExpectColumnValuesToBeUnique(column="portal_id"),
        e.ExpectColumnValuesToNotBeNull(column="portal_id"),
        e.ExpectColumnValuesToBeInSet(column="department_code", value_set=departments()),
        e.ExpectColumnValuesToBeInSet(column="channel", value_set=list(CHANNELS)),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
        e.ExpectColumnValuesToNotBeNull(column="is_synthetic"),
    ]


def services(e: Any) -> list[Any]:
    return [
        e.ExpectColumnValuesToBeUnique(column="service_id"),
        e.ExpectColumnValuesToNotBeNull(column="portal_id"),
        e.ExpectColumnValuesToBeInSet(column="department_code", value_set=departments()),
        e.ExpectColumnValuesToBeInSet(column="un_stage", value_set=list(STAGES)),
        e.ExpectColumnValuesToBeBetween(column="un_stage_number", min_value=1, max_value=5),
        e.ExpectColumnValuesToBeInSet(column="channel", value_set=list(CHANNELS)),
        # Dates reach the validator as pandas timestamps, so the bound is a datetime.
        e.ExpectColumnValuesToBeBetween(
            column="launched_on", max_value=datetime.combine(datetime.now().date(), time.max)
        ),
    ]


def checklist(e: Any) -> list[Any]:
    return [
        e.ExpectCompoundColumnsToBeUnique(column_list=["portal_id", "indicator_code"]),
        e.ExpectColumnValuesToNotBeNull(column="answer"),
        e.ExpectColumnValuesToBeInSet(
            column="criterion_code", value_set=["IF", "CP", "SP", "PE", "TE"]
        ),
    ]


SUITES = {"portals": portals, "services": services, "checklist": checklist}
