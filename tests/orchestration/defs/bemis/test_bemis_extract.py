"""Landing the annual school census: what loads, what is quarantined, what stops a year."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from orchestration.defs.bemis import extract
from orchestration.lib import landing
from orchestration.lib.workbook import WorkbookError, load_column_map
from simulator import bemis
from simulator.bemis_layouts import YEARS, layout
from simulator.bemis_workbook import write_workbook
from simulator.common import Messiness

YEAR = "2016-17"  # one header row, classes up to 10
TWO_ROW_YEAR = "2019-20"  # two merged header rows, column A empty


@pytest.fixture
def inbox(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = warehouse / "inbox"
    path.mkdir()
    monkeypatch.setenv("BGW_BEMIS_INBOX", str(path))
    return path


def _school(emis: str, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "S.No": 1,
        "Sr. No.": 1,
        "emis_code": emis,
        "school_name": f"GPS Killi {emis}",
        "district": "Quetta",
        "tehsil": "Quetta City",
        "level": "Primary",
        "school_gender": "Boys",
        "location": "Urban",
        "functional_status": "Functional",
        "electricity": "Yes",
        "drinking_water": "No",
        "toilets": "Yes",
        "boundary_wall": "Yes",
        "it_lab": "No",
        "enrol_ece_boys": 12,
        "enrol_ece_girls": 3,
        "enrol_1_boys": 10,
        "enrol_1_girls": 2,
        "teachers_male": 2,
        "teachers_female": 0,
    }
    row.update(overrides)
    return row


def _write(inbox: Path, rows, year: str = YEAR, **kw) -> Path:
    lay = layout(year)
    path = inbox / lay.file_name
    write_workbook(path, lay, rows, **kw)
    return path


def _two_row(row: dict[str, object]) -> dict[str, object]:
    """The same school as the 2019-20 layout writes it (codes, not words)."""
    return row | {
        "level": "PS",
        "school_gender": "B",
        "location": "U",
        "functional_status": "F",
        "electricity": "Y",
        "drinking_water": "N",
        "toilets": "Y",
        "boundary_wall": "Y",
        "it_lab": "N",
    }


def _quarantine(entity: str, year: str = YEAR) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("bemis", entity, year) / "quarantine.parquet")


def _loaded(entity: str, year: str = YEAR) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("bemis", entity, year) / "data.parquet")


def _accounts(year: str = YEAR) -> dict[str, landing.LoadAccount]:
    return {a.entity: a for a in extract.land_year(year)}


def test_every_row_and_count_read_is_loaded_or_quarantined_for_every_simulated_year(
    warehouse, inbox
):
    messy = Messiness(district_unresolvable=0.03, duplicated_row=0.03, malformed_date=0.05)
    summary = bemis.generate(inbox, scale=0.01, seed=3, messiness=messy)
    totals = {"schools": 0, "enrolment": 0, "teachers": 0}
    quarantined = 0
    for year in YEARS:
        for entity, account in _accounts(year).items():
            assert account.rows_read == account.rows_loaded + account.rows_quarantined
            totals[entity] += account.rows_read
            quarantined += account.rows_quarantined
    assert totals["schools"] == summary["rows"]["school_rows"]
    assert totals["enrolment"] == summary["rows"]["enrolment_values"]
    assert totals["teachers"] == summary["rows"]["teacher_values"]
    assert quarantined > 0


def test_simulated_workbooks_of_every_layout_match_their_column_maps():
    for year in YEARS:
        lay = layout(year)
        column_map = load_column_map(extract.COLUMN_MAPS_DIR / f"{year}.yaml")
        assert column_map.sheet == lay.sheet
        for key, header in lay.columns:
            name = lay.flat_header(header).casefold()
            assert column_map.columns.get(name) == key or (
                key is None and name in column_map.ignored
            ), (year, header)


def test_a_clean_school_loads_with_its_codes_facilities_and_counts(warehouse, inbox):
    _write(inbox, [_school("10000001", district="Hub", tehsil="HUB")])
    accounts = _accounts()
    assert {e: a.rows_loaded for e, a in accounts.items()} == {
        "schools": 1,
        "enrolment": 4,
        "teachers": 2,
    }
    school = _loaded("schools").row(0, named=True)
    assert school | {"source_row_number": 0} == school | {
        "census_year": YEAR,
        "emis_code": "10000001",
        "district_reported": "Hub",
        "district_unit": "Hub",
        "district_pcode": "PK217",
        "tehsil": "Hub",
        "level": "primary",
        "school_gender": "boys",
        "location": "urban",
        "functional_status": "functional",
        "has_electricity": True,
        "has_drinking_water": False,
        "source_row_number": 0,
    }
    enrolment = _loaded("enrolment").sort("class_order", "gender")
    assert enrolment.select("class", "gender", "enrolment").rows() == [
        ("ece", "boys", 12),
        ("ece", "girls", 3),
        ("1", "boys", 10),
        ("1", "girls", 2),
    ]


def test_a_year_with_two_merged_header_rows_loads_like_any_other(warehouse, inbox):
    _write(inbox, [_two_row(_school("10000001", emis_code=10000001))], year=TWO_ROW_YEAR)
    accounts = _accounts(TWO_ROW_YEAR)
    assert accounts["schools"].rows_loaded == 1
    assert accounts["enrolment"].rows_loaded == 4
    assert _loaded("schools", TWO_ROW_YEAR)["level"].to_list() == ["primary"]


def test_the_totals_row_is_not_a_school_and_its_sums_are_not_counts(warehouse, inbox):
    _write(inbox, [_school("10000001"), _school("10000002")], totals=True)
    accounts = _accounts()
    assert accounts["schools"].rows_read == 2
    assert accounts["enrolment"].rows_read == 8  # the totals row's sums are not read
    assert "Grand Total" not in _loaded("schools")["school_name"].to_list()


def test_a_blank_row_is_skipped_and_a_duplicated_school_row_is_quarantined(warehouse, inbox):
    rows = [_school("10000001"), None, _school("10000002"), _school("10000001")]
    _write(inbox, rows)
    accounts = _accounts()
    assert (accounts["schools"].rows_read, accounts["schools"].rows_loaded) == (3, 2)
    [bad] = _quarantine("schools").rows(named=True)
    first_row = len(layout(YEAR).title) + 3  # titles, a spacer row, the header, then data
    assert bad["reason"] == f"duplicate school row: emis_code '10000001' is also in row {first_row}"
    assert bad["row_number"] == first_row + 3  # after the blank row
    # Its counts do not load either, and say why.
    counts = _quarantine("enrolment")
    assert counts.height == 4
    assert (
        counts["reason"]
        .str.starts_with(
            f"school not loaded: row {first_row + 3} was quarantined (duplicate school row"
        )
        .all()
    )


def test_an_unknown_district_is_quarantined_with_a_suggestion_never_guessed(warehouse, inbox):
    _write(inbox, [_school("10000001", district="Quetaa"), _school("10000002", district="N/A")])
    _accounts()
    bad = _quarantine("schools").sort("row_number")
    assert bad["reason"].to_list() == ["unknown district: 'Quetaa'", "unknown district: 'N/A'"]
    assert bad["suggestion"][0].split("; ")[0] == "Quetta"
    assert bad["origin"][0].endswith(f"sheet 'ASC {YEAR}'")


def test_non_numeric_enrolment_quarantines_the_cell_with_its_header_and_column(warehouse, inbox):
    _write(inbox, [_school("10000001", enrol_1_girls="l2", enrol_ece_girls="-")])
    accounts = _accounts()
    assert accounts["schools"].rows_loaded == 1
    [bad] = _quarantine("enrolment").rows(named=True)
    assert bad["reason"] == "non-numeric enrolment: 'l2' in 'Class 1 Girls' (column R)"
    assert _loaded("enrolment").filter(pl.col("class") == "ece", pl.col("gender") == "girls")[
        "enrolment"
    ].to_list() == [0]  # a dash is nil


def test_unknown_codes_and_facility_answers_are_quarantined_with_what_is_accepted(warehouse, inbox):
    _write(
        inbox,
        [
            _school("10000001", level="Primery"),
            _school("10000002", electricity="maybe"),
            _school("10000003", emis_code=None),
        ],
    )
    _accounts()
    reasons = _quarantine("schools").sort("row_number")
    assert reasons["reason"].to_list() == [
        "unknown level: 'Primery'",
        "invalid facility value: 'maybe' for electricity",
        "missing emis_code: blank",
    ]
    assert "primary, middle, high, higher_secondary" in reasons["suggestion"][0]


def test_a_workbook_with_an_unexpected_column_stops_its_year_with_the_fix(warehouse, inbox):
    lay = layout(YEAR)
    wider = replace(lay, columns=(*lay.columns, (None, "Internet")))
    write_workbook(inbox / lay.file_name, wider, [_school("10000001")])
    with pytest.raises(WorkbookError) as err:
        extract.land_year(YEAR)
    message = str(err.value)
    assert "unexpected column(s) 'Internet' (column AM)" in message
    assert f"column_maps/{YEAR}.yaml" in message
    assert not landing.partition_dir("bemis", "schools", YEAR).exists()


def test_a_renamed_column_without_a_mapping_names_the_new_header(warehouse, inbox):
    lay = layout(YEAR)
    renamed = tuple((k, "Distt Name" if k == "district" else h) for k, h in lay.columns)
    write_workbook(inbox / lay.file_name, replace(lay, columns=renamed), [_school("10000001")])
    with pytest.raises(
        WorkbookError,
        match=r"required column\(s\) 'district' .* not found "
        r".*'Distt Name' \(column D\)",
    ):
        extract.land_year(YEAR)


def test_a_missing_sheet_and_a_corrupted_file_are_named(warehouse, inbox):
    lay = layout(YEAR)
    write_workbook(inbox / lay.file_name, replace(lay, sheet="Sheet1"), [_school("10000001")])
    with pytest.raises(
        WorkbookError,
        match=rf"has no sheet 'ASC {YEAR}'; its sheets are "
        r"'Sheet1', 'Notes'",
    ):
        extract.land_year(YEAR)
    (inbox / lay.file_name).write_bytes(b"\x00\x01 not a workbook")
    with pytest.raises(WorkbookError, match=r"not a readable Excel file"):
        extract.land_year(YEAR)


def test_the_inbox_must_hold_exactly_one_workbook_named_for_the_year(warehouse, inbox):
    with pytest.raises(WorkbookError, match=rf"no workbook for census year {YEAR}"):
        extract.land_year(YEAR)
    path = _write(inbox, [_school("10000001")])
    shutil.copy(path, inbox / f"ASC {YEAR.replace('-', '_')} revised.xlsx")
    with pytest.raises(WorkbookError, match=rf"2 workbooks for census year {YEAR}"):
        extract.land_year(YEAR)


def test_a_workbook_filed_under_one_year_but_titled_another_is_refused(warehouse, inbox):
    lay = layout(YEAR)
    write_workbook(
        inbox / lay.file_name,
        replace(lay, title=("Annual School Census 2017-18",)),
        [_school("10000001")],
    )
    with pytest.raises(
        WorkbookError,
        match=rf"filed as census year {YEAR} but its title says "
        "2017-18",
    ):
        extract.land_year(YEAR)


def test_file_names_carry_the_year_in_the_ways_departments_write_it():
    assert extract.years_in("BEMIS_ASC_2024-25") == {"2024-25"}
    assert extract.years_in("ASC_2024_25 final") == {"2024-25"}
    assert extract.years_in("School Census 2024-2025") == {"2024-25"}
    assert extract.years_in("census 2024-26") == set()
    assert extract.years_in("scan_20240125") == set()


def test_re_running_a_year_replaces_it(warehouse, inbox):
    _write(inbox, [_school("10000001"), _school("10000002")])
    _accounts()
    _write(inbox, [_school("10000001")])
    _accounts()
    assert _loaded("schools").height == 1
