"""The PHEMIS room as Dagster sees it: asset, check, job, sensor and dbt wiring."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.phemis.assets import phemis_extract, phemis_job
from orchestration.defs.phemis.partitions import SURVEY_ROUNDS, phemis_survey_rounds
from orchestration.defs.phemis.sensors import phemis_new_workbook
from simulator import phemis
from simulator.phemis_layouts import ROUNDS, layout


def test_the_survey_rounds_are_the_partitions_and_match_the_simulator():
    assert SURVEY_ROUNDS == ROUNDS
    assert phemis_survey_rounds.get_partition_keys() == list(ROUNDS)


def test_the_load_job_is_named_for_the_cli_with_a_blocking_suite():
    assert phemis_job.name == "phemis_load"
    assert {k.to_user_string() for k in phemis_extract.keys} == {"phemis/schemes"}
    [check] = list(phemis_extract.check_specs)
    assert (check.name, check.blocking) == ("gx_schemes_suite", True)


def test_materialising_a_round_lands_it_passes_its_check_and_counts_add_up(warehouse):
    phemis.generate(
        warehouse / "simulated_sources" / "phemis" / "inbox", scale=0.05, seed=5, rounds=("2023",)
    )
    result = dg.materialize(
        [phemis_extract], partition_key="2023", instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    [check] = result.get_asset_check_evaluations()
    assert check.passed
    [event] = result.asset_materializations_for_node("phemis_extract")
    meta = {k: v.value for k, v in event.metadata.items()}
    assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"] > 0


def test_the_sensor_requests_a_round_when_its_workbook_appears(warehouse):
    inbox = warehouse / "simulated_sources" / "phemis" / "inbox"
    inbox.mkdir(parents=True)
    (inbox / layout("2025").file_name).write_bytes(b"x")
    result = phemis_new_workbook(dg.build_sensor_context())
    assert [r.partition_key for r in result.run_requests] == ["2025"]
    assert isinstance(
        phemis_new_workbook(dg.build_sensor_context(cursor=result.cursor)), dg.SkipReason
    )


def test_dbt_sources_name_the_asset_that_lands_them():
    import yaml

    from orchestration.lib import settings

    sources_yml = settings.TRANSFORM_DIR / "models/staging/phemis/_phemis__sources.yml"
    [source] = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    assert [t["meta"]["dagster"]["asset_key"] for t in source["tables"]] == [["phemis", "schemes"]]
