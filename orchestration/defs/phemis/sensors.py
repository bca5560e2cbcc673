"""Load a survey round when its workbook appears in the inbox or is replaced."""

import json

import dagster as dg

from orchestration.defs.phemis import extract
from orchestration.defs.phemis.assets import phemis_job
from orchestration.defs.phemis.partitions import SURVEY_ROUNDS
from orchestration.lib.workbook import WORKBOOK_SUFFIXES


@dg.sensor(
    job=phemis_job,
    minimum_interval_seconds=10 * 60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def phemis_new_workbook(context: dg.SensorEvaluationContext):
    seen: dict[str, float] = json.loads(context.cursor) if context.cursor else {}
    inbox = extract.inbox_dir()
    current: dict[str, float] = {}
    strays = []
    for path in sorted(inbox.iterdir()) if inbox.is_dir() else []:
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or path.name.startswith("~$"):
            continue
        rounds = extract.rounds_in(path.stem) & set(SURVEY_ROUNDS)
        if not rounds:
            strays.append(path.name)
        for round_ in rounds:
            current[round_] = max(current.get(round_, 0.0), path.stat().st_mtime)
    if strays:
        context.log.warning(
            f"phemis inbox {inbox} holds workbooks with no declared survey round in their "
            f"name: {strays}; rename them and declare the round in "
            "orchestration/defs/phemis/partitions.py"
        )
    changed = [r for r, mtime in sorted(current.items()) if seen.get(r) != mtime]
    if not changed:
        return dg.SkipReason(f"no new or replaced survey workbook in {inbox}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=f"phemis-{r}-{current[r]}", partition_key=r) for r in changed
        ],
        cursor=json.dumps(current, sort_keys=True),
    )
