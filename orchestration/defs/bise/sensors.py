"""Load an exam year when one of its gazettes appears in the inbox or is replaced."""

import json

import dagster as dg

from orchestration.defs.bise import extract
from orchestration.defs.bise.assets import bise_job
from orchestration.defs.bise.partitions import bise_exam_years


@dg.sensor(
    job=bise_job, minimum_interval_seconds=60 * 60, default_status=dg.DefaultSensorStatus.STOPPED
)
def bise_new_gazette(context: dg.SensorEvaluationContext):
    seen: dict[str, float] = json.loads(context.cursor) if context.cursor else {}
    inbox = extract.inbox_dir()
    years = set(bise_exam_years.get_partition_keys())
    current: dict[str, float] = {}
    latest: dict[str, float] = {}  # exam year -> newest gazette's modification time
    ignored = []
    for path in sorted(inbox.iterdir()) if inbox.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        match = extract.GAZETTE_NAME.match(path.name)
        if match is None or match["year"] not in years:
            ignored.append(path.name)
            continue
        current[path.name] = path.stat().st_mtime
        if seen.get(path.name) != current[path.name]:
            latest[match["year"]] = max(latest.get(match["year"], 0.0), current[path.name])
    if ignored:
        context.log.warning(
            f"bise inbox {inbox} holds files that are not gazettes of a loadable exam year "
            f"(<exam>_<session>_<year>.csv, {min(years)} onwards) and are never loaded: "
            f"{ignored}"
        )
    if not latest:
        return dg.SkipReason(f"no new or replaced gazette in {inbox}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=f"bise-{year}-{mtime}", partition_key=year)
            for year, mtime in sorted(latest.items())
        ],
        cursor=json.dumps(current, sort_keys=True),
    )
