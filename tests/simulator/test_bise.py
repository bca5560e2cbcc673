"""The BISE result-gazette simulator: files as the Board's machines wrote them, year by year."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from orchestration.lib import delimited
from simulator import bise
from simulator.common import DELIBERATELY_UNRESOLVABLE, Messiness

SCALE = 0.01


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("bise")
    return out, bise.generate_into(out, SCALE, 7)


def test_every_year_has_ssc_and_hssc_gazettes_and_supplementary_sessions_are_optional(made):
    out, summary = made
    inbox = out / "bise" / "inbox"
    names = {p.name for p in inbox.iterdir()}
    for year in bise.YEARS:
        assert {f"ssc_annual_{year}.csv", f"hssc_annual_{year}.csv"} <= names
        has_supplementary = f"ssc_supplementary_{year}.csv" in names
        assert has_supplementary == (year not in bise.NO_SUPPLEMENTARY)
    assert sorted(summary["files"]) == sorted(f"bise/inbox/{n}" for n in names)
    assert summary["synthetic"] is True
    assert summary["rows"] == {"candidates": sum(summary["rows_by_file"].values())}


def test_scale_1_is_about_100000_candidates_a_year(made):
    _, summary = made
    per_year = sum(n for name, n in summary["rows_by_file"].items() if name.endswith("_2024"))
    assert per_year == pytest.approx(bise.CANDIDATES_PER_YEAR * SCALE, rel=0.05)


@pytest.mark.parametrize("year", bise.YEARS)
def test_each_year_is_written_in_its_own_encoding_delimiter_and_headings(made, year):
    out, _ = made
    fmt = bise.YEAR_FORMATS[year]
    file = delimited.read_delimited(out / "bise/inbox" / f"ssc_annual_{year}.csv", source="bise")
    assert file.delimiter == fmt.delimiter
    assert file.header == list(bise.HEADINGS[fmt.headings])
    expected = {"cp1252+utf8": "cp1252", "utf-16": "utf-16"}.get(fmt.encoding, fmt.encoding)
    assert file.encoding.split(" ")[0] == expected
    assert not file.malformed


def test_urdu_names_survive_in_every_encoding_including_cp1252_years(made):
    out, _ = made
    for year in (2019, 2020, 2021):
        file = delimited.read_delimited(
            out / "bise/inbox" / f"ssc_annual_{year}.csv", source="bise"
        )
        names = file.rows.get_column(file.header[1]).to_list()
        assert any(any("\u0600" <= ch <= "\u06ff" for ch in n) for n in names)
        assert any("’" in s for s in file.rows.get_column(file.header[3]).to_list())


def test_the_messiness_the_connector_must_catch_is_injected_and_counted(made):
    _, summary = made
    injected = summary["messiness"]
    for kind in (
        "duplicated_roll_no",
        "marks_over_total",
        "unknown_result_code",
        "district_unresolvable",
        "district_variant",
    ):
        assert injected.get(kind, 0) > 0, kind


def test_a_clean_run_has_no_unresolvable_district_or_duplicate(tmp_path):
    summary = bise.generate(
        tmp_path, scale=0.005, seed=3, years=(2024,), messiness=Messiness.clean()
    )
    file = delimited.read_delimited(tmp_path / "ssc_annual_2024.csv", source="bise")
    districts = set(file.rows["District"].to_list())
    assert not districts & set(DELIBERATELY_UNRESOLVABLE)
    assert file.rows["Roll Number"].is_unique().all()
    assert "duplicated_roll_no" not in summary["messiness"]


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    def digest(folder: Path) -> dict[str, str]:
        bise.generate(folder, scale=0.003, seed=5, years=(2019, 2024))
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}

    assert digest(tmp_path / "a") == digest(tmp_path / "b")
