"""Load a wave when its Kobo export appears in the inbox or is replaced by a newer one."""

import json

import dagster as dg

from orchestration.defs.survey import extract
from orchestration.defs.survey.assets import survey_job
from orchestration.defs.survey.partitions import SURVEY_WAVES


@dg.sensor(
    job=survey_job, minimum_interval_seconds=5 * 60, default_status=dg.DefaultSensorStatus.STOPPED
)
def survey_new_export(context: dg.SensorEvaluationContext):
    seen: dict[str, float] = json.loads(context.cursor) if context.cursor else {}
    inbox = extract.inbox_dir()
    current = {}
    for wave in SURVEY_WAVES:
        for name in extract.EXPORT_NAMES:
            path = inbox / wave / name
            if path.exists():
                current[wave] = max(current.get(wave, 0.0), path.stat().st_mtime)
    unknown = (
        sorted(
            p.name
            for p in inbox.iterdir()
            if p.is_dir() and p.name not in SURVEY_WAVES and not p.name.startswith(".")
        )
        if inbox.exists()
        else []
    )
    if unknown:
        context.log.warning(
            f"survey inbox {inbox} holds folders that are not declared waves: {unknown}; "
            "add them to orchestration/defs/survey/partitions.py to load them"
        )
    changed = [w for w, mtime in current.items() if seen.get(w) != mtime]
    if not changed:
        return dg.SkipReason(f"no new or replaced export in {inbox}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=f"survey-{wave}-{current[wave]}", partition_key=wave)
            for wave in changed
        ],
        cursor=json.dumps(current, sort_keys=True),
    )
