"""The e-Governance need-assessment questionnaire, as code.

The UNDP need-assessment report for the Government of Balochistan (its section "Need
Assessment Survey" and the charts after Figure C1) asked provincial and district officials
for their perception of e-governance, the challenges and issues they see, the ICT they
have and the initiatives they know of. Its questionnaire (annex A) is not in the report we
hold, so this module reconstructs it from the report's charts and text; the item wording
follows the chart labels, typos corrected.

This definition is the single source of truth for three generated artefacts, so a reviewer
reads one Python file instead of a spreadsheet:

* ``survey_form/need_assessment.xlsx`` - the XLSForm a data collector uploads to KoboToolbox;
* ``transform/seeds/survey/survey_items.csv`` and ``survey_choices.csv`` - the item and
  answer-option reference data the warehouse labels and orders charts with.

Regenerate all three with ``python -m simulator.survey_form``; a test fails when they drift.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
XLSFORM_PATH = REPO_ROOT / "survey_form" / "need_assessment.xlsx"
SEEDS_DIR = REPO_ROOT / "transform" / "seeds" / "survey"
DISTRICTS_CSV = REPO_ROOT / "transform" / "seeds" / "reference" / "districts.csv"

FORM_ID = "bgw_egov_need_assessment"
FORM_TITLE = "e-Governance Need Assessment Survey (Government of Balochistan)"
FORM_VERSION = "2026.1"
REPORT = "UNDP AGRP-B, e-Governance Need Assessment Report, Government of Balochistan"

# Sections whose questions are survey items (answers the warehouse aggregates); the
# respondent profile is not an item, it is what answers are broken down by.
PROFILE_GROUP = "respondent"


@dataclass(frozen=True)
class Choice:
    name: str
    label: str
    score: int | None = None  # position on an ordinal scale (1 = most negative)
    polarity: int | None = None  # -1 / 0 / +1: side of a diverging bar
    warehouse_code: str | None = None  # department code in transform/seeds/departments.csv


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    type: str  # XLSForm type without the list name: select_one, integer, text
    list_name: str | None = None
    letter: str | None = None  # the report's column letter (Figure C1 a-g)
    hint: str | None = None
    constraint: str | None = None
    constraint_message: str | None = None


@dataclass(frozen=True)
class Section:
    group: str  # the begin_group name: Kobo prefixes exported columns with it
    label: str
    questions: tuple[Question, ...]
    source: str  # where in the report the section comes from
    # "published": the report prints every figure; "synthetic": a chart without legible
    # numbers, so demo answers are invented (see survey_form/README.md).
    provenance: str = "synthetic"
    appearance: str = "field-list"


AGREEMENT = (
    Choice("strongly_agree", "Strongly agree", 5, 1),
    Choice("agree", "Agree", 4, 1),
    Choice("neither", "Neither agree nor disagree", 3, 0),
    Choice("disagree", "Disagree", 2, -1),
    Choice("strongly_disagree", "Strongly disagree", 1, -1),
)
YES_NO = (
    Choice("yes", "Yes", None, 1),
    Choice("no", "No", None, -1),
    Choice("no_answer", "No answer", None, 0),
)
LEVELS = (
    Choice("provincial", "Provincial department (Civil Secretariat)"),
    Choice("district", "District government office"),
)
# The provincial departments the report's team visited ("Government Departments Overview"),
# plus the District Coordination Office that hosted every district meeting.
DEPARTMENTS = (
    Choice("information_technology", "Information Technology", warehouse_code="ITD"),
    Choice("health", "Health", warehouse_code="HEALTH"),
    Choice("education", "Education", warehouse_code="SED"),
    Choice("social_welfare", "Social Welfare", warehouse_code="SWD"),
    Choice("local_government", "Local Government", warehouse_code="LGRD"),
    Choice("livestock", "Livestock"),
    Choice("finance", "Finance"),
    Choice("rural_development_academy", "Rural Development Academy", warehouse_code="LGRD"),
    Choice("planning_development", "Planning & Development", warehouse_code="PND"),
    Choice("public_health_engineering", "Public Health Engineering", warehouse_code="PHED"),
    Choice("board_of_revenue", "Board of Revenue", warehouse_code="BOR"),
    Choice("district_coordination", "District Coordination Office (DCO)"),
)
# The officials the report says it met: Secretary, Additional Secretary, Deputy Secretary,
# District Coordination Officers, Executive District Officers and District Officers.
DESIGNATIONS = (
    Choice("secretary", "Secretary"),
    Choice("additional_secretary", "Additional Secretary"),
    Choice("deputy_secretary", "Deputy Secretary"),
    Choice("section_officer", "Section Officer"),
    Choice("director", "Director"),
    Choice("district_coordination_officer", "District Coordination Officer"),
    Choice("executive_district_officer", "Executive District Officer"),
    Choice("district_officer", "District Officer"),
    Choice("deputy_district_officer", "Deputy District Officer"),
)

FIGURE_C1 = "Figure C1: Provincial & District Levels Officials perception about e-Governance"


def _agreement(name: str, label: str, letter: str | None = None) -> Question:
    return Question(name, label, "select_one", "agreement", letter=letter)


def _yes_no(name: str, label: str) -> Question:
    return Question(name, label, "select_one", "yes_no", None)


SECTIONS: tuple[Section, ...] = (
    Section(
        PROFILE_GROUP,
        "About you",
        (
            Question("level", "At which level of government do you work?", "select_one",
                     "level"),
            Question("department", "Which department do you work in?", "select_one",
                     "department"),
            Question("district", "In which district is your office?", "select_one",
                     "district", hint="Provincial departments: the Civil Secretariat is in "
                     "Quetta."),
            Question("designation", "What is your designation?", "select_one",
                     "designation"),
            Question("bps_grade", "What is your BPS grade?", "integer",
                     constraint=". >= 1 and . <= 22",
                     constraint_message="BPS grades run from 1 to 22."),
        ),
        source="Report: Executive Summary and Government Departments Overview (offices visited)",
        provenance="synthetic",
    ),
    Section(
        "perception",
        "How far do you agree? (Figure C1)",
        (
            _agreement("pc_a_service_efficiency",
                       "E-Governance can increase service efficiency", "a"),
            _agreement("pc_b_reduce_corruption", "E-Governance can reduce corruption", "b"),
            _agreement("pc_c_transparency", "E-Governance can increase transparency", "c"),
            _agreement("pc_d_access_to_information",
                       "E-Governance gives access to information", "d"),
            _agreement("pc_e_internal_operations",
                       "E-Governance can bring improvement in internal operation of "
                       "government services", "e"),
            _agreement("pc_f_ict_infrastructure",
                       "Installation & using of ICT infrastructure can enhance the "
                       "effectiveness of Government", "f"),
            _agreement("pc_g_faster_communication",
                       "E-government facilitates faster communication between government "
                       "departments", "g"),
        ),
        source=f"Report: {FIGURE_C1}, and the text 'Need Assessment Analyses' (pp. 23-26)",
        provenance="published",
        appearance="field-list",
    ),
    Section(
        "challenges",
        "How far do you agree that each is a challenge for e-governance?",
        (
            _agreement("ch_financial_resources", "Financial resources"),
            _agreement("ch_electricity", "Electricity problem"),
            _agreement("ch_internet_connectivity", "Internet connectivity"),
            _agreement("ch_privacy_security", "Privacy and security issues"),
            _agreement("ch_political_unwillingness", "Political leaders' unwillingness"),
            _agreement("ch_computer_skills", "Lack of computer skills"),
            _agreement("ch_citizens_will", "Lack of will of citizens"),
            _agreement("ch_government_will", "Lack of will of government"),
        ),
        source="Report: chart 'Challenges for e-Governance' (no legible figures) and "
        "Figure B3",
    ),
    Section(
        "issues",
        "How far do you agree that each is an issue for access to e-government?",
        (
            _agreement("is_funding", "Funding issue"),
            _agreement("is_political", "Political issue"),
            _agreement("is_cultural", "Cultural issue"),
            _agreement("is_employee_resistance", "Employees' resistance"),
            _agreement("is_family_resistance", "Family resistance"),
            _agreement("is_lack_of_resources", "Lack of resources"),
            _agreement("is_interdepartmental_conflict",
                       "Conflict between government departments"),
        ),
        source="Report: chart 'Issues related to Access to e-Government' (no legible "
        "figures) and Figure B3",
    ),
    Section(
        "ict_infrastructure",
        "Available ICT infrastructure in your department",
        (
            _yes_no("ict_computers", "Does your office have computers for its staff?"),
            _yes_no("ict_internet", "Does your office have an internet connection?"),
            _yes_no("ict_lan", "Is your department's office on a local area network?"),
            _yes_no("ict_email", "Do you communicate with other government departments "
                    "through email?"),
            _yes_no("ict_website_interest", "Is your department interested to bring its "
                    "information online (website)?"),
        ),
        source="Report: chart 'Available ICT Infrastructure' (bars legible for email and "
        "website; the other labels are illegible in the scan, so computers, internet and "
        "LAN are reconstructed)",
    ),
    Section(
        "initiatives",
        "Are decision makers undertaking initiatives to provide e-government facilities?",
        (
            _yes_no("in_special_institution", "A special institution"),
            _yes_no("in_special_commission", "A special commission"),
            _yes_no("in_task_force_units", "Specialised units in the task force"),
        ),
        source="Report: chart 'Initiatives are being undertaken by decision makers to "
        "provide e-government facility' (no legible figures)",
    ),
    Section(
        "awareness",
        "Has the Government initiated an ICT awareness programme through...",
        (
            _yes_no("aw_media_rural", "Media to reach rural areas"),
            _yes_no("aw_educational_training", "Educational training"),
            _yes_no("aw_financial_assistance_lg", "Financial assistance to local government"),
        ),
        source="Report: chart 'Is there any ICT awareness program initiated by the "
        "Government?' (no legible figures)",
    ),
)


@dataclass(frozen=True)
class FormDefinition:
    sections: tuple[Section, ...] = SECTIONS
    choice_lists: dict[str, tuple[Choice, ...]] = field(default_factory=dict)

    def questions(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s in self.sections for q in s.questions]

    def items(self) -> list[tuple[Section, Question]]:
        """Questions the warehouse aggregates (every section but the respondent profile)."""
        return [(s, q) for s, q in self.questions() if s.group != PROFILE_GROUP]


def district_choices() -> tuple[Choice, ...]:
    """The 34 Census-2023 districts, named by a slug the district resolver also accepts."""
    with DISTRICTS_CSV.open(newline="", encoding="utf-8") as fh:
        names = sorted(row["district"] for row in csv.DictReader(fh))
    return tuple(Choice(slug(n), n) for n in names)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


def definition() -> FormDefinition:
    return FormDefinition(
        SECTIONS,
        {
            "agreement": AGREEMENT,
            "yes_no": YES_NO,
            "level": LEVELS,
            "department": DEPARTMENTS,
            "district": district_choices(),
            "designation": DESIGNATIONS,
        },
    )


# ---------------------------------------------------------------------------- XLSForm

SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "appearance", "constraint",
                  "constraint_message")


def survey_rows(form: FormDefinition) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "note", "name": "intro", "label": (
            "This questionnaire repeats the UNDP e-Governance need assessment of the "
            "Government of Balochistan. Answers are reported only in tables where every "
            "shown figure covers at least 5 respondents.")},
    ]
    for section in form.sections:
        rows.append({"type": "begin_group", "name": section.group, "label": section.label,
                     "appearance": section.appearance})
        for q in section.questions:
            kind = f"{q.type} {q.list_name}" if q.list_name else q.type
            letter = f"({q.letter}) " if q.letter else ""
            appearance = "likert" if q.list_name == "agreement" else ""
            rows.append({
                "type": kind, "name": q.name, "label": f"{letter}{q.label}",
                "hint": q.hint or "", "required": "yes", "appearance": appearance,
                "constraint": q.constraint or "",
                "constraint_message": q.constraint_message or "",
            })
        rows.append({"type": "end_group", "name": section.group})
    return [{c: r.get(c, "") for c in SURVEY_COLUMNS} for r in rows]


def choice_rows(form: FormDefinition) -> list[dict[str, str]]:
    return [
        {"list_name": list_name, "name": c.name, "label": c.label}
        for list_name, choices in form.choice_lists.items()
        for c in choices
    ]


def settings_rows() -> list[dict[str, str]]:
    return [{"form_title": FORM_TITLE, "form_id": FORM_ID, "version": FORM_VERSION,
             "style": "pages"}]


def write_xlsform(path: Path = XLSFORM_PATH, form: FormDefinition | None = None) -> Path:
    import xlsxwriter

    form = form or definition()
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    # A fixed creation date keeps the file byte-stable, so regenerating it changes nothing.
    workbook.set_properties({"title": FORM_TITLE, "created": datetime(2026, 11, 1)})
    for sheet, rows in (("survey", survey_rows(form)), ("choices", choice_rows(form)),
                        ("settings", settings_rows())):
        ws = workbook.add_worksheet(sheet)
        columns = list(rows[0])
        for j, column in enumerate(columns):
            ws.write_string(0, j, column)
        for i, row in enumerate(rows, start=1):
            for j, column in enumerate(columns):
                if row[column]:
                    ws.write_string(i, j, row[column])
    workbook.close()
    return path


# ---------------------------------------------------------------------------- seeds

ITEM_COLUMNS = ("item_code", "section", "section_label", "item_order", "item_letter",
                "item_label", "scale", "provenance", "source_reference")
CHOICE_COLUMNS = ("list_name", "choice_name", "choice_label", "choice_order", "score",
                  "polarity", "warehouse_department_code")


def item_rows(form: FormDefinition) -> list[dict[str, object]]:
    return [
        {
            "item_code": q.name, "section": s.group, "section_label": s.label,
            "item_order": i, "item_letter": q.letter or "", "item_label": q.label,
            "scale": q.list_name, "provenance": s.provenance, "source_reference": s.source,
        }
        for i, (s, q) in enumerate(form.items(), start=1)
    ]


def seed_choice_rows(form: FormDefinition) -> list[dict[str, object]]:
    # Districts are labelled from dim_district, not from here.
    return [
        {
            "list_name": list_name, "choice_name": c.name, "choice_label": c.label,
            "choice_order": i, "score": "" if c.score is None else c.score,
            "polarity": "" if c.polarity is None else c.polarity,
            "warehouse_department_code": c.warehouse_code or "",
        }
        for list_name, choices in form.choice_lists.items()
        if list_name != "district"
        for i, c in enumerate(choices, start=1)
    ]


def write_seeds(folder: Path = SEEDS_DIR, form: FormDefinition | None = None) -> list[Path]:
    form = form or definition()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, columns, rows in (
        ("survey_items.csv", ITEM_COLUMNS, item_rows(form)),
        ("survey_choices.csv", CHOICE_COLUMNS, seed_choice_rows(form)),
    ):
        path = folder / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def main() -> int:
    paths = [write_xlsform(), *write_seeds()]
    for p in paths:
        print(p.relative_to(REPO_ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
