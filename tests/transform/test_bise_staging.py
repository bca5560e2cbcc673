"""stg_bise__results built by dbt over landed gazettes, on a throw-away warehouse."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.defs.bise import extract
from simulator import bise

pytestmark = pytest.mark.xdist_group("bise_warehouse")

YEARS = ("2019", "2020", "2024")


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> dict:
    warehouse = throwaway_warehouse("bise_warehouse")
    with warehouse.settings():
        bise.generate(
            warehouse.simulated_sources / "bise" / "inbox",
            scale=0.01,
            seed=7,
            years=tuple(int(y) for y in YEARS),
        )
        accounts = [a for year in YEARS for a in extract.land_year(year)]
    results = warehouse.build("+path:models/staging/bise")
    return {"warehouse": warehouse, "accounts": accounts, "results": results}


@pytest.fixture(scope="module")
def results(built) -> pl.DataFrame:
    return built["warehouse"].table("staging.stg_bise__results")


def test_dbt_builds_the_staging_model_with_every_test_green(built):
    ran = {r["unique_id"] for r in built["results"]}
    assert "model.balochistan_warehouse.stg_bise__results" in ran
    assert any(u.startswith("test.") and "stg_bise__results" in u for u in ran)
    assert all(r["status"] in ("pass", "success") for r in built["results"])


def test_staging_holds_exactly_the_loaded_candidates_one_row_per_sitting(built, results):
    assert results.height == sum(a.rows_loaded for a in built["accounts"])
    assert results.select("exam_year", "exam", "exam_session", "roll_no").is_unique().all()
    assert sorted(results["exam_year"].unique().to_list()) == [int(y) for y in YEARS]


def test_staging_renames_and_types_without_carrying_names(results):
    assert "candidate_name" not in results.columns
    assert set(results["exam"]) == {"SSC", "HSSC"}
    assert results.schema["marks_obtained"] in (pl.Int32, pl.Int64)
    absent = results.filter(pl.col("result") == "absent")
    assert absent["marks_obtained"].is_null().all() and not absent["appeared"].any()
    assert (results.filter(pl.col("passed"))["marks_percent"] >= 33).all()
