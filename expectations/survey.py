"""Expectations for the landed need-assessment survey responses.

They guard what the survey marts rely on: one row per respondent per wave, every
respondent placed in a Census-2023 district, every answer one of the form's choices.
Submissions that broke these rules in the Kobo export were quarantined at landing, so a
failure here means the connector or the form changed in a way nobody has reviewed yet.
"""

from __future__ import annotations

from typing import Any

from orchestration.defs.survey.form import load_form
from orchestration.lib.districts import resolver

PROFILE = [
    "wave", "respondent_uuid", "kobo_id", "kobo_index", "submitted_at", "form_version",
    "level", "department", "district_reported", "district_unit", "district_pcode",
    "designation", "bps_grade",
]


def responses(e: Any) -> list[Any]:
    form = load_form()
    pcodes = sorted(resolver().districts)
    expectations = [
        e.ExpectTableColumnsToMatchSet(
            column_set=PROFILE + [f.name for f in form.items], exact_match=True
        ),
        e.ExpectColumnValuesToNotBeNull(column="respondent_uuid"),
        e.ExpectCompoundColumnsToBeUnique(column_list=["wave", "respondent_uuid"]),
        e.ExpectColumnValuesToMatchRegex(column="wave", regex=r"^\d{4}-wave\d+$"),
        e.ExpectColumnValuesToBeInSet(column="district_pcode", value_set=pcodes),
        e.ExpectColumnValuesToNotBeNull(column="district_pcode"),
        e.ExpectColumnValuesToBeBetween(column="bps_grade", min_value=1, max_value=22),
        e.ExpectColumnValuesToNotBeNull(column="submitted_at"),
    ]
    for name in ("level", "department", "designation"):
        choices = sorted(form.choices[form.field(name).list_name])
        expectations.append(e.ExpectColumnValuesToBeInSet(column=name, value_set=choices))
    for item in form.items:
        expectations.append(e.ExpectColumnValuesToBeInSet(
            column=item.name, value_set=sorted(form.choices[item.list_name])
        ))
    return expectations


SUITES = {"responses": responses}
