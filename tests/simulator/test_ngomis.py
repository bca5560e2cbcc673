"""The NGO registry simulator: a full snapshot every month, with the July 2025 upgrade."""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path

import pytest

from simulator import common, ngomis

SCALE = 0.05


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("ngomis")
    return out / "ngomis" / "inbox", ngomis.generate_into(out, SCALE, 7)


def test_one_export_per_month_from_january_2024_to_the_last_complete_month(made):
    inbox, summary = made
    names = sorted(p.name for p in inbox.iterdir())
    assert names[0] == "ngo_registry_2024-01.csv"
    assert names[-1] == "ngo_registry_2026-10.csv"  # DEFAULT_AS_OF is 15 November 2026
    assert len(names) == 34 == len(summary["files"])
    assert summary["synthetic"] is True
    assert summary["rows"] == {"registry_rows": sum(summary["rows_by_file"].values())}


def test_scale_1_is_about_5000_ngos_and_the_registry_grows(made):
    _, summary = made
    assert summary["ngos"] == pytest.approx(ngomis.NGOS_AT_SCALE_1 * SCALE, rel=0.05)
    rows = summary["rows_by_file"]
    assert rows["ngo_registry_2024-01"] < rows["ngo_registry_2026-10"]


def test_the_upgrade_renames_three_headings_and_writes_iso_dates(made):
    inbox, _ = made
    before, after = (
        _read(inbox / "ngo_registry_2025-06.csv"),
        _read(inbox / "ngo_registry_2025-07.csv"),
    )
    assert list(before[0]) == list(ngomis.HEADINGS_BEFORE)
    assert list(after[0]) == list(ngomis.HEADINGS_AFTER)
    assert before[0]["Registration Date"][2] == "/" and after[0]["Registration Date"][4] == "-"


def test_statuses_follow_the_renewal_cycle_on_the_export_day(made):
    inbox, _ = made
    rows = _read(inbox / "ngo_registry_2026-10.csv")
    assert {r["Status"] for r in rows} == {"Active", "Lapsed", "Cancelled"}
    for r in rows:
        if r["Status"] == "Active" and r["Last Renewed On"]:
            renewed = date.fromisoformat(r["Last Renewed On"])
            assert (date(2026, 10, 31) - renewed).days <= 365 * ngomis.RENEWAL_YEARS + 2


def test_districts_of_operation_are_a_list_typed_like_operators_type(made):
    inbox, _ = made
    rows = _read(inbox / "ngo_registry_2026-10.csv")
    lists = [r["Operational Districts"] for r in rows]
    assert any("; " in v for v in lists)
    canonical = {d.name for d in common.districts()}
    items = [i for v in lists for i in v.split("; ")]
    assert any(i not in canonical for i in items)


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    months = [date(2025, 6, 1), date(2025, 7, 1)]

    def digest(folder: Path) -> dict[str, str]:
        ngomis.generate(folder, scale=0.01, seed=5, months=months)
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}

    assert digest(tmp_path / "a") == digest(tmp_path / "b")
