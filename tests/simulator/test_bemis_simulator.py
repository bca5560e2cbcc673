"""The simulated Education MIS: ten census workbooks, messy the way real ones are."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from orchestration.lib.districts import resolver
from simulator import bemis
from simulator.bemis_layouts import YEARS, layout


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    inbox = tmp_path_factory.mktemp("bemis") / "inbox"
    return inbox, bemis.generate(inbox, scale=0.02, seed=7)


def _sheet(inbox: Path, year: str) -> pl.DataFrame:
    lay = layout(year)
    return pl.read_excel(
        inbox / lay.file_name,
        sheet_name=lay.sheet,
        has_header=False,
        engine="calamine",
        infer_schema_length=0,
    )


def test_one_workbook_per_census_year_named_the_way_departments_name_files(generated):
    inbox, summary = generated
    assert summary["files"] == [layout(y).file_name for y in YEARS]
    assert all((inbox / f).exists() for f in summary["files"])
    assert summary["synthetic"] is True


def test_scale_one_is_about_fifteen_thousand_schools_in_the_latest_census(generated):
    _, summary = generated
    per_year = summary["rows"]["school_rows"] / len(YEARS)
    assert 0.85 * 15_000 * 0.02 < per_year < 1.1 * 15_000 * 0.02


def test_the_same_seed_writes_the_same_workbooks(tmp_path):
    def digest(inbox: Path) -> str:
        return hashlib.sha256(
            b"".join(_sheet(inbox, y).write_csv().encode() for y in ("2016-17", "2025-26"))
        ).hexdigest()

    bemis.generate(tmp_path / "a", scale=0.005, seed=1, years=("2016-17", "2025-26"))
    bemis.generate(tmp_path / "b", scale=0.005, seed=1, years=("2016-17", "2025-26"))
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_column_names_change_between_years_and_some_years_use_two_header_rows():
    headers = {
        y: {layout(y).flat_header(h) for k, h in layout(y).columns if k == "emis_code"}
        for y in YEARS
    }
    assert len({h for hs in headers.values() for h in hs}) >= 3
    assert [y for y in YEARS if layout(y).two_row_header] == ["2018-19", "2019-20", "2020-21"]


def test_titles_blank_rows_a_totals_row_and_urdu_text_are_in_the_workbooks(generated):
    inbox, summary = generated
    sheet = _sheet(inbox, "2023-24")
    text = " ".join(str(v) for row in sheet.rows() for v in row if v is not None)
    assert "Annual School Census 2023-24" in text and "SYNTHETIC" in text
    assert "Grand Total" in text
    assert "سکول" in text or "ہاں" in text
    assert summary["injected"]["blank_row"] > 0
    assert summary["injected"]["duplicated_school_row"] > 0
    assert summary["injected"]["district_unresolvable"] > 0


def test_districts_created_later_are_reported_under_their_parent_before_they_existed():
    assert bemis._district_as_of("Duki", date(2016, 10, 31)) == "Loralai"
    assert bemis._district_as_of("Duki", date(2017, 10, 31)) == "Duki"
    assert bemis._district_as_of("Chaman", bemis.census_date("2016-17")) == "Killa Abdullah"
    assert not bemis._unit_exists("Hub", bemis.census_date("2021-22"))
    assert bemis._unit_exists("Hub", bemis.census_date("2022-23"))


def test_no_hub_or_duki_is_typed_before_they_existed(generated):
    from orchestration.defs.bemis.extract import COLUMN_MAPS_DIR
    from orchestration.lib.workbook import load_column_map, read_table

    inbox, _ = generated
    r = resolver()
    for year, absent in (
        ("2016-17", {"Duki", "Hub", "Usta Muhammad"}),
        ("2021-22", {"Hub", "Usta Muhammad"}),
        ("2023-24", set()),
    ):
        table = read_table(
            inbox / layout(year).file_name,
            load_column_map(COLUMN_MAPS_DIR / f"{year}.yaml"),
            source="bemis",
            key_column="emis_code",
        )
        units = {
            hit.unit_name for name in table.frame["district"].to_list() if (hit := r.resolve(name))
        }
        assert not units & absent, (year, units & absent)
        if year == "2023-24":
            assert {"Duki", "Hub"} <= units
