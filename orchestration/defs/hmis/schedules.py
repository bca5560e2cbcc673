from orchestration.defs.hmis.assets import hmis_job
from orchestration.lib.schedules import latest_partitions_schedule

# Reports are due by the 10th; late ones and corrections keep arriving for weeks.
MONTHS_REREAD = 3

hmis_after_due_date = latest_partitions_schedule(
    hmis_job,
    name="hmis_after_due_date",
    cron="0 2 11 * *",
    partitions=MONTHS_REREAD,
    description="The 11th of each month, after reports fall due: load last month and re-read "
    "the two before it, which late reports and corrections still change.",
)
