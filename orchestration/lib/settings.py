"""Where the warehouse lives and how to reach each source.

Everything is read from the environment at call time (never cached at import) so a test can
point a whole pipeline at a temporary folder by setting ``BGW_WAREHOUSE_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSFORM_DIR = REPO_ROOT / "transform"
SEEDS_DIR = TRANSFORM_DIR / "seeds"
REFERENCE_DIR = SEEDS_DIR / "reference"


def warehouse_dir() -> Path:
    return Path(os.environ.get("BGW_WAREHOUSE_DIR", REPO_ROOT / "warehouse")).resolve()


def landing_dir() -> Path:
    return warehouse_dir() / "landing"


def build_db_path() -> Path:
    return warehouse_dir() / "build" / "warehouse.duckdb"


def serving_dir() -> Path:
    return warehouse_dir() / "serving"


def simulated_sources_dir() -> Path:
    """Where the simulator writes the stand-in departmental systems (demo and tests only)."""
    return warehouse_dir() / "simulated_sources"


def source_setting(source: str, name: str, default: str) -> str:
    """A connection setting for one source, e.g. ``BGW_CQMIS_DATABASE_URL``."""
    return os.environ.get(f"BGW_{source.upper()}_{name.upper()}", default)


def dbt_env() -> dict[str, str]:
    """Variables the dbt project reads through ``env_var`` (see transform/profiles.yml)."""
    return {
        "BGW_BUILD_DB": str(build_db_path()),
        "BGW_LANDING_DIR": str(landing_dir()),
        "BGW_REFERENCE_DIR": str(REFERENCE_DIR),
    }


def export_dbt_env() -> None:
    """Make the dbt variables visible to the dbt subprocess Dagster starts."""
    for key, value in dbt_env().items():
        os.environ[key] = value
