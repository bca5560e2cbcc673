"""The hrmis staging models built by dbt over landed month-end snapshots."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from orchestration.defs.hrmis import extract
from simulator import hrmis

pytestmark = pytest.mark.xdist_group("hrmis_warehouse")

MONTHS = ("2026-08-01", "2026-09-01", "2026-10-01")
MODELS = ("sanctioned_posts", "employees", "deletions")


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> dict:
    warehouse = throwaway_warehouse("hrmis_warehouse")
    with warehouse.settings():
        url = f"sqlite:///{warehouse.tmp / 'hrmis.sqlite'}"
        hrmis.generate(url, scale=0.004, seed=5)
        accounts = [a for key in MONTHS for a in extract.land_month(url, key)]
        # Rows deleted at the source after August was landed: only October is re-extracted.
        moved = hrmis.advance(url, to=datetime(2026, 11, 20), seed=2, delete_share=0.01)
        accounts += extract.land_month(url, MONTHS[-1])
    results = warehouse.build("+path:models/staging/hrmis")
    tables = {m: warehouse.table(f"staging.stg_hrmis__{m}") for m in MODELS}
    return {"accounts": accounts, "results": results, "deleted": moved["deleted_ids"], **tables}


def test_dbt_builds_the_three_models_with_every_test_green(built):
    ran = {r["unique_id"] for r in built["results"]}
    for model in MODELS:
        assert f"model.balochistan_warehouse.stg_hrmis__{model}" in ran
    assert all(r["status"] in ("pass", "success") for r in built["results"])


def test_staging_holds_the_latest_landing_of_every_month(built):
    employees = built["employees"]
    assert set(employees["snapshot_month"].cast(pl.String)) == set(MONTHS)
    latest = {(a.entity, a.partition_key): a.rows_loaded for a in built["accounts"]}
    for month in MONTHS:
        in_month = employees.filter(pl.col("snapshot_month").cast(pl.String) == month)
        assert in_month.height == latest[("employees", month)]


def test_people_deleted_at_the_source_are_flagged_in_months_not_re_extracted(built):
    deletions, employees = built["deletions"], built["employees"]
    recorded = set(deletions.filter(pl.col("deleted_entity") == "employees")["record_id"])
    assert recorded and recorded <= set(built["deleted"])
    assert set(deletions["noticed_in_snapshot_month"].cast(pl.String)) == {MONTHS[-1]}
    flagged = employees.filter(pl.col("is_deleted_at_source"))
    assert set(flagged["employee_id"]) <= recorded
    assert set(flagged["snapshot_month"].cast(pl.String)) <= set(MONTHS[:-1])
    assert flagged.height > 0
