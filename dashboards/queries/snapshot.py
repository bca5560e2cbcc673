"""Finding the published serving snapshot and reading it.

The publish step swaps ``<warehouse>/serving/current.json`` atomically to point at a new,
immutable DuckDB file. We re-read the pointer on every query (a tiny JSON read) so a new
publication shows up on the next rerun without restarting Streamlit, and we key both the
connection cache and the query cache by the snapshot path, so an old file is never served
once the pointer has moved on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

REPO_ROOT = Path(__file__).resolve().parents[2]
POINTER_FILE = "current.json"

# Snapshots are immutable, so the ttl only bounds memory, not staleness.
QUERY_TTL_SECONDS = 3600

HOW_TO_PUBLISH = (
    "Run the pipeline to build and publish one: `make demo` loads the simulated "
    "departmental systems, builds the warehouse and publishes a serving snapshot."
)

Params = Sequence[Any] | Mapping[str, Any] | None


class SnapshotUnavailable(RuntimeError):
    """There is no readable serving snapshot (nothing published yet, or a broken pointer)."""


@dataclass(frozen=True)
class Snapshot:
    """What ``current.json`` says: which file to read and how it was published."""

    path: Path
    published_at: str | None
    synthetic: bool


@dataclass(frozen=True)
class SnapshotInfo:
    """What the snapshot says about itself (``meta_snapshot``), for the page header."""

    path: Path
    published_at: datetime | None
    synthetic: bool
    sources: tuple[str, ...]


def warehouse_dir() -> Path:
    # Read at call time, never at import, so tests can point the app at a temporary folder.
    return Path(os.environ.get("BGW_WAREHOUSE_DIR", REPO_ROOT / "warehouse")).resolve()


def serving_dir() -> Path:
    return warehouse_dir() / "serving"


def current_snapshot() -> Snapshot:
    """Read the pointer file. Raises SnapshotUnavailable with a message fit for the page."""
    pointer = serving_dir() / POINTER_FILE
    try:
        raw = pointer.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SnapshotUnavailable(
            f"No serving snapshot has been published yet ({pointer} does not exist). "
            + HOW_TO_PUBLISH
        ) from None
    try:
        doc = json.loads(raw)
        relative = doc["snapshot"]
        if not isinstance(relative, str) or not relative:
            raise ValueError("'snapshot' must be a non-empty string")
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotUnavailable(
            f"The snapshot pointer {pointer} is not valid ({exc}). "
            "Re-run the publish step. " + HOW_TO_PUBLISH
        ) from None
    path = (serving_dir() / relative).resolve()
    if not path.is_file():
        raise SnapshotUnavailable(
            f"The snapshot pointer {pointer} names {path}, which does not exist. " + HOW_TO_PUBLISH
        )
    return Snapshot(
        path=path,
        published_at=doc.get("published_at"),
        synthetic=bool(doc.get("synthetic", False)),
    )


def _close(connection: duckdb.DuckDBPyConnection) -> None:
    connection.close()


# A handful of entries: enough for sessions still finishing a rerun on the previous
# snapshot, while connections to long-superseded files are closed instead of piling up.
@st.cache_resource(max_entries=4, on_release=_close, show_spinner=False)
def connection(snapshot_path: str) -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to one snapshot file (cached per path)."""
    return duckdb.connect(
        snapshot_path,
        read_only=True,
        # Dashboards only ever read the snapshot itself; no reason to touch other files.
        config={"enable_external_access": False},
    )


@st.cache_data(ttl=QUERY_TTL_SECONDS, max_entries=512, show_spinner=False)
def query_at(snapshot_path: str, sql: str, params: Params = None) -> pd.DataFrame:
    """Run parameterised SQL against one given snapshot file (cached per file and query)."""
    # A DuckDB connection is not safe to share between threads; a cursor per query is.
    with connection(snapshot_path).cursor() as cursor:
        try:
            return cursor.execute(sql, params).df()
        except duckdb.CatalogException as exc:
            raise SnapshotUnavailable(
                f"The published snapshot {snapshot_path} does not have what the dashboards "
                f"expect ({exc}). " + HOW_TO_PUBLISH
            ) from exc


def query(sql: str, params: Params = None) -> pd.DataFrame:
    """Run parameterised SQL against the current snapshot; results cached per snapshot.

    Values always go in ``params`` (``?`` or ``$name`` placeholders), never into ``sql``.
    """
    return query_at(str(current_snapshot().path), sql, params)


_META_SQL = """
select published_at, synthetic, sources
from main.meta_snapshot
limit 1
"""


def snapshot_info() -> SnapshotInfo:
    """The current snapshot's publication time, synthetic flag and sources."""
    pointer = current_snapshot()
    meta = query_at(str(pointer.path), _META_SQL)
    published_at = _parse_time(pointer.published_at)
    synthetic = pointer.synthetic
    sources: tuple[str, ...] = ()
    if not meta.empty:
        row = meta.iloc[0]
        published_at = _parse_time(row["published_at"]) or published_at
        # Either side saying "synthetic" is enough: demo data must never pass as official.
        synthetic = synthetic or bool(row["synthetic"])
        if isinstance(row["sources"], str):
            sources = tuple(s.strip() for s in row["sources"].split(",") if s.strip())
    return SnapshotInfo(
        path=pointer.path, published_at=published_at, synthetic=synthetic, sources=sources
    )


def _parse_time(value: Any) -> datetime | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        stamp = pd.Timestamp(value).to_pydatetime()
    except (ValueError, TypeError):
        return None
    # meta_snapshot.published_at is a naive TIMESTAMP written in UTC by the publish step.
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
