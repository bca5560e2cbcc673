import dagster as dg

from orchestration.defs.pis.assets import pis_job


@dg.schedule(
    job=pis_job,
    cron_schedule="0 3 20 1,4,7,10 *",
    execution_timezone="Asia/Karachi",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="The 20th after each fiscal quarter ends, once executing agencies have filed "
    "their returns: load the quarter just ended and re-read the one before (late returns).",
)
def pis_after_quarter(context: dg.ScheduleEvaluationContext):
    partitions = pis_job.partitions_def.get_partition_keys(
        current_time=context.scheduled_execution_time
    )
    return dg.RunRequest(
        tags={
            "dagster/asset_partition_range_start": partitions[-2],
            "dagster/asset_partition_range_end": partitions[-1],
        }
    )
