"""The HMIS staging models, built from two months landed off the simulated DHIS2.

Once per module: a small simulated DHIS2 is served on loopback, the connector lands two
months, and dbt builds the staging models (and what they reference), tests included, into
a throw-away DuckDB file with its own target and log folders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.hmis import extract
from simulator import hmis, hmis_api

pytestmark = pytest.mark.xdist_group("hmis_warehouse")

MONTHS = ("2024-01-01", "2026-10-01")


@dataclass(frozen=True)
class Built:
    db: Path
    results: list[dict]
    loaded: dict[str, int]


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> Built:
    warehouse = throwaway_warehouse("hmis_warehouse")
    world = hmis.build_world(scale=0.01, seed=21)
    hmis.write_world(world, warehouse.simulated_sources / "hmis" / hmis.WORLD_FILE)
    loaded: dict[str, int] = {}
    with (
        hmis_api.start(warehouse.simulated_sources) as server,
        warehouse.settings(BGW_HMIS_BASE_URL=server.url),
        extract.HmisExtract() as run,
    ):
        for month in MONTHS:
            for account in run.land_month(month):
                loaded[account.entity] = loaded.get(account.entity, 0) + account.rows_loaded
    results = warehouse.build("+path:models/staging/hmis")
    return Built(warehouse.db, results, loaded)


@pytest.fixture(scope="module")
def db(built: Built) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(built.db), read_only=True) as connection:
        yield connection


def test_dbt_builds_the_hmis_staging_models_with_every_test_green(built):
    results = {r["unique_id"]: r["status"] for r in built.results}
    ours = {k: v for k, v in results.items() if "hmis" in k}
    assert {k.split(".")[-1] for k in ours if k.startswith("model.")} == {
        "stg_hmis__org_units",
        "stg_hmis__data_values",
        "stg_hmis__completeness",
    }
    assert sum(k.startswith("test.") for k in ours) >= 8
    assert all(s in ("pass", "success") for s in results.values()), results


def test_staging_holds_every_landed_value_and_registration_once(built, db):
    values = db.execute("select count(*) from staging.stg_hmis__data_values").fetchone()[0]
    done = db.execute("select count(*) from staging.stg_hmis__completeness").fetchone()[0]
    assert values == built.loaded["data_values"]
    assert done == built.loaded["completeness"]


def test_the_hierarchy_is_one_row_per_org_unit_though_landed_with_every_month(built, db):
    rows, distinct = db.execute(
        "select count(*), count(distinct org_unit_id) from staging.stg_hmis__org_units"
    ).fetchone()
    assert rows == distinct == built.loaded["org_units"] // len(MONTHS)


def test_hub_facilities_report_into_lasbela_as_the_census_counts_them(db):
    rows = db.execute(
        "select distinct district_reported, district_unit, district_pcode "
        "from staging.stg_hmis__data_values where district_reported in ('Hub', 'Usta Muhammad')"
    ).fetchall()
    assert set(rows) == {("Hub", "Hub", "PK217"), ("Usta Muhammad", "Usta Muhammad", "PK207")}


def test_monthly_values_are_typed_for_indicators(db):
    penta3, months = db.execute(
        "select sum(numeric_value), count(distinct period_month) "
        "from staging.stg_hmis__data_values where data_element_code = 'PENTA3'"
    ).fetchone()
    assert penta3 > 0 and months == len(MONTHS)
