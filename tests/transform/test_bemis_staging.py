"""BEMIS staging models, built by dbt over landed census years on a throw-away warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.bemis import extract
from simulator import bemis

pytestmark = pytest.mark.xdist_group("bemis_warehouse")

TRANSFORM_DIR = Path(__file__).resolve().parents[2] / "transform"
DBT = Path(sys.executable).parent / "dbt"
YEARS = ("2016-17", "2024-25")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bemis_warehouse")
    root = tmp / "warehouse"
    db = tmp / "warehouse.duckdb"
    env = {
        **os.environ,
        "BGW_WAREHOUSE_DIR": str(root),
        "BGW_LANDING_DIR": str(root / "landing"),
        "BGW_BUILD_DB": str(db),
        "BGW_BEMIS_INBOX": str(root / "inbox"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    with pytest.MonkeyPatch.context() as mp:
        for key in ("BGW_WAREHOUSE_DIR", "BGW_BEMIS_INBOX"):
            mp.setenv(key, env[key])
        bemis.generate(root / "inbox", scale=0.01, seed=4, years=YEARS)
        for year in YEARS:
            extract.land_year(year)
    run = subprocess.run(
        [
            str(DBT),
            "build",
            "--select",
            "+path:models/staging/bemis",
            "--indirect-selection",
            "cautious",
            "--profiles-dir",
            ".",
            "--target-path",
            str(tmp / "target"),
            "--log-path",
            str(tmp / "logs"),
        ],
        cwd=TRANSFORM_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"dbt build failed:\n{run.stdout[-5000:]}\n{run.stderr}"
    results = json.loads((tmp / "target" / "run_results.json").read_text())
    assert all(r["status"] in ("success", "pass") for r in results["results"])
    return db


def _query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_landed_year_is_in_staging_once_per_school(built):
    rows = _query(
        built,
        "select census_year, count(*), count(distinct emis_code) "
        "from staging.stg_bemis__schools group by 1 order by 1",
    )
    assert [r[0] for r in rows] == list(YEARS)
    assert all(n == distinct for _, n, distinct in rows)


def test_enrolment_has_classes_to_ten_in_old_years_and_to_twelve_later(built):
    rows = dict(
        _query(
            built,
            "select census_year, max(class_order) from staging.stg_bemis__enrolment group by 1",
        )
    )
    assert rows == {"2016-17": 10, "2024-25": 12}


def test_every_school_is_in_a_census_2023_district_and_girls_share_is_plausible(built):
    [(orphans,)] = _query(
        built,
        """
        select count(*) from staging.stg_bemis__schools s
        left join main.dim_district d using (district_pcode) where d.district_pcode is null""",
    )
    assert orphans == 0
    [(share,)] = _query(
        built,
        """
        select sum(enrolment) filter (where gender = 'girls') / sum(enrolment)
        from staging.stg_bemis__enrolment where census_year = '2024-25'""",
    )
    assert 0.25 < share < 0.5
