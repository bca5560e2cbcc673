from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.transform.project import dbt_project, dbt_resource
from orchestration.lib import settings


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


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=WarehouseTranslator())
def warehouse_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    settings.export_dbt_env()
    settings.build_db_path().parent.mkdir(parents=True, exist_ok=True)
    # One dbt invocation over the whole selection: dbt's start-up dominates small builds.
    yield from dbt.cli(["build"], context=context).stream()


resources = {"dbt": dbt_resource()}
