"""stg_lrmis__mutations built by dbt over landed register exports, on a throw-away warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.defs.lrmis import extract
from simulator import lrmis

pytestmark = pytest.mark.xdist_group("lrmis_warehouse")

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSFORM_DIR = REPO_ROOT / "transform"
DBT = Path(sys.executable).parent / "dbt"
MONTHS = ("2026-08-01", "2026-09-01", "2026-10-01")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("lrmis_warehouse")
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
        lrmis.generate_into(root / "simulated_sources", 0.02, 7)
        accounts = [a for key in MONTHS for a in extract.land_month(key)]
    command = [
        str(DBT),
        "build",
        "--select",
        "+path:models/staging/lrmis",
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
        mutations = con.sql("select * from staging.stg_lrmis__mutations").pl()
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
