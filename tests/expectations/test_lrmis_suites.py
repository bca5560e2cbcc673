import polars as pl
import pytest

from expectations import lrmis
from expectations.runner import validate
from orchestration.defs.lrmis import extract
from orchestration.lib import landing
from simulator import lrmis as simulator

KEY = "2026-10-01"


@pytest.fixture
def landed(warehouse) -> pl.DataFrame:
    simulator.generate_into(warehouse / "simulated_sources", 0.01, 7)
    extract.land_month(KEY)
    return pl.read_parquet(landing.partition_dir("lrmis", "mutations", KEY) / "data.parquet")


def test_the_mutations_suite_passes_on_a_landed_export(landed):
    result = validate(landed, "lrmis_mutations", lrmis.mutations)
    assert result.success, result.failed


def test_the_mutations_suite_fails_on_a_repeat_and_an_attestation_before_application(landed):
    attested = landed.filter(pl.col("attestation_date").is_not_null())
    bad = pl.concat([attested, attested.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.col("application_date") - pl.duration(days=1))
        .otherwise("attestation_date")
        .alias("attestation_date")
    )
    failed = {f["expectation"] for f in validate(bad, "lrmis_mutations", lrmis.mutations).failed}
    assert {
        "expect_compound_columns_to_be_unique",
        "expect_column_pair_values_a_to_be_greater_than_b",
    } <= failed
