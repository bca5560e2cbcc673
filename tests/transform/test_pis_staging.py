"""The PIS staging models, built from quarters landed off the simulated PIS API.

Once per module: a small simulated PIS is served on loopback, the connector lands three
fiscal quarters (two of them in the same fiscal year, so the scheme register is landed
twice), and dbt builds the staging models and what they reference, tests included, into a
throw-away DuckDB file with its own target and log folders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.pis import extract
from simulator import pis, pis_api

pytestmark = pytest.mark.xdist_group("pis_warehouse")

QUARTERS = ("2024-07-01", "2024-10-01", "2025-07-01")


@dataclass(frozen=True)
class Built:
    db: Path
    results: list[dict]
    loaded: dict[str, dict[str, int]]


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> Built:
    warehouse = throwaway_warehouse("pis_warehouse")
    (warehouse.simulated_sources / "pis").mkdir(parents=True)
    pis.generate(warehouse.simulated_sources / "pis" / pis.DB_FILE, scale=0.01, seed=8)
    loaded: dict[str, dict[str, int]] = {}
    with (
        pis_api.start(warehouse.simulated_sources, rate_limit=1000) as server,
        warehouse.settings(BGW_PIS_BASE_URL=server.url),
        extract.PisExtract() as run,
    ):
        for quarter in QUARTERS:
            loaded[quarter] = {a.entity: a.rows_loaded for a in run.land_quarter(quarter)}
    results = warehouse.build("+path:models/staging/pis")
    return Built(warehouse.db, results, loaded)


@pytest.fixture(scope="module")
def db(built: Built) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(built.db), read_only=True) as connection:
        yield connection


def test_dbt_builds_the_pis_staging_models_with_every_test_green(built):
    results = {r["unique_id"]: r["status"] for r in built.results}
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
