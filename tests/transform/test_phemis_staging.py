"""PHEMIS staging, built by dbt over landed survey rounds on a throw-away warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.phemis import extract
from simulator import phemis

pytestmark = pytest.mark.xdist_group("phemis_warehouse")

TRANSFORM_DIR = Path(__file__).resolve().parents[2] / "transform"
DBT = Path(sys.executable).parent / "dbt"
ROUNDS = ("2019", "2026")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("phemis_warehouse")
    root = tmp / "warehouse"
    db = tmp / "warehouse.duckdb"
    env = {
        **os.environ,
        "BGW_WAREHOUSE_DIR": str(root),
        "BGW_LANDING_DIR": str(root / "landing"),
        "BGW_BUILD_DB": str(db),
        "BGW_PHEMIS_INBOX": str(root / "inbox"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    with pytest.MonkeyPatch.context() as mp:
        for key in ("BGW_WAREHOUSE_DIR", "BGW_PHEMIS_INBOX"):
            mp.setenv(key, env[key])
        phemis.generate(root / "inbox", scale=0.05, seed=4, rounds=ROUNDS)
        for round_ in ROUNDS:
            extract.land_round(round_)
    run = subprocess.run(
        [
            str(DBT),
            "build",
            "--select",
            "+path:models/staging/phemis",
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
    return db


def _query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_both_rounds_are_staged_once_per_scheme_and_later_rounds_list_more(built):
    rows = _query(
        built,
        "select survey_year, count(*), count(distinct scheme_id) "
        "from staging.stg_phemis__schemes group by 1 order by 1",
    )
    assert [r[0] for r in rows] == [2019, 2026]
    assert all(n == distinct for _, n, distinct in rows)
    assert rows[0][1] < rows[1][1]


def test_a_plausible_share_of_schemes_work_and_every_broken_one_says_why(built):
    [(share, unexplained)] = _query(
        built,
        """
        select avg(is_functional::int),
               count(*) filter (where functionality = 'non_functional'
                                and non_functional_reason is null)
        from staging.stg_phemis__schemes""",
    )
    assert 0.4 < share < 0.95
    assert unexplained == 0
