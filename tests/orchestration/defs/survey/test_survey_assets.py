"""The survey room: its assets, job and sensor as Dagster sees them."""

from __future__ import annotations

import json

import dagster as dg

from orchestration.defs.survey.assets import survey_analysis, survey_extract, survey_job
from orchestration.defs.survey.partitions import SURVEY_WAVES, survey_waves
from orchestration.defs.survey.sensors import survey_new_export
from simulator import survey


def test_the_waves_are_the_partitions_and_match_the_simulator():
    assert SURVEY_WAVES == survey.WAVES
    assert survey_waves.get_partition_keys() == list(SURVEY_WAVES)


def test_the_load_job_is_named_for_the_cli_and_covers_landing_and_analysis():
    assert survey_job.name == "survey_load"
    keys = {k.to_user_string() for k in survey_extract.keys | survey_analysis.keys}
    assert keys == {"survey/responses", "survey/crosstab_cells", "survey/group_differences"}
    [check] = list(survey_extract.check_specs)
    assert (check.name, check.blocking) == ("gx_responses_suite", True)
    assert {d.asset_key.to_user_string() for d in survey_analysis.specs_by_key[
        dg.AssetKey(["survey", "crosstab_cells"])].deps} == {"survey/responses"}


def test_the_sensor_requests_a_wave_when_its_export_appears_or_changes(warehouse):
    inbox = warehouse / "simulated_sources" / "survey"
    assert isinstance(survey_new_export(dg.build_sensor_context()), dg.SkipReason)

    (inbox / survey.WAVE_1).mkdir(parents=True)
    (inbox / survey.WAVE_1 / "export.xlsx").write_bytes(b"x")
    (inbox / "2031-wave9").mkdir()  # not a declared wave: logged, never loaded
    result = survey_new_export(dg.build_sensor_context())
    assert [r.partition_key for r in result.run_requests] == [survey.WAVE_1]
    assert json.loads(result.cursor).keys() == {survey.WAVE_1}

    again = survey_new_export(dg.build_sensor_context(cursor=result.cursor))
    assert isinstance(again, dg.SkipReason)


def test_dbt_sources_name_the_assets_that_land_them():
    import yaml

    from orchestration.lib import settings

    sources_yml = settings.TRANSFORM_DIR / "models/staging/survey/_survey__sources.yml"
    [source] = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    wired = {tuple(t["meta"]["dagster"]["asset_key"]) for t in source["tables"]}
    landed = {tuple(k.path) for k in survey_extract.keys | survey_analysis.keys}
    assert wired == landed
