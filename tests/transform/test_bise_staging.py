"""stg_bise__results built by dbt over landed gazettes, on a throw-away warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.defs.bise import extract
from simulator import bise

pytestmark = pytest.mark.xdist_group("bise_warehouse")

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSFORM_DIR = REPO_ROOT / "transform"
DBT = Path(sys.executable).parent / "dbt"
YEARS = ("2019", "2020", "2024")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("bise_warehouse")
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
        bise.generate(
            root / "simulated_sources" / "bise" / "inbox",
            scale=0.01,
            seed=7,
            years=tuple(int(y) for y in YEARS),
        )
        accounts = [a for year in YEARS for a in extract.land_year(year)]
    command = [
        str(DBT),
        "build",
        "--select",
        "+path:models/staging/bise",
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
    return {"db": tmp / "warehouse.duckdb", "accounts": accounts, "results": results}


@pytest.fixture(scope="module")
def results(built) -> pl.DataFrame:
    with duckdb.connect(str(built["db"]), read_only=True) as con:
        return con.sql("select * from staging.stg_bise__results").pl()


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
