"""Expectations for the landed PHE water-supply scheme functionality survey.

One row per scheme per round, every scheme in a Census-2023 district, known types and
answers, plausible years and populations, and a reason for every scheme found not working.
Rows that broke these rules in the workbook were quarantined at landing; a failure here means
the landing logic or a column map changed in a way nobody has reviewed.
"""

from __future__ import annotations

from typing import Any

from orchestration.defs.phemis import vocabulary
from orchestration.defs.phemis.extract import FIRST_PLAUSIBLE_YEAR
from orchestration.lib.districts import resolver


def schemes(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=[
                "survey_round",
                "scheme_id",
                "scheme_name",
                "district_reported",
                "district_unit",
                "district_pcode",
                "tehsil",
                "scheme_type",
                "year_built",
                "design_population",
                "functionality",
                "non_functional_reason",
                "reason_reported",
                "is_solarised",
                "source_row_number",
            ],
            exact_match=True,
        ),
        e.ExpectCompoundColumnsToBeUnique(column_list=["survey_round", "scheme_id"]),
        e.ExpectColumnValuesToNotBeNull(column="scheme_id"),
        e.ExpectColumnValuesToBeInSet(
            column="district_pcode", value_set=sorted(resolver().districts)
        ),
        e.ExpectColumnValuesToBeInSet(
            column="scheme_type", value_set=sorted(set(vocabulary.SCHEME_TYPES.values()))
        ),
        e.ExpectColumnValuesToBeInSet(
            column="functionality", value_set=sorted(set(vocabulary.FUNCTIONALITY.values()))
        ),
        e.ExpectColumnValuesToBeBetween(
            column="year_built", min_value=FIRST_PLAUSIBLE_YEAR, max_value=2100
        ),
        e.ExpectColumnValuesToBeBetween(column="design_population", min_value=1),
        e.ExpectColumnValuesToBeInSet(
            column="non_functional_reason",
            value_set=sorted({*vocabulary.REASONS.values(), "other"}),
        ),
    ]


SUITES = {"schemes": schemes}
