"""The fixture snapshot must look like the real marts, or the dashboard tests prove nothing.

Every column the fixture writes must exist in the mart's dbt contract with the same type.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

MARTS_DIR = Path(__file__).resolve().parents[2] / "transform" / "models" / "marts"


def _contracts() -> dict[str, dict[str, str]]:
    contracts = {}
    for path in MARTS_DIR.glob("*/_*__models.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            columns = {
                c["name"]: c["data_type"].lower()
                for c in model.get("columns", [])
                if "data_type" in c
            }
            if columns:
                contracts[model["name"]] = columns
    return contracts


CONTRACTS = _contracts()


def _fixture_tables() -> list[str]:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bgw_fixture_types", Path(__file__).with_name("snapshot_fixture.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return sorted(t for t in module.TYPES if t in CONTRACTS)


@pytest.mark.parametrize("table", _fixture_tables())
def test_fixture_columns_match_the_mart_contract(facts, table):
    written = facts.fixture.TYPES[table]
    contract = CONTRACTS[table]
    assert set(written) <= set(contract), set(written) - set(contract)
    assert {c: t for c, t in written.items()} == {c: contract[c] for c in written}


def test_every_mart_the_dashboards_read_is_in_the_fixture(facts):
    for table in (
        *facts.fixture.SURVEY_MARTS,
        *facts.fixture.DATA_HEALTH_MARTS,
        *facts.fixture.COMPLAINTS_MARTS,
        *facts.fixture.INDICATOR_MARTS,
        *facts.fixture.COMPARISON_MARTS,
        *facts.fixture.EREADINESS_MARTS,
        "dim_district",
    ):
        assert table in CONTRACTS, table
        assert set(facts.fixture.TYPES[table]) == set(CONTRACTS[table]), table
