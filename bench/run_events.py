"""What a Dagster run's event log says about where its time went.

Landing and its Great Expectations suites run in the same step (the suites are blocking
asset checks of the landing asset, evaluated after every partition has landed), so the
checks' share is read from the event log: from the step's last materialization to its last
check evaluation. Step windows give the dbt build and the publish apart in a build run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import dagster as dg

_MATERIALIZED = dg.DagsterEventType.ASSET_MATERIALIZATION.value
_CHECKED = dg.DagsterEventType.ASSET_CHECK_EVALUATION.value
_STEP_START = dg.DagsterEventType.STEP_START.value
_STEP_ENDS = {
    dg.DagsterEventType.STEP_SUCCESS.value,
    dg.DagsterEventType.STEP_FAILURE.value,
}


@dataclass
class StepTimes:
    start: float | None = None
    end: float | None = None
    last_materialized: float | None = None
    last_checked: float | None = None

    @property
    def seconds(self) -> float:
        return (self.end - self.start) if self.start and self.end else 0.0

    @property
    def check_window(self) -> tuple[float, float] | None:
        if self.last_materialized is None or self.last_checked is None:
            return None
        return (self.last_materialized, self.last_checked)


@dataclass
class RunTimes:
    run_id: str
    steps: dict[str, StepTimes] = field(default_factory=dict)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0

    @property
    def check_windows(self) -> list[tuple[float, float]]:
        return [w for s in self.steps.values() if (w := s.check_window)]

    @property
    def check_seconds(self) -> float:
        return sum(end - start for start, end in self.check_windows)


def _int(metadata: dict, key: str) -> int:
    value = metadata.get(key)
    return int(getattr(value, "value", value) or 0)


def run_times(instance: dg.DagsterInstance, run_id: str) -> RunTimes:
    times = RunTimes(run_id)
    counted: dict[dg.AssetKey, tuple[int, int, int]] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or entry.step_key is None:
            continue
        step = times.steps.setdefault(entry.step_key, StepTimes())
        kind = event.event_type_value
        if kind == _STEP_START:
            step.start = entry.timestamp
        elif kind in _STEP_ENDS:
            step.end = entry.timestamp
        elif kind == _MATERIALIZED:
            step.last_materialized = entry.timestamp
            materialization = event.step_materialization_data.materialization
            # A ranged run records one event per partition, each carrying the run's totals
            # for the asset: count each asset once.
            metadata = materialization.metadata
            counted[materialization.asset_key] = (
                _int(metadata, "rows_read"),
                _int(metadata, "rows_loaded"),
                _int(metadata, "rows_quarantined"),
            )
        elif kind == _CHECKED:
            step.last_checked = entry.timestamp
    times.rows_read = sum(c[0] for c in counted.values())
    times.rows_loaded = sum(c[1] for c in counted.values())
    times.rows_quarantined = sum(c[2] for c in counted.values())
    return times


def latest_run_id(instance: dg.DagsterInstance, job_name: str) -> str | None:
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=job_name), limit=1)
    return runs[0].run_id if runs else None
