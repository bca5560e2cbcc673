"""The shape every landing asset shares: land each partition, count rows, run the suites."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import dagster as dg
import polars as pl

from expectations.runner import Suite
from orchestration.lib import landing
from orchestration.lib.memory import Reclaimer


def gx_check_name(entity: str) -> str:
    return f"gx_{entity}_suite"


def check_specs(source: str, suites: dict[str, Callable]) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            gx_check_name(entity),
            asset=dg.AssetKey([source, entity]),
            blocking=True,
            description=f"Great Expectations suite expectations/{source}.py::{entity}",
        )
        for entity in suites
    ]


def land_partitions(
    context: dg.AssetExecutionContext,
    source: str,
    partition_keys: Iterable[str],
    land_one: Callable[[str], list[landing.LoadAccount]],
    suites: dict[str, Callable],
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Land every requested partition, then validate what landed.

    One result per entity sums the partitions of this run, so a single-run backfill of many
    months reports one materialisation per asset with the totals.
    """
    totals: dict[str, dict[str, int]] = {}
    reasons: dict[str, dict[str, int]] = {}
    keys = list(partition_keys)
    landing.clear_abandoned_work()
    reclaimer = Reclaimer()
    for key in keys:
        for account in land_one(key):
            t = totals.setdefault(account.entity, {"read": 0, "loaded": 0, "quarantined": 0})
            t["read"] += account.rows_read
            t["loaded"] += account.rows_loaded
            t["quarantined"] += account.rows_quarantined
            r = reasons.setdefault(account.entity, {})
            for reason, n in account.quarantine_reasons.items():
                kind = reason.split(":")[0]
                r[kind] = r.get(kind, 0) + n
            context.log.info(
                f"{source}/{account.entity} {key}: read {account.rows_read}, loaded "
                f"{account.rows_loaded}, quarantined {account.rows_quarantined}"
            )
        reclaimer.after_step()
    for entity, t in totals.items():
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey([source, entity]),
            metadata={
                "partitions": len(keys),
                "rows_read": t["read"],
                "rows_loaded": t["loaded"],
                "rows_quarantined": t["quarantined"],
                "quarantine_reasons": dg.MetadataValue.json(reasons.get(entity, {})),
            },
        )
    for entity, build in suites.items():
        yield _validate_in_batches(source, entity, keys, build, reclaimer)


# Great Expectations validates in pandas; batches of whole partitions up to this many rows
# keep a ten-year backfill's memory flat. Suites key uniqueness within a partition, so
# nothing is lost by splitting between partitions.
BATCH_ROWS = 1_000_000


def _validate_in_batches(
    source: str,
    entity: str,
    keys: list[str],
    build: Callable,
    reclaimer: Reclaimer | None = None,
) -> dg.AssetCheckResult:
    reclaimer = reclaimer or Reclaimer()
    batches: list[list[str]] = [[]]
    size = 0
    for key in keys:
        manifest = landing.read_manifest(source, entity, key) or {}
        rows = int(manifest.get("rows_loaded", 0))
        if batches[-1] and size + rows > BATCH_ROWS:
            batches.append([])
            size = 0
        batches[-1].append(key)
        size += rows
    suite = Suite(f"{source}_{entity}", build)
    passed, evaluated, rows_validated, failures = True, 0, 0, []
    for batch in batches:
        # Only the columns the suite reads are loaded; its expectations about the table's
        # columns are judged on the schema of every landed file.
        schema = landed_schema(source, entity, batch)
        frame = read_landed(source, entity, batch, columns=suite.columns or None)
        result = suite.validate(frame, schema)
        passed = passed and result.success
        evaluated += result.evaluated
        rows_validated += frame.height
        failures += [f"{batch[0]}..{batch[-1]}: {f['summary']}" for f in result.failed]
        del frame
        reclaimer.after_step()
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey([source, entity]),
        check_name=gx_check_name(entity),
        passed=passed,
        metadata={
            "suite": f"{source}_{entity}",
            "batches": len(batches),
            "expectations_evaluated": evaluated,
            "expectations_failed": len(failures),
            "failures": "; ".join(failures)[:4000] or "none",
            "rows_validated": rows_validated,
        },
    )


def _landed_files(source: str, entity: str, partition_keys: Iterable[str]) -> list[Path]:
    paths = [landing.partition_dir(source, entity, k) / "data.parquet" for k in partition_keys]
    return [p for p in paths if p.exists()]


def landed_schema(source: str, entity: str, partition_keys: Iterable[str]) -> pl.Schema:
    """The schema ``read_landed`` would give the partitions, read from the files' footers."""
    empty = [
        pl.DataFrame(schema=pl.read_parquet_schema(p))
        for p in _landed_files(source, entity, partition_keys)
    ]
    return pl.concat(empty, how="diagonal_relaxed").schema if empty else pl.Schema()


def read_landed(
    source: str,
    entity: str,
    partition_keys: Iterable[str],
    columns: Iterable[str] | None = None,
) -> pl.DataFrame:
    """The partitions' loaded rows, one frame; only ``columns`` (those a file has) if given."""
    frames = []
    for path in _landed_files(source, entity, partition_keys):
        if columns is None:
            frames.append(pl.read_parquet(path))
        else:
            wanted = set(columns)
            present = [c for c in pl.read_parquet_schema(path) if c in wanted]
            frames.append(pl.read_parquet(path, columns=present))
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
