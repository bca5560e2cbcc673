"""The PHEMIS suite passes on a landed round and catches what must never land."""

from __future__ import annotations

import polars as pl
import pytest

from expectations import phemis
from expectations.runner import validate
from orchestration.defs.phemis import extract
from orchestration.lib import landing
from simulator import phemis as simulator


@pytest.fixture(scope="module")
def landed(tmp_path_factory) -> pl.DataFrame:
    root = tmp_path_factory.mktemp("phemis_suites")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BGW_WAREHOUSE_DIR", str(root))
        mp.setenv("BGW_PHEMIS_INBOX", str(root / "inbox"))
        simulator.generate(root / "inbox", scale=0.05, seed=2, rounds=("2022",))
        extract.land_round("2022")
        return pl.read_parquet(landing.partition_dir("phemis", "schemes", "2022") / "data.parquet")


def test_the_suite_passes_on_a_landed_round(landed):
    result = validate(landed, "phemis_schemes", phemis.schemes)
    assert result.success, result.failed


def test_the_suite_fails_on_a_duplicate_and_a_negative_population(landed):
    bad = pl.concat([landed, landed.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(-5)
        .otherwise("design_population")
        .cast(pl.Int32)
        .alias("design_population")
    )
    failed = {f["expectation"] for f in validate(bad, "phemis_schemes", phemis.schemes).failed}
    assert {"expect_compound_columns_to_be_unique", "expect_column_values_to_be_between"} <= failed
