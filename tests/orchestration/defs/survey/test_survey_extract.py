"""The survey connector reads Kobo exports in every shape Kobo writes them, and loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from orchestration.defs.survey import extract
from orchestration.defs.survey.form import load_form
from orchestration.defs.survey.kobo_export import SurveyExportError
from orchestration.lib import landing
from simulator import survey
from simulator.survey_export import write_csv, write_xlsx
from simulator.survey_form import definition

WAVE = survey.WAVE_1


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    return survey.wave_respondents(WAVE, scale=1.0, seed=5)


@pytest.fixture
def inbox(warehouse: Path) -> Path:
    folder = warehouse / "simulated_sources" / "survey" / WAVE
    folder.mkdir(parents=True)
    return folder


def _write(inbox: Path, rows, fmt: str = "xlsx", **options) -> Path:
    writer = write_xlsx if fmt == "xlsx" else write_csv
    return writer(inbox / f"export.{fmt}", rows, definition(), **options)


def _land() -> tuple[landing.LoadAccount, pl.DataFrame, pl.DataFrame]:
    [account] = extract.land_wave(WAVE)
    folder = landing.partition_dir("survey", "responses", WAVE)
    return (account, pl.read_parquet(folder / "data.parquet"),
            pl.read_parquet(folder / "quarantine.parquet"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("separator", ["/", ".", None], ids=["slash", "dot", "no-prefix"])
def test_it_reads_xlsx_and_csv_exports_with_or_without_group_prefixes(
    inbox, records, fmt, separator
):
    _write(inbox, records, fmt, group_separator=separator)
    account, loaded, quarantined = _land()
    assert (account.rows_read, account.rows_loaded, account.rows_quarantined) == (44, 44, 0)
    assert quarantined.is_empty()
    assert loaded.get_column("respondent_uuid").to_list() == [r["_uuid"] for r in records]
    first = records[0]
    row = loaded.row(0, named=True)
    assert row["pc_b_reduce_corruption"] == first["pc_b_reduce_corruption"]
    assert row["bps_grade"] == first["bps_grade"]
    assert row["district_pcode"] == {"quetta": "PK226", "ziarat": "PK232", "loralai": "PK219",
                                     "lasbela": "PK217"}[first["district"]]
    assert row["kobo_index"] == 1 and row["wave"] == WAVE


def test_an_export_made_with_labels_instead_of_xml_values_loads_the_same(inbox, records):
    _write(inbox, records, "csv", with_labels=True, delimiter=",")
    _, loaded, quarantined = _land()
    assert quarantined.is_empty()
    assert loaded.get_column("pc_a_service_efficiency").to_list() == [
        r["pc_a_service_efficiency"] for r in records
    ]
    assert set(loaded.get_column("level")) == {"provincial", "district"}


def _bad(records, index: int, **changes) -> list[dict[str, object]]:
    rows = [dict(r) for r in records]
    rows[index].update(changes)
    return rows


@pytest.mark.parametrize(
    ("changes", "reason", "suggestion"),
    [
        ({"district": "Quetaa"}, "unknown district: 'Quetaa'", "Quetta"),
        ({"pc_c_transparency": "somewhat_agree"},
         "unknown choice value: 'somewhat_agree' for pc_c_transparency",
         "expected one of: strongly_agree, agree, neither, disagree, strongly_disagree"),
        ({"ict_lan": None}, "missing required answer: 'ict_lan'", None),
        ({"_uuid": None}, "missing required answer: '_uuid'", None),
        ({"bps_grade": 25}, "invalid bps_grade: '25'", "a whole number from 1 to 22"),
        ({"_submission_time": "yesterday"}, "malformed _submission_time: 'yesterday'", None),
    ],
    ids=["unknown-district", "unknown-choice", "missing-answer", "missing-uuid", "bad-bps",
         "bad-timestamp"],
)
def test_each_bad_submission_is_quarantined_with_its_reason_and_row(
    inbox, records, changes, reason, suggestion
):
    _write(inbox, _bad(records, 6, **changes), "csv")
    account, loaded, quarantined = _land()
    assert (account.rows_loaded, account.rows_quarantined) == (43, 1)
    bad = quarantined.row(0, named=True)
    assert bad["reason"] == reason
    # The resolver may offer several names, closest first, for a person to pick from.
    assert (bad["suggestion"] or "").split("; ")[0] == (suggestion or "")
    assert bad["row_number"] == 8  # the header is row 1, so the 7th submission is row 8
    assert bad["origin"].endswith("export.csv")
    assert json.loads(bad["raw_record"])["_id"] == str(records[6]["_id"])


def test_a_submission_imported_twice_loads_once(inbox, records):
    rows = [*records, dict(records[2])]
    _write(inbox, rows, "xlsx")
    account, loaded, quarantined = _land()
    assert (account.rows_read, account.rows_loaded, account.rows_quarantined) == (45, 44, 1)
    assert quarantined.get_column("reason").to_list() == [
        f"duplicate _uuid: '{records[2]['_uuid']}'"
    ]
    assert quarantined.get_column("suggestion").to_list() == ["same submission as row 4"]


def test_rows_read_equal_rows_loaded_plus_quarantined_in_the_manifest(inbox, records):
    rows = _bad(_bad(records, 1, district="Nowhere"), 2, is_funding=None) + [dict(records[0])]
    _write(inbox, rows, "csv")
    _land()
    manifest = landing.read_manifest("survey", "responses", WAVE)
    assert manifest["rows_read"] == 45
    assert manifest["rows_loaded"] + manifest["rows_quarantined"] == 45
    assert manifest["rows_quarantined"] == 3


def test_reloading_a_wave_replaces_it(inbox, records):
    _write(inbox, records, "xlsx")
    _land()
    (inbox / "export.xlsx").unlink()
    _write(inbox, records[:10], "csv")
    account, loaded, _ = _land()
    assert account.rows_read == loaded.height == 10


def test_an_unreadable_workbook_names_the_file(inbox):
    (inbox / "export.xlsx").write_bytes(b"this is not a zip file")
    with pytest.raises(SurveyExportError, match=r"cannot read survey export .*export\.xlsx"):
        extract.land_wave(WAVE)
    assert landing.read_manifest("survey", "responses", WAVE) is None


def test_a_csv_row_with_the_wrong_number_of_fields_names_the_row(inbox, records):
    path = _write(inbox, records[:3], "csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + ";extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SurveyExportError, match=r"export\.csv: row 3 has \d+ fields"):
        extract.land_wave(WAVE)


def test_a_csv_that_is_not_utf8_names_the_row(inbox, records):
    path = _write(inbox, records[:3], "csv")
    path.write_bytes(path.read_bytes() + "Quetta;Zi\u00e4rat\n".encode("latin-1"))
    with pytest.raises(SurveyExportError, match=r"export\.csv: row 5 is not UTF-8"):
        extract.land_wave(WAVE)


def test_a_missing_required_column_names_the_column_and_the_file(inbox, records):
    rows = [{k: v for k, v in r.items() if k != "pc_d_access_to_information"} for r in records]
    path = _write(inbox, rows, "xlsx")
    # The writer still emits the header; drop the whole column as a hand-edited file would.
    frame = pl.read_excel(path)
    frame.drop("perception/pc_d_access_to_information").write_csv(inbox / "export.csv",
                                                                   separator=";")
    path.unlink()
    missing = r"export\.csv: missing required column\(s\) pc_d_access_to_information"
    with pytest.raises(SurveyExportError, match=missing):
        extract.land_wave(WAVE)


def test_two_exports_for_one_wave_are_refused_rather_than_guessed(inbox, records):
    _write(inbox, records, "xlsx")
    _write(inbox, records, "csv")
    with pytest.raises(SurveyExportError, match="both export.xlsx and export.csv"):
        extract.land_wave(WAVE)


def test_a_wave_without_an_export_says_where_it_looked(inbox):
    with pytest.raises(SurveyExportError, match=r"no export in .*2009-wave1"):
        extract.land_wave(WAVE)


def test_the_connector_reads_its_field_list_from_the_committed_xlsform():
    form = load_form()
    assert [f.name for f in form.items][:2] == ["pc_a_service_efficiency",
                                                "pc_b_reduce_corruption"]
    assert form.field("district").group == "respondent"
    assert {"respondent", "perception", "awareness"} <= form.groups
