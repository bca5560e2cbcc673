import dagster as dg

from orchestration.defs.cqmis.assets import cqmis_job


@dg.schedule(
    job=cqmis_job,
    cron_schedule="30 1 * * *",
    execution_timezone="Asia/Karachi",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Nightly: re-extract this month's and last month's complaints, where nearly "
    "every change happens. The cqmis_updates sensor catches older complaints that change.",
)
def cqmis_nightly(context: dg.ScheduleEvaluationContext):
    partitions = cqmis_job.partitions_def.get_partition_keys(
        current_time=context.scheduled_execution_time
    )
    return dg.RunRequest(
        tags={
            "dagster/asset_partition_range_start": partitions[-2],
            "dagster/asset_partition_range_end": partitions[-1],
        }
    )
