import dagster as dg
import polars as pl

from orchestration.definitions import defs
from orchestration.defs.transform.sensors import rebuild_on_new_landings
from orchestration.lib import landing


def _land_cqmis():
    for entity in ("complaints", "status_history"):
        landing.write_partition(
            source="cqmis",
            entity=entity,
            partition_key="2024-01-01",
            origin="test",
            rows_read=1,
            loaded=pl.DataFrame({"x": [1]}),
            quarantined=landing.empty_quarantine(),
        )


def _evaluate(cursor=None):
    context = dg.build_sensor_context(
        cursor=cursor,
        repository_def=defs.get_repository_def(),
        instance=dg.DagsterInstance.ephemeral(),
    )
    return rebuild_on_new_landings(context), context.cursor


def test_nothing_landed_means_no_rebuild(warehouse):
    result, _ = _evaluate()
    assert isinstance(result, dg.SkipReason)


def test_new_landed_data_rebuilds_its_models_and_publishes(warehouse):
    _land_cqmis()
    request, cursor = _evaluate()
    keys = set(request.asset_selection)
    assert dg.AssetKey("rpt_complaints__monthly") in keys
    assert dg.AssetKey("serving_snapshot") in keys
    # Models of sources that did not change are not rebuilt.
    assert not any(k.path[-1].startswith("rpt_survey") for k in keys)
    again, _ = _evaluate(cursor)
    assert isinstance(again, dg.SkipReason)
