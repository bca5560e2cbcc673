"""The simulated PHE functionality survey: one workbook a round, schemes that age and break."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from simulator import phemis
from simulator.phemis_layouts import ROUNDS, layout


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    inbox = tmp_path_factory.mktemp("phemis") / "inbox"
    return inbox, phemis.generate(inbox, scale=0.1, seed=7)


def test_one_workbook_per_round_with_its_own_layout(generated):
    inbox, summary = generated
    assert summary["files"] == [layout(r).file_name for r in ROUNDS]
    assert len({layout(r).family for r in ROUNDS}) == 3
    assert [r for r in ROUNDS if layout(r).two_row_header] == ["2023", "2024", "2025", "2026"]


def test_scale_one_is_about_three_thousand_schemes_and_later_rounds_list_more(generated):
    schemes = phemis._schemes(1.0, 7)
    assert len(schemes["id"]) == 3_000
    built = [b for b in schemes["built"]]
    assert sum(b <= 2019 for b in built) < sum(b <= 2026 for b in built)


def test_a_scheme_that_does_not_work_has_a_reason_unless_the_mess_left_it_out(generated):
    status = phemis._functionality(phemis._schemes(0.1, 7), 7)
    for round_states in status.values():
        for state, reason in round_states:
            assert (state == "non_functional") == bool(reason) or state == "partially_functional"


def test_the_same_seed_writes_the_same_workbook(tmp_path):
    frames = []
    for name in ("a", "b"):
        phemis.generate(tmp_path / name, scale=0.02, seed=1, rounds=("2024",))
        frames.append(
            pl.read_excel(
                tmp_path / name / layout("2024").file_name,
                sheet_name=layout("2024").sheet,
                has_header=False,
                infer_schema_length=0,
            )
        )
    assert frames[0].equals(frames[1])


def test_the_mess_is_there(generated):
    _, summary = generated
    for kind in ("duplicated_scheme_row", "wordy_year_built", "district_variant"):
        assert summary["injected"][kind] > 0
