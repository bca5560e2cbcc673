from __future__ import annotations

from datetime import datetime

import dagster as dg

from orchestration.defs.hmis.assets import hmis_extract, hmis_job
from orchestration.defs.hmis.schedules import hmis_after_due_date

MONTH = "2024-01-01"


def test_one_month_materialises_through_dagster_with_passing_checks_and_counts_that_add_up(
    hmis_api_url,
):
    result = dg.materialize(
        [hmis_extract], partition_key=MONTH, instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    assert set(checks) == {"gx_org_units_suite", "gx_data_values_suite", "gx_completeness_suite"}
    assert all(c.passed for c in checks.values()), {
        n: c.metadata.get("failures") for n, c in checks.items()
    }
    for event in result.get_asset_materialization_events():
        meta = {k: v.value for k, v in event.materialization.metadata.items()}
        assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"]
        assert event.partition == MONTH
    values = next(
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["hmis", "data_values"])
    ).materialization.metadata
    assert set(values["quarantine_reasons"].value) >= {"unknown org unit", "duplicate data value"}


def test_the_load_job_is_named_for_the_cli_and_monthly_from_december_2016():
    assert hmis_job.name == "hmis_load"
    keys = hmis_job.partitions_def.get_partition_keys(current_time=datetime(2026, 11, 28))
    assert keys[0] == "2016-12-01" and keys[-1] == "2026-10-01"


def test_the_schedule_on_the_11th_reloads_last_month_and_the_two_before():
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 11, 11, 2))
    request = hmis_after_due_date(context)
    assert request.tags["dagster/asset_partition_range_start"] == "2026-08-01"
    assert request.tags["dagster/asset_partition_range_end"] == "2026-10-01"
