"""Rebuild what changed and publish, whenever any source lands new data.

The cursor is the newest landing manifest already built from. When manifests newer than
that appear (from a schedule, a sensor, the CLI or the UI), one run rebuilds the dbt models
downstream of the sources that changed and publishes a new snapshot.
"""

from typing import Any

import dagster as dg

from orchestration.defs.transform.assets import buildable
from orchestration.defs.transform.publish import serving_snapshot, warehouse_job
from orchestration.lib import settings


def changed_sources(since: float) -> tuple[set[str], float]:
    newest, changed = since, set()
    for manifest in settings.landing_dir().glob("*/*/*/_manifest.json"):
        mtime = manifest.stat().st_mtime
        if mtime > since:
            changed.add(manifest.parents[2].name)
            newest = max(newest, mtime)
    return changed, newest


def rebuild_selection(changed: set[str], graph: Any) -> list[dg.AssetKey]:
    """The warehouse models downstream of the ``changed`` sources, then the publish step.

    Shared by the sensor and ``orchestration.cli build --sources``, so a rebuild by hand
    selects exactly what the sensor would.
    """
    landing_keys = {
        key for key in graph.get_all_asset_keys() if key.path and key.path[0] in changed
    }
    downstream = dg.AssetSelection.assets(*landing_keys).downstream().resolve(graph)
    job_keys = warehouse_job.resolve(asset_graph=graph).asset_layer.selected_asset_keys
    models = sorted(k for k in downstream if k in job_keys and k != serving_snapshot.key)
    return [*buildable(models, graph), serving_snapshot.key]


@dg.sensor(
    job=warehouse_job,
    minimum_interval_seconds=120,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Rebuilds the models downstream of newly landed data, then publishes.",
)
def rebuild_on_new_landings(context: dg.SensorEvaluationContext):
    since = float(context.cursor or 0)
    changed, newest = changed_sources(since)
    if not changed:
        return dg.SkipReason("no new landed data")
    selection = rebuild_selection(changed, context.repository_def.asset_graph)
    context.update_cursor(str(newest))
    return dg.RunRequest(
        run_key=f"rebuild-{newest}",
        asset_selection=selection,
        tags={"bgw/changed_sources": ",".join(sorted(changed))},
    )
