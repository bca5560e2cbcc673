import polars as pl
import pytest

from expectations import bise
from expectations.runner import validate
from orchestration.defs.bise import extract
from orchestration.lib import landing
from simulator import bise as simulator


@pytest.fixture
def landed(warehouse) -> pl.DataFrame:
    simulator.generate(
        warehouse / "simulated_sources" / "bise" / "inbox", scale=0.005, seed=7, years=(2023,)
    )
    extract.land_year("2023")
    return pl.read_parquet(landing.partition_dir("bise", "results", "2023") / "data.parquet")


def test_the_results_suite_passes_on_a_landed_year(landed):
    result = validate(landed, "bise_results", bise.results)
    assert result.success, result.failed


def test_the_results_suite_fails_on_a_repeated_candidate_marks_over_total_and_a_bad_code(landed):
    first = pl.int_range(pl.len()) == 0
    bad = pl.concat([landed, landed.head(1)]).with_columns(
        pl.when(first).then(pl.lit("withheld")).otherwise("result").alias("result"),
        pl.when(first).then(2000).otherwise("marks_obtained").alias("marks_obtained"),
    )
    result = validate(bad, "bise_results", bise.results)
    failed = {f["expectation"] for f in result.failed}
    assert {
        "expect_compound_columns_to_be_unique",
        "expect_column_values_to_be_in_set",
        "expect_column_pair_values_a_to_be_greater_than_b",
    } <= failed
