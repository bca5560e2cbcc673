"""Expectations for the landed BISE result gazettes.

They guard what the exam marts will rely on: one row per candidate per sitting, every
candidate placed in a Census-2023 district, results, groups and genders from the known
codes, marks within the total. Candidates breaking these rules in a gazette were
quarantined at landing, so a failure here means the connector or the gazettes changed in a
way nobody has reviewed yet.
"""

from __future__ import annotations

from typing import Any

from orchestration.defs.bise.extract import EXAMS, GENDERS, GROUPS, RESULTS, SESSIONS
from orchestration.lib.districts import resolver

COLUMNS = [
    "exam_year",
    "exam",
    "session",
    "roll_no",
    "candidate_name",
    "school_emis_code",
    "school_name",
    "district_reported",
    "district_unit",
    "district_pcode",
    "gender",
    "group_code",
    "marks_obtained",
    "total_marks",
    "result",
    "source_file",
]


def results(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(column_set=COLUMNS, exact_match=True),
        e.ExpectColumnValuesToNotBeNull(column="roll_no"),
        e.ExpectCompoundColumnsToBeUnique(column_list=["exam_year", "exam", "session", "roll_no"]),
        e.ExpectColumnValuesToBeInSet(column="exam", value_set=list(EXAMS)),
        e.ExpectColumnValuesToBeInSet(column="session", value_set=list(SESSIONS)),
        e.ExpectColumnValuesToNotBeNull(column="district_pcode"),
        e.ExpectColumnValuesToBeInSet(
            column="district_pcode", value_set=sorted(resolver().districts)
        ),
        e.ExpectColumnValuesToBeInSet(column="gender", value_set=list(GENDERS)),
        e.ExpectColumnValuesToBeInSet(column="group_code", value_set=list(GROUPS)),
        e.ExpectColumnValuesToBeInSet(column="result", value_set=list(RESULTS)),
        e.ExpectColumnValuesToNotBeNull(column="total_marks"),
        e.ExpectColumnValuesToBeBetween(column="marks_obtained", min_value=0),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="total_marks",
            column_B="marks_obtained",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        e.ExpectColumnValuesToBeBetween(column="exam_year", min_value=2000, max_value=2100),
    ]


SUITES = {"results": results}
