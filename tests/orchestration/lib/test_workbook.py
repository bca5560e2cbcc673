"""The shared Excel reader: finds the table in a printed-style sheet and maps its columns."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from orchestration.lib.workbook import (
    ROW_NUMBER,
    WorkbookError,
    column_letter,
    load_column_map,
    normalise_header,
    read_table,
)

MAP = """\
sheet: Data 2024
columns:
  Code: code
  Name: name
  District: district
  Class 1 Boys: c1_boys
  Class 1 Girls: c1_girls
  Sr. No.: ~
"""


def _map(tmp_path: Path, text: str = MAP) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _book(path: Path, write, sheet: str = "Data 2024") -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    book.add_worksheet("Notes").write(0, 0, "notes")
    write(ws)
    book.close()
    return path


def _single_header(ws, extra: list[str] | None = None) -> None:
    ws.write(0, 0, "Government of Balochistan")
    ws.write(1, 0, "Annual census 2024 — سالانہ شماری")
    ws.write_row(
        3,
        0,
        ["Sr. No.", "Code", "Name", "District", "Class 1 Boys", "Class 1 Girls", *(extra or [])],
    )
    ws.write_row(4, 0, [1, "1001", "GPS A", "Quetta", 12, 10])
    ws.write_row(6, 0, [2, 1002, "GGPS B", "Kech", 5.0, None])  # row 6 (Excel) left blank
    ws.write_row(7, 0, [None, None, "Grand Total", None, 17, 10])
    ws.write(9, 0, "Source: Education Department")


def _read(path: Path, map_path: Path, **kw):
    return read_table(
        path,
        load_column_map(map_path),
        source="test",
        key_column="code",
        required=kw.pop("required", ("code", "district")),
        **kw,
    )


def test_it_finds_the_header_under_title_rows_and_keeps_excel_row_numbers(tmp_path):
    table = _read(_book(tmp_path / "a.xlsx", _single_header), _map(tmp_path))
    assert table.header_rows == (4,)
    assert table.title == ["Government of Balochistan", "Annual census 2024 — سالانہ شماری"]
    assert table.frame.get_column(ROW_NUMBER).to_list() == [5, 7]
    assert table.frame.get_column("code").to_list() == ["1001", "1002"]  # no trailing .0
    assert table.frame.get_column("c1_boys").to_list() == ["12", "5"]
    assert table.columns["district"].letter == "D"


def test_blank_rows_a_totals_row_and_a_footnote_are_dropped_and_counted(tmp_path):
    table = _read(_book(tmp_path / "a.xlsx", _single_header), _map(tmp_path))
    assert table.blank_rows >= 1
    assert table.totals_rows == [8]
    assert table.footnote_rows == [10]
    assert "Grand Total" not in table.frame.get_column("name").to_list()


def test_a_two_row_header_with_merged_cells_is_flattened(tmp_path):
    def write(ws):
        ws.merge_range(0, 1, 0, 6, "Annual census 2024")
        for c, text in enumerate(["Code", "Name", "District"], start=1):
            ws.merge_range(2, c, 3, c, text)
        ws.merge_range(2, 4, 2, 5, "Class 1")
        ws.write_row(3, 4, ["Boys", "Girls"])
        ws.write_row(4, 1, ["1001", "GPS A", "Quetta", 3, 4])

    table = _read(_book(tmp_path / "b.xlsx", write), _map(tmp_path))
    assert table.header_rows == (3, 4)
    assert table.columns["c1_girls"].header == "Class 1 Girls"
    assert table.columns["code"].letter == "B"  # column A left empty
    assert table.frame.row(0, named=True)["c1_girls"] == "4"


def test_a_two_row_header_without_merges_takes_the_group_label_across(tmp_path):
    def write(ws):
        ws.write_row(0, 0, ["Code", "Name", "District", "Class 1", None])
        ws.write_row(1, 0, [None, None, None, "Boys", "Girls"])
        ws.write_row(2, 0, ["1001", "GPS A", "Quetta", 3, 4])

    table = _read(_book(tmp_path / "c.xlsx", write), _map(tmp_path))
    assert set(table.columns) == {"code", "name", "district", "c1_boys", "c1_girls"}


def test_headers_match_whatever_their_case_spacing_and_line_breaks(tmp_path):
    def write(ws):
        ws.write_row(0, 0, ["CODE ", "name", "District\n", "Class  1\nBoys", "class 1 girls"])
        ws.write_row(1, 0, ["1001", "GPS A", "Quetta", 3, 4])

    assert normalise_header(" Class  1\nBoys: ") == "class 1 boys"
    table = _read(_book(tmp_path / "d.xlsx", write), _map(tmp_path))
    assert len(table.columns) == 5


def test_an_unexpected_column_stops_the_load_naming_file_sheet_column_and_map(tmp_path):
    path = _book(tmp_path / "e.xlsx", lambda ws: _single_header(ws, ["Internet"]))
    with pytest.raises(WorkbookError) as err:
        _read(path, _map(tmp_path))
    message = str(err.value)
    for part in (
        "test:",
        str(path),
        "'Data 2024'",
        "header row 4",
        "'Internet' (column G)",
        "map.yaml",
        "~ to ignore",
    ):
        assert part in message


def test_a_renamed_required_column_is_named_with_its_likely_new_header(tmp_path):
    def write(ws):
        ws.write_row(0, 0, ["Code", "Name", "Distt Name", "Class 1 Boys", "Class 1 Girls"])
        ws.write_row(1, 0, ["1001", "GPS A", "Quetta", 3, 4])

    with pytest.raises(WorkbookError) as err:
        _read(_book(tmp_path / "f.xlsx", write), _map(tmp_path))
    message = str(err.value)
    assert "required column(s) 'district'" in message
    assert "'Distt Name' (column C)" in message


def test_a_missing_sheet_is_named_with_the_sheets_there_are(tmp_path):
    path = _book(tmp_path / "g.xlsx", _single_header, sheet="Sheet1")
    with pytest.raises(
        WorkbookError,
        match=r"has no sheet 'Data 2024'; its sheets are "
        r"'Sheet1', 'Notes'",
    ):
        _read(path, _map(tmp_path))


def test_a_corrupted_file_is_reported_as_not_a_workbook(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(
        WorkbookError,
        match=r"cannot read workbook .*broken.xlsx: not a "
        r"readable Excel file",
    ):
        _read(path, _map(tmp_path))


def test_values_under_a_column_with_no_header_stop_the_load(tmp_path):
    def write(ws):
        ws.write_row(0, 0, ["Code", "Name", "District", "Class 1 Boys", "Class 1 Girls"])
        ws.write_row(1, 0, ["1001", "GPS A", "Quetta", 3, 4, "stray"])

    with pytest.raises(
        WorkbookError,
        match=r"column F holds values \(first in row 2\) but has "
        r"no header",
    ):
        _read(_book(tmp_path / "h.xlsx", write), _map(tmp_path))


def test_no_header_row_is_reported_with_the_expected_names(tmp_path):
    path = _book(tmp_path / "i.xlsx", lambda ws: ws.write_row(0, 0, ["a", "b", "c"]))
    with pytest.raises(WorkbookError, match="no header row in the first 40 rows"):
        _read(path, _map(tmp_path))


def test_a_column_map_needs_a_sheet_and_cannot_map_two_headers_to_one_column(tmp_path):
    with pytest.raises(WorkbookError, match="needs a 'sheet:'"):
        load_column_map(_map(tmp_path, "columns: {A: a}\n"))
    with pytest.raises(WorkbookError, match="both 'A' and 'B' map to 'a'"):
        load_column_map(_map(tmp_path, "sheet: S\ncolumns: {A: a, B: a}\n"))
    with pytest.raises(WorkbookError, match="no column map"):
        load_column_map(tmp_path / "nothing.yaml")


def test_column_letters_follow_excel():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_reading_is_fast_enough_for_a_province_sized_census(tmp_path):
    """15,000 rows x 30 columns, the size of a real census year, in well under a minute."""
    import time

    def write(ws):
        ws.write_row(
            0,
            0,
            ["Code", "Name", "District", "Class 1 Boys", "Class 1 Girls"]
            + [f"x{i}" for i in range(25)],
        )
        for r in range(1, 15_001):
            ws.write_row(r, 0, [str(1000 + r), "GPS", "Quetta", 3, 4, *range(25)])

    text = MAP + "".join(f"  x{i}: ~\n" for i in range(25))
    path = _book(tmp_path / "big.xlsx", write)
    started = time.perf_counter()
    table = _read(path, _map(tmp_path, text))
    assert table.frame.height == 15_000
    assert time.perf_counter() - started < 20
    assert table.frame.schema["code"] == pl.String
