"""The bise room as Dagster sees it: asset, check, job, partitions and sensor."""

from __future__ import annotations

import json

import dagster as dg

from orchestration.defs.bise.assets import bise_extract, bise_job
from orchestration.defs.bise.partitions import bise_exam_years
from orchestration.defs.bise.sensors import bise_new_gazette
from orchestration.lib import settings
from simulator import bise


def test_the_load_job_is_named_for_the_cli_and_partitioned_by_exam_year():
    assert bise_job.name == "bise_load"
    assert {k.to_user_string() for k in bise_extract.keys} == {"bise/results"}
    [check] = list(bise_extract.check_specs)
    assert (check.name, check.blocking) == ("gx_results_suite", True)
    keys = bise_exam_years.get_partition_keys()
    assert keys[0] == "2019" and set(map(str, bise.YEARS)) <= set(keys)


def test_materialising_a_year_lands_it_passes_its_suite_and_counts_add_up(warehouse):
    bise.generate_into(warehouse / "simulated_sources", 0.01, 7)
    result = dg.materialize(
        [bise_extract], partition_key="2024", instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    [check] = result.get_asset_check_evaluations()
    assert check.passed, check.metadata
    [materialization] = result.asset_materializations_for_node("bise_extract")
    meta = {k: v.value for k, v in materialization.metadata.items()}
    assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"]
    assert meta["rows_quarantined"] > 0
    assert set(meta["quarantine_reasons"]) <= {
        "duplicate roll number",
        "unknown district",
        "unknown result code",
        "marks exceed total",
    }


def test_the_sensor_asks_for_a_year_when_its_gazette_appears_or_changes(warehouse):
    inbox = warehouse / "simulated_sources" / "bise" / "inbox"
    assert isinstance(bise_new_gazette(dg.build_sensor_context()), dg.SkipReason)
    inbox.mkdir(parents=True)
    (inbox / "ssc_annual_2024.csv").write_text("x")
    (inbox / "hssc_annual_2024.csv").write_text("x")
    (inbox / "notes.txt").write_text("not a gazette: logged, never loaded")
    result = bise_new_gazette(dg.build_sensor_context())
    assert [r.partition_key for r in result.run_requests] == ["2024"]
    assert set(json.loads(result.cursor)) == {"ssc_annual_2024.csv", "hssc_annual_2024.csv"}
    again = bise_new_gazette(dg.build_sensor_context(cursor=result.cursor))
    assert isinstance(again, dg.SkipReason)


def test_dbt_sources_name_the_asset_that_lands_them():
    import yaml

    sources_yml = settings.TRANSFORM_DIR / "models/staging/bise/_bise__sources.yml"
    [source] = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    wired = {tuple(t["meta"]["dagster"]["asset_key"]) for t in source["tables"]}
    assert wired == {tuple(k.path) for k in bise_extract.keys}


def test_the_latest_available_year_is_the_newest_gazette_in_the_inbox(warehouse):
    from orchestration.defs.bise.partitions import latest_available_partition

    assert latest_available_partition() is None
    inbox = warehouse / "simulated_sources" / "bise" / "inbox"
    inbox.mkdir(parents=True)
    for name in ("ssc_annual_2025.csv", "hssc_supplementary_2026.csv", "notes.txt"):
        (inbox / name).write_text("x")
    assert latest_available_partition() == "2026"
