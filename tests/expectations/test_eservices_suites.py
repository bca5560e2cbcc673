"""The e-services suites pass on the landed catalogue and catch what must never land."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from expectations import eservices
from expectations.runner import validate
from orchestration.defs.eservices import extract
from orchestration.lib import landing
from simulator import eservices as simulator


@pytest.fixture(scope="module")
def landed(tmp_path_factory) -> dict[str, pl.DataFrame]:
    root = tmp_path_factory.mktemp("eservices_suites")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BGW_WAREHOUSE_DIR", str(root))
        simulator.write_catalogue(root / "simulated_sources" / "eservices")
        extract.land_catalogue(date(2026, 11, 15))
        return {
            e: pl.read_parquet(landing.partition_dir("eservices", e, "current") / "data.parquet")
            for e in eservices.SUITES
        }


def test_every_suite_passes_on_the_landed_catalogue(landed):
    for entity, build in eservices.SUITES.items():
        result = validate(landed[entity], f"eservices_{entity}", build)
        assert result.success, (entity, result.failed)


def test_the_services_suite_fails_on_an_unknown_stage_and_a_duplicate(landed):
    services = landed["services"]
    bad = pl.concat([services, services.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("Advanced"))
        .otherwise("un_stage")
        .alias("un_stage")
    )
    failed = {f["expectation"] for f in validate(bad, "s", eservices.services).failed}
    assert {"expect_column_values_to_be_unique", "expect_column_values_to_be_in_set"} <= failed
