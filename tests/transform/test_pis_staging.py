"""The PIS staging models, built from quarters landed off the simulated PIS API.

Once per module: a small simulated PIS is served on loopback, the connector lands three
fiscal quarters (two of them in the same fiscal year, so the scheme register is landed
twice), and dbt builds the staging models and what they reference, tests included, into a
throw-away DuckDB file with its own target and log folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.pis import extract
from simulator import pis, pis_api

pytestmark = pytest.mark.xdist_group("pis_warehouse")

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSFORM_DIR = REPO_ROOT / "transform"
DBT = Path(sys.executable).parent / "dbt"
QUARTERS = ("2024-07-01", "2024-10-01", "2025-07-01")


@dataclass(frozen=True)
class Built:
    db: Path
    run_results: dict
    loaded: dict[str, dict[str, int]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("pis_warehouse")
    root = tmp / "warehouse"
    (root / "simulated_sources" / "pis").mkdir(parents=True)
    pis.generate(root / "simulated_sources" / "pis" / pis.DB_FILE, scale=0.01, seed=8)
    env_overrides = {
        "BGW_WAREHOUSE_DIR": str(root),
        "BGW_LANDING_DIR": str(root / "landing"),
        "BGW_BUILD_DB": str(tmp / "warehouse.duckdb"),
        "BGW_REFERENCE_DIR": str(TRANSFORM_DIR / "seeds" / "reference"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    loaded: dict[str, dict[str, int]] = {}
    with (
        pis_api.start(root / "simulated_sources", rate_limit=1000) as server,
        pytest.MonkeyPatch.context() as mp,
    ):
        for key, value in {**env_overrides, "BGW_PIS_BASE_URL": server.url}.items():
            mp.setenv(key, value)
        with extract.PisExtract() as run:
            for quarter in QUARTERS:
                loaded[quarter] = {a.entity: a.rows_loaded for a in run.land_quarter(quarter)}
    command = [
        str(DBT),
        "build",
        "--select",
        "+path:models/staging/pis",
        "--indirect-selection",
        "cautious",
        "--profiles-dir",
        ".",
        "--target-path",
        str(tmp / "target"),
        "--log-path",
        str(tmp / "logs"),
    ]
    build = subprocess.run(
        command,
        cwd=TRANSFORM_DIR,
        env={**os.environ, **env_overrides},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, f"dbt build failed:\n{build.stdout[-6000:]}\n{build.stderr}"
    run_results = json.loads((tmp / "target" / "run_results.json").read_text())
    return Built(tmp / "warehouse.duckdb", run_results, loaded)


@pytest.fixture(scope="module")
def db(built: Built):
    connection = duckdb.connect(str(built.db), read_only=True)
    yield connection
    connection.close()


def test_dbt_builds_the_pis_staging_models_with_every_test_green(built):
    results = {r["unique_id"]: r["status"] for r in built.run_results["results"]}
    models = {k.split(".")[-1] for k in results if k.startswith("model.") and "pis" in k}
    assert models == {"stg_pis__schemes", "stg_pis__scheme_progress"}
    assert sum(k.startswith("test.") and "pis" in k for k in results) >= 7
    assert all(s in ("pass", "success") for s in results.values()), results


def test_a_scheme_read_with_two_quarters_of_a_year_appears_once_for_that_year(built, db):
    rows = dict(
        db.execute(
            "select fiscal_year, count(*) from staging.stg_pis__schemes group by 1"
        ).fetchall()
    )
    assert rows["2024-25"] == built.loaded["2024-07-01"]["schemes"]
    assert rows["2025-26"] == built.loaded["2025-07-01"]["schemes"]
    last_read = db.execute(
        "select distinct last_read_with_quarter from staging.stg_pis__schemes "
        "where fiscal_year = '2024-25'"
    ).fetchall()
    assert last_read == [("2024-25-Q2",)]


def test_every_return_lands_once_per_scheme_and_quarter(built, db):
    rows = dict(
        db.execute(
            "select fiscal_quarter, count(*) from staging.stg_pis__scheme_progress group by 1"
        ).fetchall()
    )
    assert rows == {
        "2024-25-Q1": built.loaded["2024-07-01"]["scheme_progress"],
        "2024-25-Q2": built.loaded["2024-10-01"]["scheme_progress"],
        "2025-26-Q1": built.loaded["2025-07-01"]["scheme_progress"],
    }


def test_spending_can_be_summed_by_district_and_sector(db):
    rows = db.execute(
        "select s.district_pcode, s.sector, sum(p.expenditure_to_date_pkr_m) "
        "from staging.stg_pis__scheme_progress p join staging.stg_pis__schemes s "
        "using (scheme_id, fiscal_year) where p.fiscal_quarter = '2024-25-Q2' "
        "group by all"
    ).fetchall()
    assert len({r[0] for r in rows if r[0]}) > 10 and all(r[2] >= 0 for r in rows)
