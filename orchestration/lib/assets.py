"""The shape every landing asset shares: land each partition, count rows, run the suites."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import dagster as dg
import polars as pl

from expectations.runner import validate
from orchestration.lib import landing


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
        yield _validate_in_batches(source, entity, keys, build)


# Great Expectations validates in pandas; batches of whole partitions up to this many rows
# keep a ten-year backfill's memory flat. Suites key uniqueness within a partition, so
# nothing is lost by splitting between partitions.
BATCH_ROWS = 1_000_000


def _validate_in_batches(
    source: str, entity: str, keys: list[str], build: Callable
) -> dg.AssetCheckResult:
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
    passed, evaluated, rows_validated, failures = True, 0, 0, []
    for batch in batches:
        frame = read_landed(source, entity, batch)
        result = validate(frame, f"{source}_{entity}", build)
        passed = passed and result.success
        evaluated += result.evaluated
        rows_validated += frame.height
        failures += [f"{batch[0]}..{batch[-1]}: {f['summary']}" for f in result.failed]
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


def read_landed(source: str, entity: str, partition_keys: Iterable[str]) -> pl.DataFrame:
    paths = [landing.partition_dir(source, entity, k) / "data.parquet" for k in partition_keys]
    paths = [p for p in paths if p.exists()]
    return (
        pl.concat([pl.read_parquet(p) for p in paths], how="diagonal_relaxed")
        if paths
        else (pl.DataFrame())
    )
