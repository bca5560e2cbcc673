"""Schedules that load a source's latest partitions on the publisher's calendar."""

from __future__ import annotations

import dagster as dg


def latest_partitions_schedule(
    job: dg.UnresolvedAssetJobDefinition,
    *,
    name: str,
    cron: str,
    partitions: int,
    description: str,
) -> dg.ScheduleDefinition:
    """Run ``job`` over its newest ``partitions`` partitions as of each tick (Pakistan time).

    Re-reading more than the newest one picks up late reports and corrections; re-running a
    partition replaces it, so the overlap costs time, never duplicates.
    """

    @dg.schedule(
        name=name,
        job=job,
        cron_schedule=cron,
        execution_timezone="Asia/Karachi",
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description=description,
    )
    def _schedule(context: dg.ScheduleEvaluationContext):
        keys = job.partitions_def.get_partition_keys(current_time=context.scheduled_execution_time)
        if not keys:
            return dg.SkipReason("no partition exists yet")
        return dg.RunRequest(
            tags={
                "dagster/asset_partition_range_start": keys[-min(partitions, len(keys))],
                "dagster/asset_partition_range_end": keys[-1],
            }
        )

    return _schedule
