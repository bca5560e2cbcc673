"""The ngomis staging models built by dbt over landed exports, on a throw-away warehouse."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.defs.ngomis import extract
from simulator import ngomis

pytestmark = pytest.mark.xdist_group("ngomis_warehouse")

MONTHS = ("2025-06-01", "2025-07-01", "2026-10-01")


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> dict:
    warehouse = throwaway_warehouse("ngomis_warehouse")
    with warehouse.settings():
        ngomis.generate_into(warehouse.simulated_sources, 0.02, 7)
        accounts = [a for key in MONTHS for a in extract.land_month(key)]
    results = warehouse.build("+path:models/staging/ngomis")
    tables = {
        name: warehouse.table(f"staging.stg_ngomis__{name}")
        for name in ("registrations", "districts_of_operation")
    }
    return {"accounts": accounts, "results": results, **tables}


def test_dbt_builds_both_models_with_every_test_green(built):
    ran = {r["unique_id"] for r in built["results"]}
    for model in ("stg_ngomis__registrations", "stg_ngomis__districts_of_operation"):
        assert f"model.balochistan_warehouse.{model}" in ran
        assert any(u.startswith("test.") and model in u for u in ran)
    assert all(r["status"] in ("pass", "success") for r in built["results"])


def test_staging_holds_every_loaded_row_and_marks_the_latest_export(built):
    for entity in ("registrations", "districts_of_operation"):
        loaded = sum(a.rows_loaded for a in built["accounts"] if a.entity == entity)
        assert built[entity].height == loaded
    registrations = built["registrations"]
    latest = registrations.filter(pl.col("is_latest_export"))
    assert set(latest["export_month"].cast(pl.String)) == {"2026-10-01"}
    assert (registrations["days_application_to_registration"] >= 0).all()
    assert set(registrations["registration_status"]) <= {"active", "lapsed", "cancelled"}
