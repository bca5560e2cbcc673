"""Landing a PHE functionality survey round: what loads, what is quarantined, what stops it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from orchestration.defs.phemis import extract
from orchestration.lib import landing
from orchestration.lib.workbook import WorkbookError, load_column_map
from simulator import phemis
from simulator.bemis_workbook import write_workbook
from simulator.common import Messiness
from simulator.phemis_layouts import ROUNDS, layout

ROUND = "2024"  # two merged header rows, column A empty


@pytest.fixture
def inbox(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = warehouse / "inbox"
    path.mkdir()
    monkeypatch.setenv("BGW_PHEMIS_INBOX", str(path))
    return path


def _scheme(scheme_id: str, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "S.No": 1,
        "scheme_id": scheme_id,
        "scheme_name": f"Tube Well WSS {scheme_id}",
        "district": "Pishin",
        "tehsil": "Pishin",
        "scheme_type": "Tubewell",
        "year_built": 2011,
        "design_population": 2500,
        "functional": "Yes",
        "reason": None,
        "solarised": "No",
    }
    row.update(overrides)
    return row


def _write(inbox: Path, rows, round_: str = ROUND, lay=None) -> Path:
    lay = lay or layout(round_)
    path = inbox / lay.file_name
    write_workbook(path, lay, rows, label_column="scheme_name", summed=("design_population",))
    return path


def _land(round_: str = ROUND) -> landing.LoadAccount:
    [account] = extract.land_round(round_)
    assert account.rows_read == account.rows_loaded + account.rows_quarantined
    return account


def _reasons(round_: str = ROUND) -> list[str]:
    path = landing.partition_dir("phemis", "schemes", round_) / "quarantine.parquet"
    return pl.read_parquet(path).sort("row_number")["reason"].to_list()


def _loaded(round_: str = ROUND) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("phemis", "schemes", round_) / "data.parquet")


def test_every_simulated_row_of_every_round_is_loaded_or_quarantined(warehouse, inbox):
    messy = Messiness(
        district_unresolvable=0.03, duplicated_row=0.03, malformed_date=0.08, blank_value=0.1
    )
    summary = phemis.generate(inbox, scale=0.05, seed=3, messiness=messy)
    accounts = [_land(r) for r in ROUNDS]
    assert sum(a.rows_read for a in accounts) == summary["rows"]["scheme_rows"]
    kinds = {reason.split(":")[0] for a in accounts for reason in a.quarantine_reasons}
    assert {
        "duplicate scheme row",
        "unknown district",
        "non-numeric year_built",
        "non-numeric design_population",
        "impossible design_population",
        "built after the survey",
        "missing non-functional reason",
    } <= kinds


def test_simulated_workbooks_of_every_round_match_their_column_maps():
    for round_ in ROUNDS:
        lay = layout(round_)
        column_map = load_column_map(extract.COLUMN_MAPS_DIR / f"{round_}.yaml")
        assert column_map.sheet == lay.sheet
        for key, header in lay.columns:
            name = lay.flat_header(header).casefold()
            assert column_map.columns.get(name) == key or (
                key is None and name in column_map.ignored
            ), (round_, header)


def test_a_clean_scheme_loads_with_its_codes_and_reason(warehouse, inbox):
    _write(
        inbox,
        [
            _scheme("PHE-25-00001"),
            _scheme(
                "PHE-25-00002", functional="No", reason="Motor burnt", design_population="2,500"
            ),
            _scheme("PHE-25-00003", functional="Partially", reason="low yield"),
        ],
    )
    assert _land().rows_loaded == 3
    rows = (
        _loaded()
        .sort("scheme_id")
        .select(
            "district_pcode",
            "scheme_type",
            "design_population",
            "functionality",
            "non_functional_reason",
            "reason_reported",
        )
        .rows()
    )
    assert rows == [
        ("PK225", "tube_well", 2500, "functional", None, None),
        ("PK225", "tube_well", 2500, "non_functional", "pump_broken", "Motor burnt"),
        ("PK225", "tube_well", 2500, "partially_functional", None, "low yield"),
    ]


def test_schema_drift_a_new_column_stops_the_round_until_it_is_mapped(warehouse, inbox):
    lay = layout(ROUND)
    _write(
        inbox,
        [_scheme("PHE-25-00001")],
        lay=replace(lay, columns=(*lay.columns, (None, "Operator Name"))),
    )
    with pytest.raises(
        WorkbookError,
        match=r"unexpected column\(s\) 'Operator Name' "
        r"\(column L\) not in the column map .*2024.yaml",
    ):
        extract.land_round(ROUND)


def test_a_column_moved_or_renamed_between_rounds_is_handled_by_the_rounds_map(warehouse, inbox):
    _write(
        inbox, [_scheme("PHE-25-00001", scheme_type="TW", functional="Functional")], round_="2021"
    )
    _write(inbox, [_scheme("PHE-25-00001", scheme_type="Tube Well", functional="Y")], round_="2019")
    assert _land("2021").rows_loaded == 1 and _land("2019").rows_loaded == 1


def test_a_missing_or_renamed_column_is_named(warehouse, inbox):
    lay = layout(ROUND)
    renamed = tuple(
        (k, ("Design", "People Served") if k == "design_population" else h) for k, h in lay.columns
    )
    _write(inbox, [_scheme("PHE-25-00001")], lay=replace(lay, columns=renamed))
    with pytest.raises(
        WorkbookError,
        match=r"required column\(s\) 'design_population' .* not "
        r"found .*'Design People Served' \(column H\)",
    ):
        extract.land_round(ROUND)
    dropped = tuple(c for c in lay.columns if c[0] != "reason")
    _write(inbox, [_scheme("PHE-25-00001")], lay=replace(lay, columns=dropped))
    with pytest.raises(WorkbookError, match=r"required column\(s\) 'reason'"):
        extract.land_round(ROUND)


def test_wrong_types_are_quarantined_with_the_value_as_written(warehouse, inbox):
    _write(
        inbox,
        [
            _scheme("PHE-25-00001", year_built="old"),
            _scheme("PHE-25-00002", design_population="approx 500"),
            _scheme("PHE-25-00003", scheme_type="Windmill"),
            _scheme("PHE-25-00004", functional="maybe"),
        ],
    )
    _land()
    assert _reasons() == [
        "non-numeric year_built: 'old'",
        "non-numeric design_population: 'approx 500'",
        "unknown scheme_type: 'Windmill'",
        "unknown functional: 'maybe'",
    ]


def test_a_duplicated_scheme_is_quarantined_and_the_first_row_loads(warehouse, inbox):
    _write(inbox, [_scheme("PHE-25-00001"), _scheme("PHE-25-00002"), _scheme("PHE-25-00001")])
    assert _land().rows_loaded == 2
    [reason] = _reasons()
    assert reason.startswith("duplicate scheme row: scheme_id 'PHE-25-00001' is also in row ")


def test_an_unknown_district_is_quarantined_with_a_suggestion(warehouse, inbox):
    _write(
        inbox,
        [_scheme("PHE-25-00001", district="Pishinn"), _scheme("PHE-25-00002", district="Karezat")],
    )  # a former district: resolves
    assert _land().rows_loaded == 1
    path = landing.partition_dir("phemis", "schemes", ROUND) / "quarantine.parquet"
    [bad] = pl.read_parquet(path).rows(named=True)
    assert bad["reason"] == "unknown district: 'Pishinn'"
    assert bad["suggestion"].startswith("Pishin")


def test_impossible_values_are_quarantined(warehouse, inbox):
    _write(
        inbox,
        [
            _scheme("PHE-25-00001", functional="No", reason=None),
            _scheme("PHE-25-00002", design_population=-50),
            _scheme("PHE-25-00003", year_built=2027),
            _scheme("PHE-25-00004", year_built=1066),
        ],
    )
    assert _land().rows_loaded == 0
    assert _reasons() == [
        "missing non-functional reason: functional is 'No' but no reason is given",
        "impossible design_population: -50",
        "built after the survey: 2027 > 2024",
        "impossible year_built: 1066",
    ]


def test_the_inbox_must_hold_exactly_one_workbook_for_the_round(warehouse, inbox):
    with pytest.raises(WorkbookError, match="no workbook.* for survey round 2024"):
        extract.land_round(ROUND)
    _write(inbox, [_scheme("PHE-25-00001")])
    (inbox / "copy of round 2024.xlsx").write_bytes(b"x")
    with pytest.raises(WorkbookError, match="2 workbook.* for survey round 2024"):
        extract.land_round(ROUND)
