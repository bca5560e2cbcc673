"""Finding the published serving snapshot and reading it.

The publish step swaps ``<warehouse>/serving/current.json`` atomically to point at a new,
immutable DuckDB file. We re-read the pointer on every query (a tiny JSON read) so a new
publication shows up on the next rerun without restarting Streamlit, and we key both the
connection cache and the query cache by the snapshot path, so an old file is never served
once the pointer has moved on.

Every query runs in the reader's scope (``dashboards/auth``): the connection is not the
snapshot itself but a read-only catalog of views over it holding only the rows that scope
may see (``scoped_views``). The scope is resolved on the server from the signed-in user on
every call, never taken from an argument a page could widen. Connections and results are
cached per snapshot *and* scope; any other cache of query results must be keyed by
``scope_key()`` too, or one reader's rows could be served to another.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from dashboards.auth.access import Scope
from dashboards.auth.identity import current_scope
from dashboards.queries import scoped_views

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


def scope_key() -> str:
    """The current reader's scope, for keying any cache of query results."""
    return current_scope().key


@dataclass(frozen=True)
class _Served:
    connection: duckdb.DuckDBPyConnection
    catalog: scoped_views.ScopedCatalog


_scopes_dir_lock = threading.Lock()
_scopes_dir: list[Path] = []


def _catalog_dir() -> Path:
    """A private folder of this process for the scopes' catalog files (views only, small)."""
    with _scopes_dir_lock:
        if not _scopes_dir or not _scopes_dir[0].is_dir():
            _scopes_dir[:] = [Path(tempfile.mkdtemp(prefix="bgw-scopes-"))]
            atexit.register(shutil.rmtree, _scopes_dir[0], ignore_errors=True)
        return _scopes_dir[0]


def _release(served: _Served) -> None:
    served.connection.close()
    served.catalog.path.unlink(missing_ok=True)


# A handful of snapshots times the scopes in use: enough for sessions still finishing a
# rerun on the previous snapshot, while connections to long-superseded files are closed.
@st.cache_resource(max_entries=32, on_release=_release, show_spinner=False)
def _scoped_connection(snapshot_path: str, scope_key: str, _scope: Scope) -> _Served:
    # Unique per build: two warehouses may publish snapshots of the same name.
    name = f"{Path(snapshot_path).stem}-{scope_key}-{secrets.token_hex(4)}.duckdb"
    catalog = scoped_views.build(snapshot_path, _scope, _catalog_dir() / name)
    return _Served(scoped_views.open_read_only(catalog, snapshot_path), catalog)


def connection(snapshot_path: str) -> duckdb.DuckDBPyConnection:
    """The current reader's read-only connection to one snapshot (cached per path and scope)."""
    scope = current_scope()
    return _scoped_connection(snapshot_path, scope.key, scope).connection


def catalog_columns() -> Mapping[str, frozenset[str]]:
    """The marts in the current reader's catalog of the current snapshot, with their columns.

    Taken from the record of the catalog built for this snapshot and scope, which cannot
    change while it is served, so asking what a page may read costs no query.
    """
    scope = current_scope()
    return _scoped_connection(str(current_snapshot().path), scope.key, scope).catalog.columns


@st.cache_data(ttl=QUERY_TTL_SECONDS, max_entries=512, show_spinner=False)
def _query_in_scope(
    snapshot_path: str, scope_key: str, sql: str, params: Params, _scope: Scope
) -> pd.DataFrame:
    # A DuckDB connection is not safe to share between threads; a cursor per query is.
    served = _scoped_connection(snapshot_path, scope_key, _scope)
    with served.connection.cursor() as cursor:
        try:
            return cursor.execute(sql, params).df()
        except duckdb.CatalogException as exc:
            raise SnapshotUnavailable(
                f"The published snapshot {snapshot_path} does not have what the dashboards "
                f"expect ({exc}). " + HOW_TO_PUBLISH
            ) from exc


def query_at(snapshot_path: str, sql: str, params: Params = None) -> pd.DataFrame:
    """Run parameterised SQL against one given snapshot file, in the reader's scope (cached
    per file, scope and query)."""
    scope = current_scope()
    return _query_in_scope(snapshot_path, scope.key, sql, params, scope)


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
