from __future__ import annotations

import polars as pl
import pytest

from expectations import hmis as suites
from expectations.runner import validate
from orchestration.defs.hmis import extract
from orchestration.lib import landing
from simulator import hmis, hmis_api

MONTH = "2024-01-01"


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    tmp = tmp_path_factory.mktemp("hmis_suites")
    hmis.write_world(hmis.build_world(scale=0.01, seed=4), tmp / "sim" / "hmis" / "world.json")
    with hmis_api.start(tmp / "sim") as server, pytest.MonkeyPatch.context() as mp:
        mp.setenv("BGW_WAREHOUSE_DIR", str(tmp / "warehouse"))
        mp.setenv("BGW_HMIS_BASE_URL", server.url)
        with extract.HmisExtract() as run:
            run.land_month(MONTH)
        return {
            entity: pl.read_parquet(landing.partition_dir("hmis", entity, MONTH) / "data.parquet")
            for entity in suites.SUITES
        }


@pytest.mark.parametrize("entity", list(suites.SUITES))
def test_each_suite_passes_on_a_landed_month(landed, entity):
    result = validate(landed[entity], f"hmis_{entity}", suites.SUITES[entity])
    assert result.success, result.failed


def test_the_values_suite_fails_on_a_duplicate_a_negative_count_and_no_district(landed):
    values = landed["data_values"]
    bad = pl.concat([values, values.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(-3.0).otherwise("value").alias("value"),
        pl.when(pl.int_range(pl.len()) == 2)
        .then(None)
        .otherwise("district_pcode")
        .alias("district_pcode"),
    )
    result = validate(bad, "hmis_data_values", suites.data_values)
    failed = {f["expectation"] for f in result.failed}
    assert {
        "expect_compound_columns_to_be_unique",
        "expect_column_values_to_be_between",
        "expect_column_values_to_not_be_null",
    } <= failed


def test_the_completeness_suite_fails_on_a_second_registration_of_the_same_report(landed):
    done = landed["completeness"]
    result = validate(pl.concat([done, done.head(1)]), "hmis_completeness", suites.completeness)
    assert not result.success
