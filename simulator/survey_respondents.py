"""Who answered the need-assessment survey: the officials in the offices the report visited.

The report held district meetings in Quetta, Ziarat, Loralai and Lasbela "with District
Coordination Officers and line department Executive District Officers", and visited the
provincial departments of Information Technology, Health, Education, Social Welfare, Local
Government, Livestock, Finance, the Rural Development Academy, Planning & Development, Public
Health Engineering and the Board of Revenue. It does not say how many officials it met in
each, so this roster spreads the 44 respondents that reproduce its figures (see
``simulator.survey_published``) over exactly those offices: two officials per provincial
department and a District Coordination Officer plus line-department officers per district.
The split, designations and grades are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Respondent:
    level: str
    department: str
    district: str  # choice name in the form's district list
    designation: str
    bps_grade: int


def _provincial(department: str, *officials: tuple[str, int]) -> list[Respondent]:
    # Provincial departments sit in the Civil Secretariat, Quetta.
    return [Respondent("provincial", department, "quetta", d, g) for d, g in officials]


def _district(district: str, *officials: tuple[str, str, int]) -> list[Respondent]:
    return [Respondent("district", dep, district, d, g) for dep, d, g in officials]


DCO = ("district_coordination", "district_coordination_officer", 19)

WAVE1_ROSTER: tuple[Respondent, ...] = tuple(
    _provincial("information_technology", ("secretary", 20), ("deputy_secretary", 18))
    + _provincial("health", ("additional_secretary", 19), ("deputy_secretary", 18))
    + _provincial("education", ("secretary", 20), ("section_officer", 17))
    + _provincial("social_welfare", ("deputy_secretary", 18), ("director", 19))
    + _provincial("local_government", ("additional_secretary", 19), ("section_officer", 17))
    + _provincial("livestock", ("secretary", 20), ("deputy_secretary", 18))
    + _provincial("finance", ("additional_secretary", 19), ("deputy_secretary", 18))
    + _provincial("rural_development_academy", ("director", 19), ("section_officer", 17))
    + _provincial("planning_development", ("additional_secretary", 20), ("deputy_secretary", 18))
    + _provincial("public_health_engineering", ("secretary", 20), ("section_officer", 17))
    + _provincial("board_of_revenue", ("additional_secretary", 19), ("deputy_secretary", 18))
    + _district(
        "quetta", DCO,
        ("health", "executive_district_officer", 19),
        ("education", "executive_district_officer", 19),
        ("finance", "executive_district_officer", 18),
        ("livestock", "district_officer", 17),
        ("social_welfare", "district_officer", 17),
        ("public_health_engineering", "district_officer", 17),
    )
    + _district(
        "ziarat", DCO,
        ("health", "executive_district_officer", 18),
        ("education", "executive_district_officer", 18),
        ("finance", "executive_district_officer", 18),
        ("livestock", "district_officer", 17),
    )
    + _district(
        "loralai", DCO,
        ("health", "executive_district_officer", 18),
        ("education", "executive_district_officer", 18),
        ("finance", "district_officer", 17),
        ("livestock", "district_officer", 17),
    )
    + _district(
        "lasbela", DCO,
        ("health", "executive_district_officer", 18),
        ("education", "executive_district_officer", 18),
        ("finance", "executive_district_officer", 18),
        ("livestock", "deputy_district_officer", 16),
    )
)

DISTRICTS_VISITED = ("quetta", "ziarat", "loralai", "lasbela")


def repeat_roster(n: int, generator: np.random.Generator) -> list[Respondent]:
    """A later wave in the same offices: the first roster repeated, the remainder drawn."""
    base = list(WAVE1_ROSTER)
    whole, rest = divmod(n, len(base))
    extra = generator.choice(len(base), size=rest, replace=False) if rest else []
    return base * whole + [base[int(i)] for i in sorted(extra)]
