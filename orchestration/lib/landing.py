"""The landing zone: one immutable folder per extract, replaced whole on re-run.

Layout: ``landing/<source>/<entity>/partition=<key>/`` holding
``data.parquet`` (rows that loaded), ``quarantine.parquet`` (rows that did not, each with
its reason) and ``_manifest.json`` (where the rows came from and how they were counted).
The folder is written beside its final place and swapped in with a rename, so a reader or
a killed load never sees half a partition.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from orchestration.lib import faults, settings

QUARANTINE_SCHEMA = {
    "source": pl.String,
    "entity": pl.String,
    "partition_key": pl.String,
    "origin": pl.String,  # file, endpoint or table the row came from
    "row_number": pl.Int64,  # 1-based position in the origin, as a person would count it
    "reason": pl.String,
    "suggestion": pl.String,
    "raw_record": pl.String,  # the row exactly as read, as JSON
}


class RowAccountingError(RuntimeError):
    """Rows read did not equal rows loaded plus rows quarantined."""


@dataclass
class LoadAccount:
    source: str
    entity: str
    partition_key: str
    origin: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    extracted_at: str = ""

    def as_metadata(self) -> dict[str, object]:
        return {
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "origin": self.origin,
            "quarantine_reasons": json.dumps(self.quarantine_reasons),
        }


def partition_dir(source: str, entity: str, partition_key: str) -> Path:
    return settings.landing_dir() / source / entity / f"partition={partition_key}"


def empty_quarantine() -> pl.DataFrame:
    return pl.DataFrame(schema=QUARANTINE_SCHEMA)


def quarantine_frame(
    rows: list[dict[str, object]], *, source: str, entity: str, partition_key: str, origin: str
) -> pl.DataFrame:
    """Build quarantine rows from dicts holding ``row_number``, ``reason``, ``suggestion``
    and ``raw`` (the record as read)."""
    if not rows:
        return empty_quarantine()
    return pl.DataFrame(
        {
            "source": [source] * len(rows),
            "entity": [entity] * len(rows),
            "partition_key": [partition_key] * len(rows),
            "origin": [origin] * len(rows),
            "row_number": [r["row_number"] for r in rows],
            "reason": [r["reason"] for r in rows],
            "suggestion": [r.get("suggestion") for r in rows],
            "raw_record": [json.dumps(r["raw"], default=str, ensure_ascii=False) for r in rows],
        },
        schema=QUARANTINE_SCHEMA,
    )


def write_partition(
    *,
    source: str,
    entity: str,
    partition_key: str,
    origin: str,
    rows_read: int,
    loaded: pl.DataFrame,
    quarantined: pl.DataFrame,
) -> LoadAccount:
    """Land one partition atomically after checking that no row was lost."""
    if rows_read != loaded.height + quarantined.height:
        raise RowAccountingError(
            f"{source}/{entity} partition {partition_key} from {origin}: read {rows_read} rows "
            f"but loaded {loaded.height} and quarantined {quarantined.height}"
        )
    reasons = (
        quarantined.group_by("reason").len().sort("reason").rows() if quarantined.height else []
    )
    account = LoadAccount(
        source=source,
        entity=entity,
        partition_key=partition_key,
        origin=origin,
        rows_read=rows_read,
        rows_loaded=loaded.height,
        rows_quarantined=quarantined.height,
        quarantine_reasons=dict(reasons),
        extracted_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    final = partition_dir(source, entity, partition_key)
    final.parent.mkdir(parents=True, exist_ok=True)
    # Work happens outside the entity folder, deep enough that no reader's glob
    # (landing/<source>/<entity>/*/...) can see a half-written or retired partition.
    work = _work_dir(source, entity)
    work.mkdir(parents=True, exist_ok=True)
    staging = work / f"{partition_key}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        loaded.write_parquet(staging / "data.parquet")
        quarantined.select(list(QUARANTINE_SCHEMA)).write_parquet(staging / "quarantine.parquet")
        (staging / "_manifest.json").write_text(json.dumps(asdict(account), indent=2))
        faults.pause_point("landing")
        _swap_in(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return account


def _swap_in(staging: Path, final: Path) -> None:
    # A rename cannot replace a non-empty directory, so the old partition is first moved
    # aside; between the two renames a reader sees the partition missing, never half-written.
    retired = staging.parent / f"retired-{final.name}-{uuid.uuid4().hex[:8]}"
    if final.exists():
        os.replace(final, retired)
    os.replace(staging, final)
    shutil.rmtree(retired, ignore_errors=True)


def _work_dir(source: str, entity: str) -> Path:
    return settings.landing_dir() / ".work" / source / entity


def clear_abandoned_work(older_than_seconds: float = 3600) -> int:
    """Remove work folders a killed load left behind; returns how many were removed."""
    removed = 0
    cutoff = time.time() - older_than_seconds
    for folder in settings.landing_dir().glob(".work/*/*/*"):
        if folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def read_manifest(source: str, entity: str, partition_key: str) -> dict[str, object] | None:
    path = partition_dir(source, entity, partition_key) / "_manifest.json"
    return json.loads(path.read_text()) if path.exists() else None
