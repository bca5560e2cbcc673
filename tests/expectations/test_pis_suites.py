from __future__ import annotations

import polars as pl
import pytest

from expectations import pis as suites
from expectations.runner import validate
from orchestration.defs.pis import extract
from orchestration.lib import landing
from simulator import pis, pis_api

QUARTER = "2024-07-01"


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    tmp = tmp_path_factory.mktemp("pis_suites")
    (tmp / "sim" / "pis").mkdir(parents=True)
    pis.generate(tmp / "sim" / "pis" / pis.DB_FILE, scale=0.01, seed=4)
    with pis_api.start(tmp / "sim", rate_limit=1000) as server, pytest.MonkeyPatch.context() as mp:
        mp.setenv("BGW_WAREHOUSE_DIR", str(tmp / "warehouse"))
        mp.setenv("BGW_PIS_BASE_URL", server.url)
        with extract.PisExtract() as run:
            run.land_quarter(QUARTER)
        return {
            entity: pl.read_parquet(landing.partition_dir("pis", entity, QUARTER) / "data.parquet")
            for entity in suites.SUITES
        }


@pytest.mark.parametrize("entity", list(suites.SUITES))
def test_each_suite_passes_on_a_landed_quarter(landed, entity):
    result = validate(landed[entity], f"pis_{entity}", suites.SUITES[entity])
    assert result.success, result.failed


def test_the_schemes_suite_fails_on_a_duplicate_and_an_allocation_above_the_cost(landed):
    schemes = landed["schemes"]
    bad = pl.concat([schemes, schemes.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.col("estimated_cost_pkr_m") * 2)
        .otherwise("allocation_pkr_m")
        .alias("allocation_pkr_m")
    )
    failed = {f["expectation"] for f in validate(bad, "pis_schemes", suites.schemes).failed}
    assert {
        "expect_compound_columns_to_be_unique",
        "expect_column_pair_values_a_to_be_greater_than_b",
    } <= failed


def test_the_progress_suite_fails_on_expenditure_above_releases(landed):
    progress = landed["scheme_progress"].with_columns(
        (pl.col("releases_to_date_pkr_m") + 1).alias("expenditure_to_date_pkr_m")
    )
    assert not validate(progress, "pis_scheme_progress", suites.scheme_progress).success
