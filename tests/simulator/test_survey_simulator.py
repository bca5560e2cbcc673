"""The survey simulator writes Kobo exports whose wave 1 reproduces the report exactly."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from simulator import survey
from simulator.survey_published import published_figures, round_half_up
from simulator.survey_respondents import DISTRICTS_VISITED

AGREEMENT = ("strongly_agree", "agree", "neither", "disagree", "strongly_disagree")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("sim")
    return out, survey.generate_into(out, scale=0.5, seed=3)


def _xlsx_records(path: Path) -> list[dict[str, object]]:
    workbook = load_workbook(path, read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _csv_records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_it_writes_wave_1_as_xlsx_and_wave_2_as_semicolon_csv(sources):
    out, summary = sources
    assert summary["files"] == ["survey/2009-wave1/export.xlsx", "survey/2010-wave2/export.csv"]
    assert summary["synthetic"] is True
    assert all((out / f).exists() for f in summary["files"])
    assert not list(out.rglob("*.partial"))


def test_exports_have_kobo_group_prefixes_and_metadata(sources):
    out, _ = sources
    header = list(_xlsx_records(out / "survey/2009-wave1/export.xlsx")[0])
    assert "perception/pc_b_reduce_corruption" in header
    assert "respondent/district" in header
    for meta in ("_id", "_uuid", "_submission_time", "_index"):
        assert meta in header


def test_wave_1_reproduces_every_published_figure_c1_percentage_exactly(sources):
    out, _ = sources
    records = _xlsx_records(out / "survey/2009-wave1/export.xlsx")
    assert len(records) == 44
    for item, published in published_figures().items():
        counts = Counter(r[f"perception/{item}"] for r in records)
        assert sum(counts.values()) == 44
        for category, pct in published.items():
            assert round_half_up(counts[category], 44) == pct, (item, category)


def test_wave_1_does_not_depend_on_scale_or_seed(tmp_path, sources):
    out, _ = sources
    other = survey.generate_into(tmp_path, scale=2.0, seed=99)
    assert other["waves"]["2009-wave1"]["submissions"] == 44
    mine = _xlsx_records(out / "survey/2009-wave1/export.xlsx")
    theirs = _xlsx_records(tmp_path / "survey/2009-wave1/export.xlsx")
    for item in published_figures():
        column = f"perception/{item}"
        assert Counter(r[column] for r in mine) == Counter(r[column] for r in theirs)


def test_respondents_sit_in_the_offices_the_report_visited(sources):
    out, _ = sources
    records = _xlsx_records(out / "survey/2009-wave1/export.xlsx")
    levels = Counter(r["respondent/level"] for r in records)
    assert levels == {"provincial": 22, "district": 22}
    district_offices = {r["respondent/district"] for r in records
                        if r["respondent/level"] == "district"}
    assert district_offices == set(DISTRICTS_VISITED)
    provincial = {r["respondent/department"] for r in records
                  if r["respondent/level"] == "provincial"}
    assert len(provincial) == 11


def test_wave_2_is_larger_with_scale_and_more_positive(sources):
    out, summary = sources
    wave2 = summary["waves"]["2010-wave2"]
    assert wave2["submissions"] == 66 + 4  # 132 x 0.5 respondents + 4 bad submissions
    records = _csv_records(out / "survey/2010-wave2/export.csv")
    first = _xlsx_records(out / "survey/2009-wave1/export.xlsx")

    def agreeing(rows, key):
        return sum(r[key] in ("agree", "strongly_agree") for r in rows) / len(rows)

    key = "perception/pc_b_reduce_corruption"
    assert agreeing(records, key) > agreeing(first, key)


def test_wave_2_carries_one_of_each_kind_of_bad_submission(sources):
    out, summary = sources
    assert summary["waves"]["2010-wave2"]["export_problems"] == {
        "duplicate_uuid": 1, "unknown_choice_value": 1, "missing_required_answer": 1,
        "unknown_district": 1,
    }
    records = _csv_records(out / "survey/2010-wave2/export.csv")
    uuids = Counter(r["_uuid"] for r in records)
    assert sorted(uuids.values())[-1] == 2
    assert any(r["respondent/district"] == "Lasbella" for r in records)


def test_regenerating_replaces_the_export_instead_of_adding_one(tmp_path):
    folder = tmp_path / "survey" / "2009-wave1"
    folder.mkdir(parents=True)
    (folder / "export.csv").write_text("stale", encoding="utf-8")
    survey.generate_into(tmp_path, scale=0.1, seed=1)
    assert sorted(p.name for p in folder.iterdir()) == ["export.xlsx"]
