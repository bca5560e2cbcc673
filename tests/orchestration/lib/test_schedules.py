from datetime import datetime

import dagster as dg

from orchestration.definitions import defs


def _request(name: str, at: datetime) -> dg.RunRequest:
    schedule = defs.resolve_schedule_def(name)
    context = dg.build_schedule_context(scheduled_execution_time=at)
    return schedule.evaluate_tick(context).run_requests[0]


def test_hmis_loads_last_month_and_rereads_the_two_before_after_the_due_date():
    tags = _request("hmis_after_due_date", datetime(2026, 11, 11, 2, 0)).tags
    assert tags["dagster/asset_partition_range_start"] == "2026-08-01"
    assert tags["dagster/asset_partition_range_end"] == "2026-10-01"


def test_complaints_reload_this_and_last_month_every_night():
    tags = _request("cqmis_nightly", datetime(2026, 11, 28, 1, 30)).tags
    assert tags["dagster/asset_partition_range_start"] == "2026-10-01"
    assert tags["dagster/asset_partition_range_end"] == "2026-11-01"


def test_every_schedule_runs_on_pakistan_time():
    assert {s.execution_timezone for s in defs.schedules} == {"Asia/Karachi"}
