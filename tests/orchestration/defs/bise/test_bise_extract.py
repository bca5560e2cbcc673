"""Landing the BISE result gazettes: every candidate loads or is quarantined with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from orchestration.defs.bise import extract
from orchestration.defs.bise.extract import BiseGazetteError
from orchestration.lib import landing
from orchestration.lib.delimited import DelimitedFileError
from simulator import bise
from simulator.bise import FileFormat


def _candidate(roll: int, **changes: str) -> dict[str, str]:
    return {
        "roll_no": str(roll),
        "candidate_name": "Gul Bibi Kakar",
        "school_emis_code": "12345",
        "school_name": "Govt. Girls’ High School Pishin",
        "district": "Pishin",
        "gender": "Female",
        "group": "Science",
        "marks_obtained": "812",
        "total_marks": "1100",
        "result": "Pass",
        **changes,
    }


UTF8_COMMA = FileFormat("utf-8", ",", "c")
GOOD = [
    _candidate(100001),
    _candidate(100002, district="Quetta", gender="Male"),
    _candidate(100003, result="Absent", marks_obtained=""),
]


def _gazette(
    inbox: Path,
    records: list[dict],
    fmt: FileFormat = UTF8_COMMA,
    name: str = "ssc_annual_2024.csv",
) -> Path:
    inbox.mkdir(parents=True, exist_ok=True)
    path = inbox / name
    bise.write_gazette(path, records, fmt)
    return path


@pytest.fixture
def inbox(warehouse: Path) -> Path:
    return warehouse / "simulated_sources" / "bise" / "inbox"


def _land(year: str = "2024") -> tuple[landing.LoadAccount, pl.DataFrame, pl.DataFrame]:
    [account] = extract.land_year(year)
    folder = landing.partition_dir("bise", "results", year)
    return (
        account,
        pl.read_parquet(folder / "data.parquet"),
        pl.read_parquet(folder / "quarantine.parquet"),
    )


def _reasons(bad: pl.DataFrame) -> list[str]:
    return bad.sort("row_number")["reason"].to_list()


def test_every_candidate_of_the_simulated_years_is_loaded_or_quarantined(warehouse, inbox):
    summary = bise.generate(inbox, scale=0.01, seed=7, years=(2019, 2020, 2024))
    for year in ("2019", "2020", "2024"):
        account, data, bad = _land(year)
        written = sum(n for name, n in summary["rows_by_file"].items() if name.endswith(year))
        assert account.rows_read == written == data.height + bad.height
        assert account.rows_quarantined == bad.height > 0
        assert set(data["session"]) <= {"annual", "supplementary"}
        assert data.select("exam", "session", "roll_no").is_unique().all()
    kinds = {r.split(":")[0] for r in bad["reason"]}
    assert kinds <= {
        "duplicate roll number",
        "unknown district",
        "unknown result code",
        "marks exceed total",
    }
    manifest = landing.read_manifest("bise", "results", "2024")
    assert manifest["rows_read"] == manifest["rows_loaded"] + manifest["rows_quarantined"]


def test_a_gazette_loads_with_codes_folded_and_names_and_districts_kept(inbox):
    _gazette(inbox, GOOD)
    account, data, bad = _land()
    assert (account.rows_read, account.rows_loaded, bad.height) == (3, 3, 0)
    row = data.row(0, named=True)
    assert (row["exam_year"], row["exam"], row["session"]) == (2024, "ssc", "annual")
    assert (row["gender"], row["group_code"], row["result"]) == ("female", "science", "pass")
    assert (row["district_reported"], row["district_pcode"]) == ("Pishin", "PK225")
    assert row["school_name"] == "Govt. Girls’ High School Pishin"
    assert data["marks_obtained"].to_list() == [812, 812, None]
    assert data["result"].to_list() == ["pass", "pass", "absent"]


@pytest.mark.parametrize(
    "fmt",
    [
        FileFormat("utf-16", "\t", "a"),
        FileFormat("cp1252+utf8", "|", "b"),
        FileFormat("utf-8-sig", ";", "c"),
    ],
    ids=["utf16-tab", "cp1252-pipe", "utf8bom-semicolon"],
)
def test_another_encoding_delimiter_or_headings_load_the_same_candidates(inbox, fmt):
    urdu = _candidate(100004, candidate_name="عائشہ بی بی")
    _gazette(inbox, [*GOOD, urdu], fmt)
    _, data, bad = _land()
    assert bad.height == 0
    assert data["roll_no"].to_list() == ["100001", "100002", "100003", "100004"]
    assert data["candidate_name"][3] == "عائشہ بی بی"
    assert data["school_name"][0] == "Govt. Girls’ High School Pishin"


def test_a_gazette_cut_off_mid_line_quarantines_the_truncated_candidate(inbox):
    path = _gazette(inbox, GOOD)
    path.write_bytes(path.read_bytes() + b"100009,Ali Khan,12345,Govt. Boys")
    account, data, bad = _land()
    assert (account.rows_read, data.height) == (4, 3)
    [reason] = _reasons(bad)
    assert reason.startswith("truncated line: the file ends inside this record (4 of 10")
    assert bad["row_number"][0] == 5
    assert json.loads(bad["raw_record"][0])["line"].startswith("100009,Ali Khan")


def test_a_line_with_a_stray_delimiter_is_quarantined_with_its_field_count(inbox):
    _gazette(
        inbox,
        [*GOOD, _candidate(100004, school_name="Govt. High School, Hub")],
        FileFormat("utf-8", ",", "c"),
    )
    path = inbox / "ssc_annual_2024.csv"
    # An unquoted comma inside the school's name, as a hand-edited file would have it.
    path.write_text(path.read_text().replace('"Govt. High School, Hub"', "Govt. High School, Hub"))
    _, data, bad = _land()
    assert data.height == 3
    assert _reasons(bad) == ["wrong number of fields: expected 10, found 11"]


def test_marks_above_the_total_are_quarantined(inbox):
    _gazette(inbox, [*GOOD, _candidate(100004, marks_obtained="1185")])
    _, data, bad = _land()
    assert _reasons(bad) == ["marks exceed total: 1185 > 1100"]
    assert bad["row_number"].to_list() == [5]
    assert data.height == 3


def test_an_unknown_result_code_is_quarantined_with_the_codes_that_are_known(inbox):
    _gazette(inbox, [*GOOD, _candidate(100004, result="UFM")])
    _, _, bad = _land()
    assert _reasons(bad) == ["unknown result code: 'UFM'"]
    assert "compartment" in bad["suggestion"][0]


def test_a_duplicate_roll_number_keeps_the_first_and_quarantines_the_copy(inbox):
    _gazette(inbox, [*GOOD, _candidate(100002, district="Kech")])
    _, data, bad = _land()
    assert data.filter(pl.col("roll_no") == "100002")["district_reported"].to_list() == ["Quetta"]
    assert _reasons(bad) == ["duplicate roll number: '100002' (first at line 3)"]


def test_an_unknown_district_is_quarantined_with_a_suggestion_never_guessed(inbox):
    _gazette(
        inbox, [*GOOD, _candidate(100004, district="Quetaa"), _candidate(100005, district="Hub")]
    )
    _, data, bad = _land()
    assert _reasons(bad) == ["unknown district: 'Quetaa'"]
    assert "Quetta" in bad["suggestion"][0]
    hub = data.filter(pl.col("roll_no") == "100005").row(0, named=True)
    assert (hub["district_unit"], hub["district_pcode"]) == ("Hub", "PK217")


def test_unknown_gender_group_and_a_group_the_exam_does_not_offer_are_quarantined(inbox):
    _gazette(
        inbox,
        [
            *GOOD,
            _candidate(100004, gender="X"),
            _candidate(100005, group="Fine Arts"),
            _candidate(100006, group="Pre-Medical"),
        ],
    )
    _, _, bad = _land()
    assert _reasons(bad) == [
        "unknown gender: 'X'",
        "unknown group: 'Fine Arts'",
        "group not offered: 'Pre-Medical' in SSC",
    ]


def test_non_numeric_or_missing_marks_are_quarantined(inbox):
    _gazette(
        inbox,
        [
            *GOOD,
            _candidate(100004, marks_obtained="8l2"),
            _candidate(100005, marks_obtained=""),
            _candidate(100006, total_marks=""),
        ],
    )
    _, _, bad = _land()
    assert _reasons(bad) == [
        "malformed marks_obtained: '8l2'",
        "missing marks_obtained: blank for result 'Pass'",
        "malformed total_marks: ''",
    ]


def test_a_missing_column_stops_the_load_naming_the_file_and_the_column(inbox):
    path = _gazette(inbox, GOOD)
    lines = path.read_text().splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:-1]) for line in lines) + "\n")
    with pytest.raises(DelimitedFileError, match=r"missing required column\(s\) \['result'\]") as e:
        extract.land_year("2024")
    assert str(path) in str(e.value) and "bise" in str(e.value)
    assert landing.read_manifest("bise", "results", "2024") is None


def test_an_empty_gazette_stops_the_load_naming_the_file(inbox):
    inbox.mkdir(parents=True)
    (inbox / "hssc_annual_2024.csv").write_bytes(b"")
    with pytest.raises(DelimitedFileError, match="hssc_annual_2024.csv: the file is empty"):
        extract.land_year("2024")


def test_a_year_with_no_gazette_is_a_clear_error(inbox):
    _gazette(inbox, GOOD)
    with pytest.raises(BiseGazetteError, match="no result gazette for exam year 2025 in"):
        extract.land_year("2025")


def test_all_of_a_years_gazettes_land_in_one_partition_and_rerunning_replaces_it(inbox):
    _gazette(inbox, GOOD)
    _gazette(inbox, [_candidate(500001, group="Pre-Medical")], name="HSSC_Annual_2024.csv")
    first, data, _ = _land()
    assert sorted(set(data["exam"])) == ["hssc", "ssc"] and first.rows_loaded == 4
    again, data_again, _ = _land()
    assert again.rows_loaded == 4 and data_again.equals(data)
