import dagster as dg

from orchestration.definitions import defs


def test_the_code_location_loads_and_validates():
    dg.Definitions.validate_loadable(defs)


def test_every_source_has_a_partitioned_load_job_and_the_warehouse_a_build_job():
    jobs = {job.name: job for job in defs.resolve_all_job_defs()}
    assert jobs["cqmis_load"].partitions_def is not None
    assert "warehouse_build_and_publish" in jobs


def test_landing_assets_carry_blocking_great_expectations_checks():
    checks = {
        spec.name: spec
        for assets_def in defs.resolve_asset_graph().assets_defs
        for spec in assets_def.check_specs
        if spec.asset_key == dg.AssetKey(["cqmis", "complaints"])
    }
    assert checks["gx_complaints_suite"].blocking


def test_dbt_sources_are_wired_to_the_assets_that_land_them():
    graph = defs.resolve_asset_graph()
    staging = dg.AssetKey(["staging", "stg_cqmis__complaints"])
    assert dg.AssetKey(["cqmis", "complaints"]) in graph.get(staging).parent_keys


def test_publishing_depends_on_the_marts_the_dashboards_read():
    graph = defs.resolve_asset_graph()
    parents = graph.get(dg.AssetKey("serving_snapshot")).parent_keys
    assert dg.AssetKey("rpt_complaints__monthly") in parents
    assert dg.AssetKey("dim_district") in parents
