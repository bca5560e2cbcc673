"""Publish the build database as a new read-only serving snapshot, atomically.

The build database is copied to ``serving/snapshots/<stamp>.duckdb``; only when the copy is
complete and verified is ``serving/current.json`` replaced (write-then-rename), so a reader
always finds either the previous snapshot or the new one, never a half-written file. A
failed or killed publish leaves ``current.json`` untouched. Old snapshots are pruned, but
never the current one nor the one before it (a reader may still hold it open).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.lib import faults, settings

POINTER = "current.json"


@dataclass(frozen=True)
class Snapshot:
    path: Path
    published_at: str
    synthetic: bool


def current() -> Snapshot | None:
    pointer = settings.serving_dir() / POINTER
    if not pointer.exists():
        return None
    info = json.loads(pointer.read_text())
    return Snapshot(
        settings.serving_dir() / info["snapshot"], info["published_at"], info["synthetic"]
    )


def publish(
    build_db: Path | None = None,
    *,
    synthetic: bool,
    sources: list[str],
    keep: int = 3,
    required_tables: tuple[str, ...] = ("dim_district",),
) -> Snapshot:
    build_db = build_db or settings.build_db_path()
    serving = settings.serving_dir()
    snapshots = serving / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    target = snapshots / f"{stamp}.duckdb"
    partial = snapshots / f".{stamp}.duckdb.partial"
    partial.unlink(missing_ok=True)
    with duckdb.connect(str(partial)) as con:
        con.execute("attach ? as build (read_only)", [str(build_db)])
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = 'build' and table_schema = 'main' "
                "and table_type = 'BASE TABLE' order by table_name"
            ).fetchall()
        ]
        missing = [t for t in required_tables if t not in tables]
        if missing:
            con.execute("detach build")
            partial.unlink(missing_ok=True)
            raise RuntimeError(f"build database {build_db} lacks tables {missing}; not publishing")
        # Only the marts (schema main) are served: staging and intermediate hold record-level
        # rows (survey answers, quarantined records) that dashboards must not be able to reach.
        for table in tables:
            # Identifiers cannot be bound as parameters; these come from the catalog, not input.
            con.execute(f'create table main."{table}" as select * from build.main."{table}"')
        con.execute("detach build")
        con.execute(
            "create or replace table main.meta_snapshot as "
            "select ?::timestamptz as published_at, ?::boolean as synthetic, ? as sources",
            [now, synthetic, ",".join(sorted(sources))],
        )
        con.execute("checkpoint")
    faults.pause_point("publish")
    os.replace(partial, target)
    pointer_tmp = serving / f".{POINTER}.{stamp}"
    pointer_tmp.write_text(
        json.dumps(
            {
                "snapshot": f"snapshots/{target.name}",
                "published_at": now.isoformat(timespec="seconds"),
                "synthetic": synthetic,
            }
        )
    )
    os.replace(pointer_tmp, serving / POINTER)
    _prune(snapshots, keep=keep, current=target)
    return Snapshot(target, now.isoformat(timespec="seconds"), synthetic)


def _prune(snapshots: Path, *, keep: int, current: Path) -> None:
    done = sorted(snapshots.glob("*.duckdb"))
    for old in done[: max(0, len(done) - max(keep, 2))]:
        if old != current:
            old.unlink(missing_ok=True)
    for leftover in snapshots.glob(".*.partial"):
        # A partial copy older than this publish belongs to a killed run.
        if leftover.stat().st_mtime < current.stat().st_mtime - 1:
            leftover.unlink(missing_ok=True)
