from orchestration.defs.pis.assets import pis_job
from orchestration.lib.schedules import latest_partitions_schedule

pis_after_quarter = latest_partitions_schedule(
    pis_job,
    name="pis_after_quarter",
    cron="0 3 20 1,4,7,10 *",
    partitions=2,
    description="The 20th after each fiscal quarter ends, once executing agencies have filed "
    "their returns: load the quarter just ended and re-read the one before (late returns).",
)
