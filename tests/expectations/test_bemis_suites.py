"""The BEMIS suites pass on what the connector lands and catch what it must never land."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from expectations import bemis
from expectations.runner import validate
from orchestration.defs.bemis import extract
from orchestration.lib import landing
from simulator import bemis as simulator

YEAR = "2024-25"


@pytest.fixture(scope="module")
def landed(tmp_path_factory) -> dict[str, pl.DataFrame]:
    root = tmp_path_factory.mktemp("bemis_suites")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BGW_WAREHOUSE_DIR", str(root))
        mp.setenv("BGW_BEMIS_INBOX", str(root / "inbox"))
        simulator.generate(Path(root / "inbox"), scale=0.01, seed=2, years=(YEAR,))
        extract.land_year(YEAR)
        return {
            e: pl.read_parquet(landing.partition_dir("bemis", e, YEAR) / "data.parquet")
            for e in bemis.SUITES
        }


def test_every_suite_passes_on_a_landed_census_year(landed):
    for entity, build in bemis.SUITES.items():
        result = validate(landed[entity], f"bemis_{entity}", build)
        assert result.success, (entity, result.failed)


def test_the_schools_suite_fails_on_a_duplicate_school_and_an_unknown_district(landed):
    schools = landed["schools"]
    bad = pl.concat([schools, schools.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("PK999"))
        .otherwise("district_pcode")
        .alias("district_pcode")
    )
    result = validate(bad, "bemis_schools", bemis.schools)
    failed = {f["expectation"] for f in result.failed}
    assert {"expect_compound_columns_to_be_unique", "expect_column_values_to_be_in_set"} <= failed


def test_the_enrolment_suite_fails_on_a_negative_count_and_an_unknown_class(landed):
    bad = (
        landed["enrolment"]
        .head(3)
        .with_columns(
            pl.Series("enrolment", [-1, 5, 5], dtype=pl.Int32),
            pl.Series("class", ["1", "13", "2"]),
        )
    )
    result = validate(bad, "bemis_enrolment", bemis.enrolment)
    assert {f["kwargs"]["column"] for f in result.failed if "column" in f["kwargs"]} >= {
        "enrolment",
        "class",
    }
