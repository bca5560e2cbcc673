import os

import dagster as dg

from orchestration.defs.transform.assets import warehouse_dbt_assets
from orchestration.lib import publish, settings


@dg.asset(
    deps=[warehouse_dbt_assets],
    group_name="publish",
    kinds={"duckdb"},
    description="A new read-only serving snapshot for the dashboards, swapped in atomically "
    "after every dbt model and test has passed.",
)
def serving_snapshot(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    sources = (
        # Dot-folders (.work) hold loads in progress, not sources.
        sorted(
            p.name
            for p in settings.landing_dir().iterdir()
            if p.is_dir() and not p.name.startswith(".")
        )
        if settings.landing_dir().exists()
        else []
    )
    synthetic = os.environ.get("BGW_SYNTHETIC", "1") != "0"
    snap = publish.publish(synthetic=synthetic, sources=sources)
    context.log.info(f"published {snap.path}")
    return dg.MaterializeResult(
        metadata={
            "snapshot": str(snap.path),
            "published_at": snap.published_at,
            "synthetic": synthetic,
            "size_mb": round(snap.path.stat().st_size / 1e6, 2),
        }
    )


warehouse_job = dg.define_asset_job(
    "warehouse_build_and_publish",
    selection=dg.AssetSelection.assets(warehouse_dbt_assets, serving_snapshot),
)
