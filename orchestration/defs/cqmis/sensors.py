"""Re-extract the months whose complaints changed since the last look (updated_at watermark)."""

from datetime import datetime

import dagster as dg

from orchestration.defs.cqmis import extract
from orchestration.defs.cqmis.assets import cqmis_job


@dg.sensor(
    job=cqmis_job, minimum_interval_seconds=15 * 60, default_status=dg.DefaultSensorStatus.STOPPED
)
def cqmis_updates(context: dg.SensorEvaluationContext):
    since = datetime.fromisoformat(context.cursor) if context.cursor else None
    months, watermark = extract.changed_partitions(extract.database_url(), since)
    if not months:
        return dg.SkipReason(f"no complaint updated after {since}")
    # One run over the range: re-extracting an unchanged month in between is harmless.
    yield dg.RunRequest(
        run_key=f"cqmis-{watermark.isoformat()}",
        tags={
            "dagster/asset_partition_range_start": months[0],
            "dagster/asset_partition_range_end": months[-1],
        },
    )
    context.update_cursor(watermark.isoformat())
