"""The need-assessment XLSForm is valid, complete and generated from simulator/survey_form.py."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyxform import xls2xform
from pyxform.xls2json import parse_file_to_json

from simulator import survey_form

FORM = survey_form.XLSFORM_PATH
# What the issue asks the questionnaire to cover, as (group, field names).
EXPECTED_SECTIONS = {
    "respondent": ["level", "department", "district", "designation", "bps_grade"],
    "perception": [f"pc_{x}" for x in (
        "a_service_efficiency", "b_reduce_corruption", "c_transparency",
        "d_access_to_information", "e_internal_operations", "f_ict_infrastructure",
        "g_faster_communication")],
    "challenges": ["ch_financial_resources", "ch_electricity", "ch_internet_connectivity",
                   "ch_privacy_security", "ch_political_unwillingness", "ch_computer_skills",
                   "ch_citizens_will", "ch_government_will"],
    "issues": ["is_funding", "is_political", "is_cultural", "is_employee_resistance",
               "is_family_resistance", "is_lack_of_resources", "is_interdepartmental_conflict"],
    "ict_infrastructure": ["ict_computers", "ict_internet", "ict_lan", "ict_email",
                           "ict_website_interest"],
    "initiatives": ["in_special_institution", "in_special_commission", "in_task_force_units"],
    "awareness": ["aw_media_rural", "aw_educational_training", "aw_financial_assistance_lg"],
}


@pytest.fixture(scope="module")
def form_json() -> dict:
    return parse_file_to_json(str(FORM))


def _groups(form_json: dict) -> dict[str, dict]:
    # pyxform adds its own "meta" group (instanceID); it holds no questions of ours.
    return {c["name"]: c for c in form_json["children"]
            if c["type"] == "group" and c["name"] != "meta"}


def test_the_xlsform_converts_to_an_xform_without_warnings():
    warnings: list[str] = []
    result = xls2xform.convert(str(FORM), warnings=warnings)
    assert "<h:title>e-Governance Need Assessment Survey" in result.xform
    assert warnings == []


def test_every_section_is_a_group_holding_its_questions(form_json):
    groups = _groups(form_json)
    assert list(groups) == list(EXPECTED_SECTIONS)
    for group, fields in EXPECTED_SECTIONS.items():
        assert [q["name"] for q in groups[group]["children"]] == fields, group


def test_perception_items_use_the_five_point_agreement_scale(form_json):
    agreement = [c["name"] for c in form_json["choices"]["agreement"]]
    assert agreement == ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"]
    for section in ("perception", "challenges", "issues"):
        for question in _groups(form_json)[section]["children"]:
            assert (question["type"], question["list_name"]) == ("select one", "agreement")


def test_infrastructure_initiatives_and_awareness_are_yes_no_or_no_answer(form_json):
    assert [c["name"] for c in form_json["choices"]["yes_no"]] == ["yes", "no", "no_answer"]
    for section in ("ict_infrastructure", "initiatives", "awareness"):
        for question in _groups(form_json)[section]["children"]:
            assert question["list_name"] == "yes_no"


def test_the_profile_asks_level_department_district_designation_and_bps_grade(form_json):
    profile = {q["name"]: q for q in _groups(form_json)["respondent"]["children"]}
    assert [c["name"] for c in form_json["choices"]["level"]] == ["provincial", "district"]
    assert len(form_json["choices"]["district"]) == 34
    assert profile["bps_grade"]["type"] == "integer"
    assert profile["bps_grade"]["bind"]["constraint"] == ". >= 1 and . <= 22"


def test_every_question_is_required(form_json):
    for group in _groups(form_json).values():
        for question in group["children"]:
            assert question["bind"]["required"] == "yes", question["name"]


def _sheet(path: Path, name: str) -> list[tuple]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in workbook[name].iter_rows(values_only=True)]
    finally:
        workbook.close()


def test_the_committed_form_and_seeds_are_what_the_definition_generates(tmp_path):
    form = survey_form.write_xlsform(tmp_path / "form.xlsx")
    for sheet in ("survey", "choices", "settings"):
        assert _sheet(form, sheet) == _sheet(FORM, sheet), f"regenerate: {sheet} drifted"
    for seed in survey_form.write_seeds(tmp_path):
        committed = survey_form.SEEDS_DIR / seed.name
        assert seed.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
            f"{committed.name} drifted: run python -m simulator.survey_form"
        )


def test_items_seed_flags_only_figure_c1_as_published():
    with (survey_form.SEEDS_DIR / "survey_items.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    published = [r["item_code"] for r in rows if r["provenance"] == "published"]
    assert published == EXPECTED_SECTIONS["perception"]
    assert {r["provenance"] for r in rows} == {"published", "synthetic"}
