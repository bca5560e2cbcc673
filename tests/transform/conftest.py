"""A throw-away warehouse for the dbt tests.

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
from pathlib import Path

import duckdb
import polars as pl
import pytest

TRANSFORM_DIR = Path(__file__).resolve().parents[2] / "transform"
DBT = Path(sys.executable).parent / "dbt"


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
