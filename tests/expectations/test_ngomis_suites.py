import polars as pl
import pytest

from expectations import ngomis
from expectations.runner import validate
from orchestration.defs.ngomis import extract
from orchestration.lib import landing
from simulator import ngomis as simulator

KEY = "2026-10-01"


@pytest.fixture
def landed(warehouse) -> dict[str, pl.DataFrame]:
    simulator.generate_into(warehouse / "simulated_sources", 0.02, 7)
    extract.land_month(KEY)
    return {
        entity: pl.read_parquet(landing.partition_dir("ngomis", entity, KEY) / "data.parquet")
        for entity in ngomis.SUITES
    }


def test_both_suites_pass_on_a_landed_export(landed):
    for entity, build in ngomis.SUITES.items():
        result = validate(landed[entity], f"ngomis_{entity}", build)
        assert result.success, (entity, result.failed)


def test_the_registrations_suite_fails_on_dates_out_of_order_and_a_repeated_ngo(landed):
    rows = landed["registrations"]
    bad = pl.concat([rows, rows.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.col("registration_date") + pl.duration(days=30))
        .otherwise("application_date")
        .alias("application_date")
    )
    result = validate(bad, "ngomis_registrations", ngomis.registrations)
    failed = {f["expectation"] for f in result.failed}
    assert {
        "expect_compound_columns_to_be_unique",
        "expect_column_pair_values_a_to_be_greater_than_b",
    } <= failed


def test_the_districts_suite_fails_on_an_unplaced_district(landed):
    bad = landed["districts_of_operation"].with_columns(
        pl.lit(None, pl.String).alias("district_pcode")
    )
    assert not validate(bad, "ngomis_districts", ngomis.districts_of_operation).success
