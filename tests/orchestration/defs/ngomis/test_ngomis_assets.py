"""The ngomis room as Dagster sees it: assets, checks, job, partitions and sensor."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.ngomis.assets import ngomis_extract, ngomis_job
from orchestration.defs.ngomis.partitions import ngomis_monthly
from orchestration.defs.ngomis.sensors import ngomis_new_export
from orchestration.lib import settings
from simulator import ngomis


def test_the_load_job_is_named_for_the_cli_and_partitioned_by_export_month():
    assert ngomis_job.name == "ngomis_load"
    assert {k.to_user_string() for k in ngomis_extract.keys} == {
        "ngomis/registrations",
        "ngomis/districts_of_operation",
    }
    assert {(c.name, c.blocking) for c in ngomis_extract.check_specs} == {
        ("gx_registrations_suite", True),
        ("gx_districts_of_operation_suite", True),
    }
    keys = ngomis_monthly.get_partition_keys()
    assert keys[0] == "2024-01-01"
    assert {f"{m:%Y-%m-%d}" for m in ngomis.export_months()} <= set(keys)


def test_materialising_a_month_lands_both_entities_and_their_suites_pass(warehouse):
    ngomis.generate_into(warehouse / "simulated_sources", 0.02, 7)
    result = dg.materialize(
        [ngomis_extract], partition_key="2026-10-01", instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert len(checks) == 2 and all(c.passed for c in checks)
    for materialization in result.asset_materializations_for_node("ngomis_extract"):
        meta = {k: v.value for k, v in materialization.metadata.items()}
        assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"] > 0


def test_the_sensor_asks_for_the_month_of_a_new_or_replaced_export(warehouse):
    inbox = warehouse / "simulated_sources" / "ngomis" / "inbox"
    assert isinstance(ngomis_new_export(dg.build_sensor_context()), dg.SkipReason)
    inbox.mkdir(parents=True)
    (inbox / "ngo_registry_2026-09.csv").write_text("x")
    (inbox / "ngo_registry_1999-01.csv").write_text("before the first kept export")
    result = ngomis_new_export(dg.build_sensor_context())
    assert [r.partition_key for r in result.run_requests] == ["2026-09-01"]
    assert isinstance(
        ngomis_new_export(dg.build_sensor_context(cursor=result.cursor)), dg.SkipReason
    )


def test_dbt_sources_name_the_assets_that_land_them():
    import yaml

    sources_yml = settings.TRANSFORM_DIR / "models/staging/ngomis/_ngomis__sources.yml"
    [source] = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    wired = {tuple(t["meta"]["dagster"]["asset_key"]) for t in source["tables"]}
    assert wired == {tuple(k.path) for k in ngomis_extract.keys}


def test_the_latest_available_month_is_the_newest_export_in_the_inbox(warehouse):
    from orchestration.defs.ngomis.partitions import latest_available_partition

    assert latest_available_partition() is None
    inbox = warehouse / "simulated_sources" / "ngomis" / "inbox"
    inbox.mkdir(parents=True)
    for name in ("ngo_registry_2026-09.csv", "ngo_registry_2026-10.csv", "notes.csv"):
        (inbox / name).write_text("x")
    assert latest_available_partition() == "2026-10-01"
