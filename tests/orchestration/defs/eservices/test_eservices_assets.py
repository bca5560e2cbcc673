"""The e-services room as Dagster sees it: one unpartitioned load, checks, sensor, dbt."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.eservices.assets import eservices_extract, eservices_job
from orchestration.defs.eservices.sensors import eservices_catalogue_changed
from simulator import eservices


def test_the_load_job_is_named_for_the_cli_and_is_not_partitioned():
    assert eservices_job.name == "eservices_load"
    assert eservices_job.partitions_def is None
    assert {k.to_user_string() for k in eservices_extract.keys} == {
        "eservices/portals",
        "eservices/services",
        "eservices/checklist",
    }
    assert all(c.blocking for c in eservices_extract.check_specs)


def test_materialising_lands_the_catalogue_passes_its_checks_and_counts_add_up(warehouse):
    eservices.write_catalogue(warehouse / "simulated_sources" / "eservices")
    result = dg.materialize([eservices_extract], instance=dg.DagsterInstance.ephemeral())
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    for event in result.asset_materializations_for_node("eservices_extract"):
        meta = {k: v.value for k, v in event.metadata.items()}
        assert meta["rows_read"] == meta["rows_loaded"] + meta["rows_quarantined"] > 0


def test_the_sensor_reloads_only_when_the_content_changes(warehouse):
    folder = warehouse / "simulated_sources" / "eservices"
    assert isinstance(eservices_catalogue_changed(dg.build_sensor_context()), dg.SkipReason)
    eservices.write_catalogue(folder)
    first = eservices_catalogue_changed(dg.build_sensor_context())
    assert len(first.run_requests) == 1
    assert isinstance(
        eservices_catalogue_changed(dg.build_sensor_context(cursor=first.cursor)), dg.SkipReason
    )
    with (folder / "services.csv").open("a", encoding="utf-8") as fh:
        fh.write("NEW,EPAY,ITD,New service,web_portal,2026-01-01,,Interactive,x,live,yes,\n")
    again = eservices_catalogue_changed(dg.build_sensor_context(cursor=first.cursor))
    assert again.cursor != first.cursor


def test_dbt_sources_name_the_assets_that_land_them():
    import yaml

    from orchestration.lib import settings

    path = settings.TRANSFORM_DIR / "models/staging/eservices/_eservices__sources.yml"
    [source] = yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    wired = {tuple(t["meta"]["dagster"]["asset_key"]) for t in source["tables"]}
    assert wired == {tuple(k.path) for k in eservices_extract.keys}
