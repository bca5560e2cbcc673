"""A new month built incrementally gives the warehouse a full rebuild would.

Once per module: a small world of every source is landed less its newest HMIS and HRMIS
month and BISE exam year, and dbt builds the indicator marts and every incremental fact.
Then those partitions land (an earlier HMIS month is landed again, as a re-extraction
replaces a partition, and a re-extracted HRMIS month records people deleted since), dbt
builds again on top of the first build, and a third build starts from nothing
(``--full-refresh``) into another database on the same landing zone. Every table of the two
must hold the same rows.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.defs.bise import extract as bise_extract
from orchestration.defs.hrmis import extract as hrmis_extract
from simulator import hrmis

pytestmark = pytest.mark.xdist_group("incremental_warehouse")

HMIS_HISTORY = ("2026-08-01", "2026-09-01")
HRMIS_HISTORY = ("2026-08-01", "2026-09-01")
BISE_HISTORY = ("2025",)
NEW_MONTH = "2026-10-01"
NEW_EXAM_YEAR = "2026"
RELANDED_HMIS_MONTH = "2026-08-01"
REEXTRACTED_HRMIS_MONTH = "2026-09-01"
SELECTION = [
    "+rpt_indicator_values",
    "+rpt_reporting_completeness",
    "+rpt_outliers",
    "+fct_hr_employees_monthly",
    "+fct_hr_posts_monthly",
    "+fct_health_data_values",
    "+fct_exam_results",
    "path:tests/indicators",
]
INCREMENTAL_FACTS = {
    "fct_health_data_values": {NEW_MONTH, RELANDED_HMIS_MONTH},
    "fct_hr_employees_monthly": {NEW_MONTH, REEXTRACTED_HRMIS_MONTH},
    "fct_hr_posts_monthly": {NEW_MONTH, REEXTRACTED_HRMIS_MONTH},
    "fct_exam_results": {NEW_EXAM_YEAR},
}
GRAIN_TEST = "test.balochistan_warehouse.unique_combination_fct_health_data_values_"
_FLOATS = ("DOUBLE", "FLOAT", "REAL")


@dataclass(frozen=True)
class Builds:
    warehouse: Any  # conftest's ThrowawayWarehouse (the tests are not a package)
    incremental_results: list[dict]
    incremental_grain_test: str  # the compiled SQL of a fact's grain test, incremental run
    rebuilt: Path  # the database built from nothing on the same landing zone

    @property
    def incremental(self) -> Path:
        return self.warehouse.db


def _land_new_partitions(warehouse, land_sources) -> None:
    with warehouse.settings():
        # People purged at the source since: re-extracting September records the deletions,
        # which flag them in August, a month this run does not rebuild.
        hr_url = hrmis_extract.database_url()
        hrmis.advance(hr_url, to=datetime(2026, 11, 20), seed=2, delete_share=0.01)
        hrmis_extract.land_month(hr_url, REEXTRACTED_HRMIS_MONTH)
        hrmis_extract.land_month(hr_url, NEW_MONTH)
        bise_extract.land_year(NEW_EXAM_YEAR)
        land_sources.hmis(warehouse, (RELANDED_HMIS_MONTH, NEW_MONTH))


@pytest.fixture(scope="module")
def builds(throwaway_warehouse, land_sources) -> Builds:
    warehouse = throwaway_warehouse("incremental_warehouse")
    land_sources.history(
        warehouse,
        seed=7,
        bemis_years=("2024-25",),
        phemis_rounds=("2026",),
        eservices_catalogue=date(2026, 11, 15),
        bise_years=BISE_HISTORY,
        monthly_months=HRMIS_HISTORY,
        hmis_months=HMIS_HISTORY,
        pis_quarters=("2025-07-01",),
    )
    warehouse.build(*SELECTION)
    _land_new_partitions(warehouse, land_sources)
    incremental_results = warehouse.build(*SELECTION)
    [incremental_grain_test] = [
        r["compiled_code"] for r in incremental_results if r["unique_id"].startswith(GRAIN_TEST)
    ]

    rebuilt = warehouse.tmp / "rebuilt" / warehouse.db.name
    rebuilt.parent.mkdir()
    done = warehouse.run_dbt(
        "build",
        "--full-refresh",
        "--select",
        *SELECTION,
        "--indirect-selection",
        "cautious",
        BGW_BUILD_DB=str(rebuilt),
    )
    assert done.returncode == 0, done.stdout[-6000:]
    shutil.rmtree(warehouse.tmp / "target", ignore_errors=True)
    return Builds(warehouse, incremental_results, incremental_grain_test, rebuilt)


def _fingerprints(db: Path) -> dict[str, tuple[int, int]]:
    """(rows, order-independent hash of the rows) of every table the build made.

    Doubles are compared in single precision: two builds may sum them in another order.
    """
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        columns: dict[tuple[str, str], list[str]] = {}
        for schema, table, column, data_type in con.execute(
            "select c.table_schema, c.table_name, c.column_name, c.data_type "
            "from information_schema.columns c join information_schema.tables t "
            "using (table_catalog, table_schema, table_name) "
            "where t.table_type = 'BASE TABLE' and c.table_schema in ('main', 'intermediate') "
            "order by c.table_schema, c.table_name, c.ordinal_position"
        ).fetchall():
            quoted = '"' + column.replace('"', '""') + '"'
            columns.setdefault((schema, table), []).append(
                f"{quoted}::float" if data_type in _FLOATS else quoted
            )
        for (schema, table), parts in columns.items():
            # Identifiers come from the database's own catalog.
            out[f"{schema}.{table}"] = con.execute(
                f"select count(*), coalesce(bit_xor(hash({', '.join(parts)})), 0) "
                f'from "{schema}"."{table}"'
            ).fetchone()
    return out


def test_the_incremental_build_passes_every_test(builds):
    statuses = {r["unique_id"]: r["status"] for r in builds.incremental_results}
    assert sum(uid.startswith("test.") for uid in statuses) > 100
    assert all(s in ("pass", "success", "warn") for s in statuses.values()), statuses


def test_a_new_month_built_incrementally_equals_a_rebuild_from_nothing(builds):
    incremental, rebuilt = _fingerprints(builds.incremental), _fingerprints(builds.rebuilt)
    assert set(INCREMENTAL_FACTS) <= {name.split(".")[1] for name in rebuilt}
    assert incremental.keys() == rebuilt.keys()
    differing = sorted(t for t in rebuilt if incremental[t] != rebuilt[t])
    assert not differing, {t: (incremental[t], rebuilt[t]) for t in differing}


def test_people_deleted_at_the_source_are_flagged_in_the_months_the_run_did_not_rebuild(builds):
    with duckdb.connect(str(builds.incremental), read_only=True) as con:
        flagged = {
            str(month)
            for (month,) in con.execute(
                "select distinct snapshot_month from main.fct_hr_employees_monthly "
                "where is_deleted_at_source"
            ).fetchall()
        }
    assert flagged == set(HRMIS_HISTORY) - {REEXTRACTED_HRMIS_MONTH}


def _comment_tokens(db: Path, table: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        [(comment,)] = con.execute(
            "select comment from duckdb_tables() where schema_name = 'main' and table_name = ?",
            [table],
        ).fetchall()
    return comment.split(" ")


@pytest.mark.parametrize("fact", sorted(INCREMENTAL_FACTS))
def test_the_incremental_run_rebuilt_only_the_new_and_relanded_partitions(builds, fact):
    tokens = _comment_tokens(builds.incremental, fact)
    rebuilt = {t.removeprefix("rebuilt:") for t in tokens if t.startswith("rebuilt:")}
    assert rebuilt == INCREMENTAL_FACTS[fact]


def test_a_build_from_nothing_records_every_partition_as_rebuilt(builds):
    tokens = _comment_tokens(builds.rebuilt, "fct_health_data_values")
    rebuilt = {t.removeprefix("rebuilt:") for t in tokens if t.startswith("rebuilt:")}
    assert rebuilt == {*HMIS_HISTORY, NEW_MONTH}


def test_partition_local_tests_of_the_new_month_read_only_the_rebuilt_months(builds):
    sql = " ".join(builds.incremental_grain_test.split())
    assert "period_month in (cast('2026-08-01' as date), cast('2026-10-01' as date))" in sql, sql
