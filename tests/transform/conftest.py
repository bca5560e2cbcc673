"""A throw-away warehouse for the dbt tests, and the landing of every source into one.

A test module lands a small world into it with the real landing step, then dbt builds into
its own DuckDB file with its own target and log folders, so a build never races a
developer's dbt run or another module's build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.defs.bemis import extract as bemis_extract
from orchestration.defs.bise import extract as bise_extract
from orchestration.defs.cqmis import extract as cqmis_extract
from orchestration.defs.eservices import extract as eservices_extract
from orchestration.defs.hmis import extract as hmis_extract
from orchestration.defs.hrmis import extract as hrmis_extract
from orchestration.defs.lrmis import extract as lrmis_extract
from orchestration.defs.ngomis import extract as ngomis_extract
from orchestration.defs.phemis import extract as phemis_extract
from orchestration.defs.pis import extract as pis_extract
from simulator import hmis_api, pis_api
from simulator.__main__ import generate

TRANSFORM_DIR = Path(__file__).resolve().parents[2] / "transform"
DBT = Path(sys.executable).parent / "dbt"
EVERY_SOURCE = [
    "cqmis",
    "bemis",
    "phemis",
    "eservices",
    "bise",
    "ngomis",
    "lrmis",
    "hrmis",
    "hmis",
    "pis",
]


@dataclass(frozen=True)
class ThrowawayWarehouse:
    tmp: Path

    @property
    def root(self) -> Path:
        """The warehouse folder (``BGW_WAREHOUSE_DIR``)."""
        return self.tmp / "warehouse"

    @property
    def simulated_sources(self) -> Path:
        return self.root / "simulated_sources"

    @property
    def db(self) -> Path:
        return self.tmp / "warehouse.duckdb"

    @property
    def env(self) -> dict[str, str]:
        """What the landing step and the dbt project read from the environment."""
        return {
            "BGW_WAREHOUSE_DIR": str(self.root),
            "BGW_LANDING_DIR": str(self.root / "landing"),
            "BGW_BUILD_DB": str(self.db),
            # Dagster passes an absolute path; the dbt default is relative to transform/.
            "BGW_REFERENCE_DIR": str(TRANSFORM_DIR / "seeds" / "reference"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }

    @contextmanager
    def settings(self, **extra: str) -> Iterator[pytest.MonkeyPatch]:
        """Our environment (and ``extra``) for the block only: the landing functions read
        their folders and source settings from it at call time, as in production."""
        with pytest.MonkeyPatch.context() as mp:
            for key, value in {**self.env, **extra}.items():
                mp.setenv(key, value)
            yield mp

    def run_dbt(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        """dbt in transform/ on this warehouse, whatever its outcome; ``env`` overrides ours."""
        command = [
            str(DBT),
            *args,
            "--profiles-dir",
            ".",
            "--target-path",
            str(self.tmp / "target"),
            "--log-path",
            str(self.tmp / "logs"),
        ]
        return subprocess.run(
            command,
            cwd=TRANSFORM_DIR,
            env={**os.environ, **self.env, **env},
            capture_output=True,
            text=True,
            timeout=600,
        )

    def dbt(self, *args: str) -> list[dict]:
        """dbt that must succeed; the results of its run (``run_results.json``)."""
        done = self.run_dbt(*args)
        assert done.returncode == 0, f"dbt {args[0]} failed:\n{done.stdout[-6000:]}\n{done.stderr}"
        return json.loads((self.tmp / "target" / "run_results.json").read_text())["results"]

    def build(self, *select: str, dbt_vars: dict | None = None) -> list[dict]:
        """``dbt build`` of the selection with only the tests whose parents are all selected:
        the other sources' tests need staging models this warehouse does not build."""
        extra = ("--vars", json.dumps(dbt_vars)) if dbt_vars else ()
        return self.dbt("build", "--select", *select, "--indirect-selection", "cautious", *extra)

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.db), read_only=True)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql, params or []).fetchall()

    def table(self, name: str) -> pl.DataFrame:
        with self.connect() as con:
            return con.sql(f"select * from {name}").pl()


@pytest.fixture(scope="session")
def throwaway_warehouse(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], ThrowawayWarehouse]:
    """Makes an empty warehouse in a new temporary folder named ``name``."""
    return lambda name: ThrowawayWarehouse(tmp_path_factory.mktemp(name))


class SourceLanding:
    """Lands a small simulated world of every source with the real landing functions."""

    @staticmethod
    def history(
        warehouse: ThrowawayWarehouse,
        *,
        seed: int,
        bemis_years: tuple[str, ...],
        phemis_rounds: tuple[str, ...],
        eservices_catalogue: date,
        bise_years: tuple[str, ...],
        monthly_months: tuple[str, ...],
        hmis_months: tuple[str, ...],
        pis_quarters: tuple[str, ...],
    ) -> None:
        """Simulates every source (``seed``) and lands the given partitions of each, with
        every changed complaints month; ``monthly_months`` are NGOMIS, LRMIS and HRMIS's."""
        simulated = warehouse.simulated_sources
        with warehouse.settings() as mp:
            generate(simulated, scale=0.01, seed=seed, sources=EVERY_SOURCE, echo=lambda _: None)
            url = cqmis_extract.database_url()
            for month in cqmis_extract.changed_partitions(url, None)[0]:
                cqmis_extract.land_month(url, month)
            for year in bemis_years:
                bemis_extract.land_year(year)
            for round_ in phemis_rounds:
                phemis_extract.land_round(round_)
            eservices_extract.land_catalogue(eservices_catalogue)
            for year in bise_years:
                bise_extract.land_year(year)
            hr_url = hrmis_extract.database_url()
            for month in monthly_months:
                ngomis_extract.land_month(month)
                lrmis_extract.land_month(month)
                hrmis_extract.land_month(hr_url, month)
            SourceLanding.hmis(warehouse, hmis_months)
            with pis_api.start(simulated, rate_limit=1000) as server:
                mp.setenv("BGW_PIS_BASE_URL", server.url)
                with pis_extract.PisExtract() as run:
                    for quarter in pis_quarters:
                        run.land_quarter(quarter)

    @staticmethod
    def hmis(warehouse: ThrowawayWarehouse, months: tuple[str, ...]) -> None:
        """Lands (or lands again) HMIS ``months`` from the simulated DHIS2 of ``warehouse``."""
        with warehouse.settings() as mp, hmis_api.start(warehouse.simulated_sources) as server:
            mp.setenv("BGW_HMIS_BASE_URL", server.url)
            with hmis_extract.HmisExtract() as run:
                for month in months:
                    run.land_month(month)


@pytest.fixture(scope="session")
def land_sources() -> SourceLanding:
    """What lands a world of every source (the test modules cannot import this file)."""
    return SourceLanding()
