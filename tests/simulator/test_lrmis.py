"""The mutation register simulator: monthly exports of every mutation that moved."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from simulator import lrmis

SCALE = 0.02


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("lrmis")
    return out / "lrmis" / "inbox", lrmis.generate_into(out, SCALE, 7)


def test_one_export_per_month_from_january_2023_to_the_last_complete_month(made):
    inbox, summary = made
    names = sorted(p.name for p in inbox.iterdir())
    assert names[0] == "mutation_register_2023-01.csv"
    assert names[-1] == "mutation_register_2026-10.csv"
    assert len(names) == len(summary["files"]) == 46
    assert summary["synthetic"] is True
    assert summary["rows"] == {"mutation_rows": sum(summary["rows_by_file"].values())}


def test_scale_1_is_about_100000_mutations_a_year(made):
    _, summary = made
    years = summary["mutations"] / 46 * 12
    assert years == pytest.approx(lrmis.MUTATIONS_PER_YEAR * SCALE, rel=0.05)


def test_a_mutation_reappears_when_it_is_decided_and_ends_attested_or_rejected(made):
    inbox, _ = made
    states: dict[str, list[str]] = {}
    for path in sorted(inbox.iterdir()):
        for row in _read(path):
            mutation_id = row.get("Mutation No") or row["Mutation ID"]
            states.setdefault(mutation_id, []).append(row["Status"])
    moved = [s for s in states.values() if len(set(s)) > 1]
    assert moved and all(s[0] == "Pending" and s[-1] in ("Attested", "Rejected") for s in moved)
    finals = Counter(s[-1] for s in states.values())
    assert finals["Rejected"] < finals["Attested"]


def test_headings_are_renamed_from_january_2025(made):
    inbox, _ = made
    before = _read(inbox / "mutation_register_2024-12.csv")[0]
    after = _read(inbox / "mutation_register_2025-01.csv")[0]
    assert list(before) == list(lrmis.HEADINGS_BEFORE)
    assert list(after) == list(lrmis.HEADINGS_AFTER)


def test_tehsils_are_the_districts_real_census_tehsils(made):
    inbox, _ = made
    rows = _read(inbox / "mutation_register_2026-10.csv")
    tehsils = lrmis.tehsils()
    for row in rows:
        if row["District"] in tehsils:
            assert row["Tehsil"] in tehsils[row["District"]]
    assert all(datetime.strptime(r["Application Date"], "%d-%m-%Y") for r in rows)


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    months = [date(2024, 12, 1), date(2025, 1, 1)]

    def digest(folder: Path) -> dict[str, str]:
        lrmis.generate(folder, scale=0.01, seed=5, months=months)
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}

    assert digest(tmp_path / "a") == digest(tmp_path / "b")
