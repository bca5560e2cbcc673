"""The BEMIS room as Dagster sees it: assets, checks, job, sensor and dbt wiring."""

from __future__ import annotations

import json

import dagster as dg
import pytest

from orchestration.defs.bemis.assets import bemis_extract, bemis_job
from orchestration.defs.bemis.partitions import CENSUS_YEARS, bemis_census_years
from orchestration.defs.bemis.sensors import bemis_new_workbook
from simulator import bemis
from simulator.bemis_layouts import YEARS, layout


def test_the_census_years_are_the_partitions_and_match_the_simulator():
    assert CENSUS_YEARS == YEARS
    assert bemis_census_years.get_partition_keys() == list(YEARS)


def test_the_load_job_is_named_for_the_cli_with_a_blocking_suite_per_entity():
    assert bemis_job.name == "bemis_load"
    assert {k.to_user_string() for k in bemis_extract.keys} == {
        "bemis/schools",
        "bemis/enrolment",
        "bemis/teachers",
    }
    checks = {c.name: c.blocking for c in bemis_extract.check_specs}
    assert checks == {
        "gx_schools_suite": True,
        "gx_enrolment_suite": True,
        "gx_teachers_suite": True,
    }


@pytest.mark.xdist_group("bemis_dagster")
def test_materialising_a_year_lands_it_passes_its_checks_and_counts_add_up(warehouse, monkeypatch):
    inbox = warehouse / "simulated_sources" / "bemis" / "inbox"
    bemis.generate(inbox, scale=0.01, seed=5, years=("2022-23",))
    result = dg.materialize(
        [bemis_extract], partition_key="2022-23", instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert len(checks) == 3 and all(c.passed for c in checks)
    for event in result.asset_materializations_for_node("bemis_extract"):
        meta = {k: v.value for k, v in event.metadata.items()}
        assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"]
        assert meta["rows_loaded"] > 0


def test_the_sensor_requests_a_year_when_its_workbook_appears_or_is_replaced(warehouse):
    inbox = warehouse / "simulated_sources" / "bemis" / "inbox"
    assert isinstance(bemis_new_workbook(dg.build_sensor_context()), dg.SkipReason)
    inbox.mkdir(parents=True)
    (inbox / layout("2024-25").file_name).write_bytes(b"x")
    (inbox / "old scan.xlsx").write_bytes(b"x")  # no year in its name: warned, never loaded
    result = bemis_new_workbook(dg.build_sensor_context())
    assert [r.partition_key for r in result.run_requests] == ["2024-25"]
    assert json.loads(result.cursor).keys() == {"2024-25"}
    again = bemis_new_workbook(dg.build_sensor_context(cursor=result.cursor))
    assert isinstance(again, dg.SkipReason)


def test_dbt_sources_name_the_assets_that_land_them():
    import yaml

    from orchestration.lib import settings

    sources_yml = settings.TRANSFORM_DIR / "models/staging/bemis/_bemis__sources.yml"
    [source] = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    wired = {tuple(t["meta"]["dagster"]["asset_key"]) for t in source["tables"]}
    assert wired == {tuple(k.path) for k in bemis_extract.keys}
