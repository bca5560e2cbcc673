from orchestration.defs.cqmis.assets import cqmis_job
from orchestration.lib.schedules import latest_partitions_schedule

cqmis_nightly = latest_partitions_schedule(
    cqmis_job,
    name="cqmis_nightly",
    cron="30 1 * * *",
    partitions=2,
    description="Nightly: re-extract this month's and last month's complaints, where nearly "
    "every change happens. The cqmis_updates sensor catches older complaints that change.",
)
