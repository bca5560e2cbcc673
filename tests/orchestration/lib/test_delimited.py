"""The shared reader for delimited text exports: encodings, delimiters, damaged lines."""

from __future__ import annotations

import codecs
from pathlib import Path

import polars as pl
import pytest

from orchestration.lib import delimited
from orchestration.lib.delimited import DelimitedFileError
from orchestration.lib.quarantine import ROW_NUMBER

TEXT = "Roll No,Name,District\r\n1001,Gul Bibi,Quetta\r\n1002,محمد علی,Kech\r\n"


def _write(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_the_encoding_is_detected_not_assumed(tmp_path, data, encoding):
    file = delimited.read_delimited(_write(tmp_path, data), source="test")
    assert file.encoding == encoding
    assert file.header == ["Roll No", "Name", "District"]
    assert file.rows["Name"].to_list() == ["Gul Bibi", "محمد علی"]


def test_a_cp1252_file_with_lines_pasted_in_as_utf8_reads_both_correctly(tmp_path):
    data = (
        b"Roll No,Name,School\r\n"
        + "1001,Gul Bibi,Govt. Girls’ High School\r\n".encode("cp1252")
        + "1002,محمد علی,Govt. Boys High School\r\n".encode()
    )
    file = delimited.read_delimited(_write(tmp_path, data), source="test")
    assert file.encoding == "cp1252 (1 lines utf-8)"
    assert file.rows["School"][0] == "Govt. Girls’ High School"
    assert file.rows["Name"][1] == "محمد علی"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_detected_and_fields_keep_their_own_commas(tmp_path, delimiter):
    lines = [
        ["id", "name", "districts"],
        ["1", "Al-Khidmat, Quetta", "Quetta; Pishin"],
        ["2", "Roshan", "Kech"],
    ]
    text = "".join(
        delimiter.join(f'"{c}"' if delimiter in c or "," in c or ";" in c else c for c in line)
        + "\n"
        for line in lines
    )
    file = delimited.read_delimited(_write(tmp_path, text.encode()), source="test")
    assert file.delimiter == delimiter
    assert file.rows["districts"].to_list() == ["Quetta; Pishin", "Kech"]


def test_every_record_keeps_the_line_it_starts_on_counting_the_header_as_line_1(tmp_path):
    text = 'id,note\n1,"two\nlines"\n\n2,after a blank line\n'
    file = delimited.read_delimited(_write(tmp_path, text.encode()), source="test")
    assert file.rows[ROW_NUMBER].to_list() == [2, 5]
    assert file.rows["note"][0] == "two\nlines"


def test_blank_and_dash_cells_are_null_and_text_is_trimmed(tmp_path):
    file = delimited.read_delimited(_write(tmp_path, b"a,b,c\n x ,,-\n"), source="test")
    assert file.rows.row(0) == (2, "x", None, None)


def test_lines_with_the_wrong_number_of_fields_are_returned_for_quarantine(tmp_path):
    text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"
    file = delimited.read_delimited(_write(tmp_path, text.encode()), source="test")
    assert file.rows["a"].to_list() == ["1", "10"]
    assert [(m.line_number, m.reason) for m in file.malformed] == [
        (3, "wrong number of fields: expected 3, found 2"),
        (4, "wrong number of fields: expected 3, found 4"),
    ]
    assert file.rows_read == 4
    bad = delimited.malformed_quarantine(file, source="s", entity="e", partition_key="k")
    assert bad["row_number"].to_list() == [3, 4]
    assert bad["raw_record"][0] == '{"line": "4,5"}'


def test_a_file_cut_off_mid_line_quarantines_its_last_record_as_truncated(tmp_path):
    text = 'a,b,c\n1,2,3\n4,"fi'
    file = delimited.read_delimited(_write(tmp_path, text.encode()), source="test")
    assert file.rows.height == 1
    [cut] = file.malformed
    assert cut.line_number == 3
    assert cut.reason.startswith("truncated line:")


def test_a_utf16_file_cut_inside_a_character_still_reads_up_to_the_cut(tmp_path):
    data = "a\tb\tc\r\n1\t2\t3\r\n4\t5".encode("utf-16")[:-1]
    file = delimited.read_delimited(_write(tmp_path, data), source="test")
    assert file.encoding == "utf-16" and file.rows.height == 1
    assert [m.reason.split(":")[0] for m in file.malformed] == ["truncated line"]


def test_a_last_line_without_a_newline_is_fine_when_it_is_complete(tmp_path):
    file = delimited.read_delimited(_write(tmp_path, b"a,b\n1,2\n3,4"), source="test")
    assert file.rows["b"].to_list() == ["2", "4"] and not file.malformed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\r\n\r\n", "the file is empty"),
        (b"PK\x03\x04\x00\x00binary", "not a delimited text export"),
        (b"just one column\nand more\n", "no delimiter"),
        (b"a,b,A\n1,2,3\n", "names column 'A' twice"),
    ],
)
def test_a_file_that_cannot_be_read_at_all_raises_an_error_naming_it(tmp_path, data, message):
    path = _write(tmp_path, data)
    with pytest.raises(DelimitedFileError, match=message) as err:
        delimited.read_delimited(path, source="bise")
    assert f"bise file {path}" in str(err.value)


def test_a_missing_file_raises_an_error_naming_it(tmp_path):
    with pytest.raises(DelimitedFileError, match="file not found"):
        delimited.read_delimited(tmp_path / "nope.csv", source="bise")


def test_columns_map_through_synonyms_and_a_missing_one_names_what_is_there(tmp_path):
    path = _write(tmp_path, b"Roll #,Full Name,Distt\n1,A,Quetta\n")
    file = delimited.read_delimited(path, source="test")
    synonyms = {"roll_no": ("Roll #",), "district": ("Distt",), "gender": ("Sex",)}
    frame = delimited.map_columns(file, synonyms, required=("roll_no",), source="test")
    assert frame.columns == [ROW_NUMBER, "roll_no", "district", "gender"]
    assert frame.row(0) == (2, "1", "Quetta", None)
    with pytest.raises(DelimitedFileError, match=r"missing required column\(s\) \['gender'\]") as e:
        delimited.map_columns(file, synonyms, required=("roll_no", "gender"), source="test")
    assert "'Full Name'" in str(e.value)


def test_headers_are_normalised_for_matching():
    assert delimited.normalise_header(" Roll No. ") == "roll_no"
    assert delimited.normalise_header("ROLL-NO") == "roll_no"


def test_a_large_file_reads_quickly_enough(tmp_path):
    rows = "\n".join(f"{i},name {i},Quetta" for i in range(50_000))
    path = _write(tmp_path, f"id,name,district\n{rows}\n".encode())
    file = delimited.read_delimited(path, source="test")
    assert file.rows.height == 50_000
    assert file.rows.schema["id"] == pl.String
