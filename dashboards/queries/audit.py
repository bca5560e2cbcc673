"""The audit trail: who signed in, which page and filters they looked at, what they downloaded.

Events are appended to an SQLite file beside the warehouse, ``<warehouse>/audit/
audit.sqlite``, not to the serving snapshot (immutable, replaced on every publish). SQLite
because every dashboard process appends to it while the data engineer reads it: its
write-ahead log lets several processes write and read at once. Values are always bound
parameters: a filter value carrying SQL is stored as the text it is.

Reading the trail is itself scoped: only a role whose data includes ``audit`` may.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Mapping
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from dashboards.auth.identity import current_scope
from dashboards.queries.snapshot import warehouse_dir

AUDIT_KIND = "audit"
EVENTS = ("sign_in", "sign_out", "session_expired", "view", "download")
# Bound what one event can store, so a crafted URL cannot flood the trail.
MAX_TEXT = 2_000
PURGE_EVERY_SECONDS = 3600

_SCHEMA_SQL = """
create table if not exists audit_event (
    event_id integer primary key autoincrement,
    occurred_at text not null,
    event text not null,
    subject text,
    role text not null,
    session_id text,
    page text,
    filters text,
    detail text
)
"""
_INDEX_SQL = "create index if not exists audit_event_occurred_at on audit_event (occurred_at)"

_INSERT_SQL = """
insert into audit_event (occurred_at, event, subject, role, session_id, page, filters, detail)
values (?, ?, ?, ?, ?, ?, ?, ?)
"""

_PURGE_SQL = "delete from audit_event where occurred_at < ?"


class AuditUnavailable(RuntimeError):
    """The audit trail cannot be written; the dashboards do not show data unrecorded."""


def audit_path() -> Path:
    return warehouse_dir() / "audit" / "audit.sqlite"


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10)
    con.execute("pragma journal_mode = wal")
    con.execute("pragma synchronous = normal")
    con.execute(_SCHEMA_SQL)
    con.execute(_INDEX_SQL)
    return con


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)
    return text[:MAX_TEXT]


def _stamp(moment: datetime) -> str:
    # ISO 8601 in UTC sorts as text, so the purge and the ordering need no date parsing.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_purge_lock = threading.Lock()
_last_purge: dict[Path, float] = {}


def record(
    event: str,
    *,
    subject: str | None,
    role: str,
    session_id: str | None = None,
    page: str | None = None,
    filters: Mapping[str, Any] | None = None,
    detail: Mapping[str, Any] | None = None,
    retention_days: int | None = None,
    at: datetime | None = None,
) -> None:
    """Append one event; now and then also delete events older than ``retention_days``."""
    if event not in EVENTS:
        raise ValueError(f"Unknown audit event {event!r}; expected one of {EVENTS}")
    path = audit_path()
    row = (
        _stamp(at or datetime.now(UTC)),
        event,
        _text(subject),
        role,
        session_id,
        _text(page),
        _text(dict(filters) if filters is not None else None),
        _text(dict(detail) if detail is not None else None),
    )
    try:
        with closing(_connect(path)) as con, con:
            con.execute(_INSERT_SQL, row)
    except (sqlite3.Error, OSError) as exc:
        raise AuditUnavailable(f"The audit trail {path} cannot be written ({exc}).") from exc
    if retention_days is not None:
        with _purge_lock:
            due = time.monotonic() - _last_purge.get(path, float("-inf")) > PURGE_EVERY_SECONDS
            if due:
                _last_purge[path] = time.monotonic()
        if due:
            purge(retention_days)


def purge(retention_days: int, *, now: datetime | None = None) -> int:
    """Delete events older than ``retention_days``; returns how many went."""
    cutoff = _stamp((now or datetime.now(UTC)) - timedelta(days=retention_days))
    with closing(_connect(audit_path())) as con, con:
        return con.execute(_PURGE_SQL, (cutoff,)).rowcount


_EVENTS_SQL = """
select event_id, occurred_at, event, subject, role, session_id, page, filters, detail
from audit_event
where (? is null or event = ?)
    and (? is null or subject = ?)
order by event_id desc
limit ?
"""


def events(
    *, event: str | None = None, subject: str | None = None, limit: int = 1_000
) -> pd.DataFrame:
    """The newest events first. Only for a reader whose scope may read the audit trail."""
    if not current_scope().may_read(AUDIT_KIND):
        raise PermissionError("The audit trail is open to the data engineer only.")
    path = audit_path()
    columns = ["event_id", "occurred_at", "event", "subject", "role", "session_id", "page"]
    columns += ["filters", "detail"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    with closing(_connect(path)) as con:
        rows = con.execute(_EVENTS_SQL, (event, event, subject, subject, limit)).fetchall()
    frame = pd.DataFrame(rows, columns=columns)
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True, format="ISO8601")
    return frame
