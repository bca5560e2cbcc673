"""The ngomis staging models built by dbt over landed exports, on a throw-away warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.defs.ngomis import extract
from simulator import ngomis

pytestmark = pytest.mark.xdist_group("ngomis_warehouse")

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSFORM_DIR = REPO_ROOT / "transform"
DBT = Path(sys.executable).parent / "dbt"
MONTHS = ("2025-06-01", "2025-07-01", "2026-10-01")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("ngomis_warehouse")
    root = tmp / "warehouse"
    env = {
        "BGW_WAREHOUSE_DIR": str(root),
        "BGW_LANDING_DIR": str(root / "landing"),
        "BGW_BUILD_DB": str(tmp / "warehouse.duckdb"),
        "BGW_REFERENCE_DIR": str(TRANSFORM_DIR / "seeds" / "reference"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        ngomis.generate_into(root / "simulated_sources", 0.02, 7)
        accounts = [a for key in MONTHS for a in extract.land_month(key)]
    command = [
        str(DBT),
        "build",
        "--select",
        "+path:models/staging/ngomis",
        "--indirect-selection",
        "cautious",
        "--profiles-dir",
        ".",
        "--target-path",
        str(tmp / "target"),
        "--log-path",
        str(tmp / "logs"),
    ]
    done = subprocess.run(
        command,
        cwd=TRANSFORM_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"dbt build failed:\n{done.stdout[-6000:]}\n{done.stderr}"
    results = json.loads((tmp / "target" / "run_results.json").read_text())["results"]
    with duckdb.connect(str(tmp / "warehouse.duckdb"), read_only=True) as con:
        tables = {
            name: con.sql(f"select * from staging.stg_ngomis__{name}").pl()
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
