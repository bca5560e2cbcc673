"""The hrmis room as Dagster sees it: assets, checks, job, partitions and sensor."""

from __future__ import annotations

from datetime import datetime

import dagster as dg
import pytest

from orchestration.defs.hrmis import extract
from orchestration.defs.hrmis.assets import hrmis_extract, hrmis_job
from orchestration.defs.hrmis.partitions import hrmis_monthly
from orchestration.defs.hrmis.sensors import hrmis_changes, months_to_extract
from orchestration.lib import settings
from simulator import hrmis


@pytest.fixture
def hr_db(warehouse) -> str:
    path = warehouse / "simulated_sources" / "hrmis" / "hrmis.sqlite"
    path.parent.mkdir(parents=True)
    url = f"sqlite:///{path}"
    hrmis.generate(url, scale=0.003, seed=5)
    return url


def test_the_load_job_is_named_for_the_cli_and_lands_three_entities():
    assert hrmis_job.name == "hrmis_load"
    assert {k.to_user_string() for k in hrmis_extract.keys} == {
        "hrmis/sanctioned_posts",
        "hrmis/employees",
        "hrmis/deletions",
    }
    assert {c.name for c in hrmis_extract.check_specs} == {
        "gx_sanctioned_posts_suite",
        "gx_employees_suite",
        "gx_deletions_suite",
    }
    assert hrmis_monthly.get_partition_keys()[0] == "2023-01-01"


def test_materialising_a_month_lands_it_and_every_suite_passes(hr_db):
    assert extract.database_url() == hr_db  # the default is the simulated database
    result = dg.materialize(
        [hrmis_extract], partition_key="2026-10-01", instance=dg.DagsterInstance.ephemeral()
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert len(checks) == 3 and all(c.passed for c in checks), [c.metadata for c in checks]
    for materialization in result.asset_materializations_for_node("hrmis_extract"):
        meta = {k: v.value for k, v in materialization.metadata.items()}
        assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"]


def _range(request: dg.RunRequest) -> tuple[str, str]:
    return (
        request.tags["dagster/asset_partition_range_start"],
        request.tags["dagster/asset_partition_range_end"],
    )


def test_the_sensor_requests_unlanded_and_changed_months_and_notices_deletions(hr_db):
    keys = hrmis_monthly.get_partition_keys()
    context = dg.build_sensor_context()
    assert _range(hrmis_changes(context)) == (keys[0], keys[-1])  # nothing landed yet
    for key in keys[-2:]:
        extract.land_month(hr_db, key)

    # Landed, unchanged months are not asked for again; months never landed still are.
    context = dg.build_sensor_context(cursor=context.cursor)
    assert _range(hrmis_changes(context)) == (keys[0], keys[-3])
    assert months_to_extract(keys[-2:], None, False) == []

    # Deleted rows leave no updated_at: the id fingerprint brings back the latest month.
    hrmis.advance(hr_db, to=datetime(2026, 11, 20), seed=1)
    assert months_to_extract(keys[-2:], None, True) == [keys[-1]]
    request = hrmis_changes(dg.build_sensor_context(cursor=context.cursor))
    assert _range(request)[1] == keys[-1]


def test_dbt_sources_name_the_assets_that_land_them():
    import yaml

    sources_yml = settings.TRANSFORM_DIR / "models/staging/hrmis/_hrmis__sources.yml"
    [source] = yaml.safe_load(sources_yml.read_text(encoding="utf-8"))["sources"]
    wired = {tuple(t["meta"]["dagster"]["asset_key"]) for t in source["tables"]}
    assert wired == {tuple(k.path) for k in hrmis_extract.keys}
