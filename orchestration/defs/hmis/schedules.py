import dagster as dg

from orchestration.defs.hmis.assets import hmis_job

# Reports are due by the 10th; late ones and corrections keep arriving for weeks.
MONTHS_REREAD = 3


@dg.schedule(
    job=hmis_job,
    cron_schedule="0 2 11 * *",
    execution_timezone="Asia/Karachi",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="The 11th of each month, after reports fall due: load last month and re-read "
    "the two before it, which late reports and corrections still change.",
)
def hmis_after_due_date(context: dg.ScheduleEvaluationContext):
    partitions = hmis_job.partitions_def.get_partition_keys(
        current_time=context.scheduled_execution_time
    )
    return dg.RunRequest(
        tags={
            "dagster/asset_partition_range_start": partitions[-MONTHS_REREAD],
            "dagster/asset_partition_range_end": partitions[-1],
        }
    )
