"""Re-extract the months the HR MIS changed since the last look, deletions included.

The cursor keeps the ``updated_at`` watermark and a fingerprint (count and sum) of each
keyed table's ids. Changed rows bring back every month from the one the change took effect
in; a changed fingerprint with nothing else to explain it means rows were deleted, which
brings back the latest month, where the deletion is recorded. A completed month that has
not been landed yet is requested too.
"""

import json
from datetime import datetime

import dagster as dg

from orchestration.defs.hrmis import extract
from orchestration.defs.hrmis.assets import hrmis_job
from orchestration.defs.hrmis.partitions import hrmis_monthly
from orchestration.lib import landing


def months_to_extract(
    keys: list[str], first_changed: str | None, deletions_suspected: bool
) -> list[str]:
    wanted = {k for k in keys if first_changed is not None and k >= first_changed}
    wanted |= {k for k in keys if landing.read_manifest(extract.SOURCE, "employees", k) is None}
    if deletions_suspected and keys:
        wanted.add(keys[-1])
    return sorted(wanted)


@dg.sensor(
    job=hrmis_job,
    minimum_interval_seconds=6 * 60 * 60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def hrmis_changes(context: dg.SensorEvaluationContext):
    state = json.loads(context.cursor) if context.cursor else {}
    since = datetime.fromisoformat(state["watermark"]) if state.get("watermark") else None
    url = extract.database_url()
    first_changed, watermark = extract.changed_since(url, since)
    fingerprint = extract.source_fingerprint(url)
    keys = hrmis_monthly.get_partition_keys()
    suspected = bool(state) and state.get("fingerprint") != fingerprint
    months = months_to_extract(keys, first_changed, suspected)
    cursor = json.dumps(
        {"watermark": watermark.isoformat() if watermark else None, "fingerprint": fingerprint}
    )
    if not months:
        context.update_cursor(cursor)
        return dg.SkipReason(f"nothing in the HR MIS changed after {since}")
    # One run over the range: re-extracting an unchanged month in between is harmless.
    context.update_cursor(cursor)
    return dg.RunRequest(
        run_key=f"hrmis-{watermark.isoformat() if watermark else 'start'}-{fingerprint}",
        tags={
            "dagster/asset_partition_range_start": months[0],
            "dagster/asset_partition_range_end": months[-1],
        },
    )
