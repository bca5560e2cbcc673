import json
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.transform.project import dbt_project, dbt_resource
from orchestration.lib import faults, settings


class WarehouseTranslator(DagsterDbtTranslator):
    """dbt models keep their layer as the asset-key prefix; sources point at landing assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            meta = dbt_resource_props.get("meta", {}).get("dagster", {})
            if "asset_key" in meta:
                return dg.AssetKey(meta["asset_key"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return f"warehouse_{fqn[1]}" if len(fqn) > 2 else "warehouse"


PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def partial_parse_state() -> Path:
    """dbt's saved parse for this warehouse, kept beside its build database.

    dbt reuses a saved parse only when the profile (the build database's path) and the
    project's environment (the landing folder) are the ones it was saved with, so each
    warehouse keeps its own; the one in the project's target folder belongs to whoever
    parsed last.
    """
    return settings.build_db_path().parent / f"dbt_{PARTIAL_PARSE_FILE}"


def run_target_path(context: dg.AssetExecutionContext) -> Path:
    """A target folder of the run's own, seeded with this warehouse's saved parse."""
    target = (
        dbt_project.project_dir
        / dbt_project.target_path
        / f"{context.op_execution_context.op.name}-{context.run.run_id[:7]}-{uuid.uuid4().hex[:7]}"
    )
    target.mkdir(parents=True, exist_ok=True)
    if partial_parse_state().exists():
        shutil.copyfile(partial_parse_state(), target / PARTIAL_PARSE_FILE)
    return target


def keep_partial_parse_state(target: Path) -> None:
    """Save the parse dbt wrote in ``target`` as this warehouse's, replacing it by rename."""
    written = target / PARTIAL_PARSE_FILE
    if written.exists():
        staged = partial_parse_state().with_suffix(".tmp")
        shutil.copyfile(written, staged)
        os.replace(staged, partial_parse_state())


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=WarehouseTranslator())
def warehouse_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    settings.export_dbt_env()
    settings.build_db_path().parent.mkdir(parents=True, exist_ok=True)
    # One dbt invocation over the whole selection: dbt's start-up dominates small builds.
    # "cautious": a test joining a built model to an unbuilt one (a source not landed yet)
    # waits with the unbuilt one instead of failing the build. dbt unit tests check logic on
    # fixed inputs; they run in the test suite (tests/transform), not on every load.
    # The log file keeps dbt's INFO story: at DEBUG dbt writes every event twice more.
    args = [
        "--log-level-file",
        "info",
        "build",
        "--indirect-selection",
        "cautious",
        "--exclude-resource-type",
        "unit_test",
    ]
    target = run_target_path(context)
    events = dbt.cli(args, context=context, target_path=target).stream()
    for n, event in enumerate(events):
        if n == 1:
            faults.pause_point("dbt")  # dbt is mid-build, writing the build database
        yield event
    keep_partial_parse_state(target)


def unlanded_sources() -> list[dg.AssetKey]:
    """Asset keys of the dbt sources with no landed Parquet under the landing zone yet."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    missing = []
    for node in manifest["sources"].values():
        source, table = node["source_name"], node["name"]
        if source == "landing":
            pattern = (settings.landing_dir(), "*/*/*/quarantine.parquet")
        else:
            pattern = (settings.landing_dir() / source / table, "*/data.parquet")
        if not any(pattern[0].glob(pattern[1])):
            missing.append(WarehouseTranslator().get_asset_key(node))
    return missing


def buildable(keys: list[dg.AssetKey], graph: object) -> list[dg.AssetKey]:
    """``keys`` less everything downstream of a source that has not landed.

    A source that is down, or not set up yet, leaves only its own models unbuilt; the rest
    of the warehouse still builds and publishes.
    """
    missing = unlanded_sources()
    if not missing:
        return keys
    # Models tagged unions_built_inputs (the indicator, completeness and outlier unions)
    # union only the inputs that were built, so blocking stops before them.
    unions = {
        k for k in warehouse_dbt_assets.keys if "unions_built_inputs" in (graph.get(k).tags or {})
    }
    blocked: set[dg.AssetKey] = set()
    frontier = set(missing)
    while frontier:
        key = frontier.pop()
        for child in graph.get(key).child_keys:
            if child not in blocked and child not in unions:
                blocked.add(child)
                frontier.add(child)
    # Only dbt models wait; publishing goes ahead with what was built.
    blocked &= set(warehouse_dbt_assets.keys)
    return [k for k in keys if k not in blocked]


resources = {"dbt": dbt_resource()}
