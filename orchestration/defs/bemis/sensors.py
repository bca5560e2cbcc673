"""Load a census year when its workbook appears in the inbox or is replaced by a new one."""

import json

import dagster as dg

from orchestration.defs.bemis import extract
from orchestration.defs.bemis.assets import bemis_job
from orchestration.defs.bemis.partitions import CENSUS_YEARS
from orchestration.lib.workbook import WORKBOOK_SUFFIXES


@dg.sensor(
    job=bemis_job, minimum_interval_seconds=10 * 60, default_status=dg.DefaultSensorStatus.STOPPED
)
def bemis_new_workbook(context: dg.SensorEvaluationContext):
    seen: dict[str, float] = json.loads(context.cursor) if context.cursor else {}
    inbox = extract.inbox_dir()
    current: dict[str, float] = {}
    strays = []
    files = sorted(inbox.iterdir()) if inbox.is_dir() else []
    for path in files:
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or path.name.startswith("~$"):
            continue
        years = extract.years_in(path.stem) & set(CENSUS_YEARS)
        if not years:
            strays.append(path.name)
        for year in years:
            current[year] = max(current.get(year, 0.0), path.stat().st_mtime)
    if strays:
        context.log.warning(
            f"bemis inbox {inbox} holds workbooks with no declared census year in their "
            f"name: {strays}; rename them (e.g. 'ASC 2026-27.xlsx') and declare the year in "
            "orchestration/defs/bemis/partitions.py"
        )
    changed = [year for year, mtime in sorted(current.items()) if seen.get(year) != mtime]
    if not changed:
        return dg.SkipReason(f"no new or replaced census workbook in {inbox}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=f"bemis-{year}-{current[year]}", partition_key=year)
            for year in changed
        ],
        cursor=json.dumps(current, sort_keys=True),
    )
