"""E-services staging and its reference seeds, built by dbt on a throw-away warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.eservices import extract
from simulator import eservices

pytestmark = pytest.mark.xdist_group("eservices_warehouse")

TRANSFORM_DIR = Path(__file__).resolve().parents[2] / "transform"
DBT = Path(sys.executable).parent / "dbt"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("eservices_warehouse")
    root = tmp / "warehouse"
    db = tmp / "warehouse.duckdb"
    env = {
        **os.environ,
        "BGW_WAREHOUSE_DIR": str(root),
        "BGW_LANDING_DIR": str(root / "landing"),
        "BGW_BUILD_DB": str(db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BGW_WAREHOUSE_DIR", env["BGW_WAREHOUSE_DIR"])
        eservices.write_catalogue(root / "simulated_sources" / "eservices")
        extract.land_catalogue(date(2026, 11, 15))
    run = subprocess.run(
        [
            str(DBT),
            "build",
            "--select",
            "+path:models/staging/eservices",
            "path:seeds/eservices",
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


def test_the_seeds_hold_five_stages_and_the_five_losi_criteria(built):
    assert _query(
        built, "select string_agg(stage, ',' order by stage_number) from reference.un_egov_stages"
    ) == [("Emerging,Enhanced,Interactive,Transactional,Connected",)]
    assert _query(
        built, "select count(distinct criterion_code), count(*) from reference.losi_indicators"
    ) == [(5, 43)]


def test_services_and_checklist_join_to_their_portals_and_departments(built):
    [(orphans,)] = _query(
        built,
        """
        select count(*) from staging.stg_eservices__services s
        left join staging.stg_eservices__portals p using (portal_id)
        left join main.dim_department d on d.department_code = s.department_code
        where p.portal_id is null or d.department_code is null""",
    )
    assert orphans == 0
    [(share,)] = _query(
        built,
        "select avg(is_met::int) from staging.stg_eservices__checklist where portal_id = 'EPAY'",
    )
    assert share > 0.5  # a Connected-stage portal ticks most boxes
