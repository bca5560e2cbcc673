"""Expectations for the landed annual school census (BEMIS).

They guard what the education pages rely on: one row per school per census year, every
school in a Census-2023 district, codes from the known vocabularies, counts that are whole
and plausible. Rows that broke these rules in the workbook were quarantined at landing, so a
failure here means the landing logic or a column map changed in a way nobody has reviewed.
"""

from __future__ import annotations

from typing import Any

from orchestration.defs.bemis.extract import CLASSES, MAX_CLASS_ENROLMENT, MAX_TEACHERS
from orchestration.lib.districts import resolver

LEVELS = ["primary", "middle", "high", "higher_secondary"]


def schools(e: Any) -> list[Any]:
    return [
        e.ExpectTableColumnsToMatchSet(
            column_set=[
                "census_year",
                "emis_code",
                "school_name",
                "district_reported",
                "district_unit",
                "district_pcode",
                "tehsil",
                "level",
                "school_gender",
                "location",
                "functional_status",
                "has_electricity",
                "has_drinking_water",
                "has_toilets",
                "has_boundary_wall",
                "has_it_lab",
                "source_row_number",
            ],
            exact_match=True,
        ),
        e.ExpectCompoundColumnsToBeUnique(column_list=["census_year", "emis_code"]),
        e.ExpectColumnValuesToNotBeNull(column="emis_code"),
        e.ExpectColumnValuesToMatchRegex(column="emis_code", regex=r"^\d{5,10}$"),
        e.ExpectColumnValuesToBeInSet(
            column="district_pcode", value_set=sorted(resolver().districts)
        ),
        e.ExpectColumnValuesToBeInSet(column="level", value_set=LEVELS),
        e.ExpectColumnValuesToBeInSet(column="school_gender", value_set=["boys", "girls", "mixed"]),
        e.ExpectColumnValuesToBeInSet(column="location", value_set=["urban", "rural"]),
        e.ExpectColumnValuesToBeInSet(
            column="functional_status", value_set=["functional", "non_functional"]
        ),
        e.ExpectColumnValuesToNotBeNull(column="school_name"),
    ]


def enrolment(e: Any) -> list[Any]:
    return [
        e.ExpectCompoundColumnsToBeUnique(
            column_list=["census_year", "emis_code", "class", "gender"]
        ),
        e.ExpectColumnValuesToBeInSet(column="class", value_set=list(CLASSES)),
        e.ExpectColumnValuesToBeBetween(column="class_order", min_value=0, max_value=12),
        e.ExpectColumnValuesToBeInSet(column="gender", value_set=["boys", "girls"]),
        e.ExpectColumnValuesToNotBeNull(column="enrolment"),
        e.ExpectColumnValuesToBeBetween(
            column="enrolment", min_value=0, max_value=MAX_CLASS_ENROLMENT
        ),
    ]


def teachers(e: Any) -> list[Any]:
    return [
        e.ExpectCompoundColumnsToBeUnique(column_list=["census_year", "emis_code", "gender"]),
        e.ExpectColumnValuesToBeInSet(column="gender", value_set=["male", "female"]),
        e.ExpectColumnValuesToNotBeNull(column="teachers"),
        e.ExpectColumnValuesToBeBetween(column="teachers", min_value=0, max_value=MAX_TEACHERS),
    ]


SUITES = {"schools": schools, "enrolment": enrolment, "teachers": teachers}
