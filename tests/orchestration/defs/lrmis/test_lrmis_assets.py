"""The lrmis room as Dagster sees it: asset, check, job, partitions and sensor."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.lrmis.assets import lrmis_extract, lrmis_job
from orchestration.defs.lrmis.partitions import lrmis_monthly
from orchestration.defs.lrmis.sensors import lrmis_new_export
from orchestration.lib import settings
from simulator import lrmis


def test_the_load_job_is_named_for_the_cli_and_partitioned_by_export_month():
    assert lrmis_job.name == "lrmis_load"
    assert {k.to_user_string() for k in lrmis_extract.keys} == {"lrmis/mutations"}
    [check] = list(lrmis_extract.check_specs)
    assert (check.name, check.blocking) == ("gx_mutations_suite", True)
    keys = lrmis_monthly.get_partition_keys()
    assert keys[0] == "2023-01-01"
    assert {f"{m:%Y-%m-%d}" for m in lrmis.export_months()} <= set(keys)


def test_materialising_a_month_lands_it_and_its_suite_passes(warehouse):
    lrmis.generate_into(warehouse / "simulated_sources", 0.02, 7)
    result = dg.materialize(
        [lrmis_extract], partition_key="2026-10-01", instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    [check] = result.get_asset_check_evaluations()
    assert check.passed, check.metadata
    [materialization] = result.asset_materializations_for_node("lrmis_extract")
    meta = {k: v.value for k, v in materialization.metadata.items()}
    assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"] > 0


def test_the_sensor_asks_for_the_month_of_a_new_or_replaced_export(warehouse):
    inbox = warehouse / "simulated_sources" / "lrmis" / "inbox"
    assert isinstance(lrmis_new_export(dg.build_sensor_context()), dg.SkipReason)
    inbox.mkdir(parents=True)
    (inbox / "mutation_register_2026-09.csv").write_text("x")
    result = lrmis_new_export(dg.build_sensor_context())
    assert [r.partition_key for r in result.run_requests] == ["2026-09-01"]
    assert isinstance(
        lrmis_new_export(dg.build_sensor_context(cursor=result.cursor)), dg.SkipReason
    )


def test_dbt_sources_name_the_asset_that_lands_them():
    import yaml

    sources_yml = settings.TRANSFORM_DIR / "models/staging/lrmis/_lrmis__sources.yml"
    [source] = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    wired = {tuple(t["meta"]["dagster"]["asset_key"]) for t in source["tables"]}
    assert wired == {tuple(k.path) for k in lrmis_extract.keys}


def test_the_latest_available_month_is_the_newest_export_in_the_inbox(warehouse):
    from orchestration.defs.lrmis.partitions import latest_available_partition

    assert latest_available_partition() is None
    inbox = warehouse / "simulated_sources" / "lrmis" / "inbox"
    inbox.mkdir(parents=True)
    for name in ("mutation_register_2026-09.csv", "mutation_register_2026-10.csv"):
        (inbox / name).write_text("x")
    assert latest_available_partition() == "2026-10-01"
