from __future__ import annotations

from datetime import datetime

import dagster as dg

from orchestration.defs.pis.assets import pis_extract, pis_job
from orchestration.defs.pis.schedules import pis_after_quarter

QUARTER = "2024-07-01"


def test_one_quarter_materialises_through_dagster_with_passing_checks_and_counts_that_add_up(
    pis_api_url,
):
    result = dg.materialize(
        [pis_extract], partition_key=QUARTER, instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    assert set(checks) == {"gx_schemes_suite", "gx_scheme_progress_suite"}
    assert all(c.passed for c in checks.values()), {
        n: c.metadata.get("failures") for n, c in checks.items()
    }
    events = result.get_asset_materialization_events()
    assert {e.asset_key.to_user_string() for e in events} == {"pis/schemes", "pis/scheme_progress"}
    for event in events:
        meta = {k: v.value for k, v in event.materialization.metadata.items()}
        assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"]
        assert meta["rows_quarantined"] > 0


def test_partitions_are_fiscal_quarters_from_fy_2016_17_and_the_job_is_pis_load():
    assert pis_job.name == "pis_load"
    keys = pis_job.partitions_def.get_partition_keys(current_time=datetime(2026, 11, 28))
    assert keys[0] == "2016-07-01" and keys[-1] == "2026-07-01"
    assert keys[1:4] == ["2016-10-01", "2017-01-01", "2017-04-01"]


def test_the_schedule_loads_the_quarter_just_ended_and_the_one_before():
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 10, 20, 3))
    request = pis_after_quarter(context)
    assert request.tags["dagster/asset_partition_range_start"] == "2026-04-01"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-07-01"
