"""stg_lrmis__mutations built by dbt over landed register exports, on a throw-away warehouse."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.defs.lrmis import extract
from simulator import lrmis

pytestmark = pytest.mark.xdist_group("lrmis_warehouse")

MONTHS = ("2026-08-01", "2026-09-01", "2026-10-01")


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> dict:
    warehouse = throwaway_warehouse("lrmis_warehouse")
    with warehouse.settings():
        lrmis.generate_into(warehouse.simulated_sources, 0.02, 7)
        accounts = [a for key in MONTHS for a in extract.land_month(key)]
    results = warehouse.build("+path:models/staging/lrmis")
    mutations = warehouse.table("staging.stg_lrmis__mutations")
    return {"accounts": accounts, "results": results, "mutations": mutations}


def test_dbt_builds_the_staging_model_with_every_test_green(built):
    ran = {r["unique_id"] for r in built["results"]}
    assert "model.balochistan_warehouse.stg_lrmis__mutations" in ran
    assert any(u.startswith("test.") and "stg_lrmis__mutations" in u for u in ran)
    assert all(r["status"] in ("pass", "success") for r in built["results"])


def test_staging_holds_every_loaded_row_and_one_latest_state_per_mutation(built):
    mutations = built["mutations"]
    assert mutations.height == sum(a.rows_loaded for a in built["accounts"])
    latest = mutations.filter(pl.col("is_latest_state"))
    assert latest["mutation_id"].is_unique().all()
    assert latest.height == mutations["mutation_id"].n_unique() < mutations.height
    moved = mutations.filter(pl.col("mutation_id").is_duplicated())
    newest = moved.group_by("mutation_id").agg(pl.col("export_month").max().alias("newest"))
    check = latest.join(newest, on="mutation_id")
    assert (check["export_month"] == check["newest"]).all()


def test_days_to_attestation_is_only_for_attested_mutations(built):
    mutations = built["mutations"]
    attested = mutations.filter(pl.col("mutation_status") == "attested")
    assert (attested["days_to_attestation"] >= 0).all()
    assert (
        mutations.filter(pl.col("mutation_status") != "attested")["days_to_attestation"]
        .is_null()
        .all()
    )
