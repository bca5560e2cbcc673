from orchestration.defs.hrmis.assets import hrmis_job
from orchestration.lib.schedules import latest_partitions_schedule

hrmis_month_end = latest_partitions_schedule(
    hrmis_job,
    name="hrmis_month_end",
    cron="0 3 2 * *",
    partitions=2,
    description="The 2nd of each month: snapshot posts and employees as of the month that "
    "just ended, and re-read the month before (late postings are back-dated).",
)
