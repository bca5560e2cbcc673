"""Load a month when its mutation register export appears in the inbox or is replaced."""

import json

import dagster as dg

from orchestration.defs.lrmis import extract
from orchestration.defs.lrmis.assets import lrmis_job
from orchestration.defs.lrmis.partitions import EXPORT_NAME, lrmis_monthly


@dg.sensor(
    job=lrmis_job, minimum_interval_seconds=60 * 60, default_status=dg.DefaultSensorStatus.STOPPED
)
def lrmis_new_export(context: dg.SensorEvaluationContext):
    seen: dict[str, float] = json.loads(context.cursor) if context.cursor else {}
    inbox = extract.inbox_dir()
    months = set(lrmis_monthly.get_partition_keys())
    current: dict[str, float] = {}
    requests = []
    for path in sorted(inbox.glob("mutation_register_*.csv")) if inbox.is_dir() else []:
        match = EXPORT_NAME.match(path.name)
        key = f"{match['year']}-{match['month']}-01" if match else None
        if key not in months:
            context.log.warning(f"lrmis inbox: {path.name} is not an export of a loadable month")
            continue
        current[path.name] = path.stat().st_mtime
        if seen.get(path.name) != current[path.name]:
            requests.append(
                dg.RunRequest(run_key=f"lrmis-{key}-{current[path.name]}", partition_key=key)
            )
    if not requests:
        return dg.SkipReason(f"no new or replaced mutation register export in {inbox}")
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(current, sort_keys=True))
