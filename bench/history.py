"""How much history a benchmark run lands, and which month is "the new one".

The simulators always produce every period up to their ``as_of``; the history a warehouse
holds is chosen where a data engineer chooses it, at load time, by the partition range
(``orchestration.cli load <source> --from ... --to ...``). A window of N years keeps the
partitions whose period reaches past the newest month less N years. Keys that name a year
("2016-17", "2019", "2009-wave1") cover that calendar year.
A source with nothing inside the window (the one-off survey's two waves) is not a periodic
feed with a history to cut, and keeps what it has.

"One new month" is the newest partition of each monthly source: the full-history run lands
everything before it, builds, then lands just that month and builds again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import dagster as dg

_LEADING_YEAR = re.compile(r"^(\d{4})")
# A monthly partition's window is 28 to 31 days; a quarter's or a year's is longer.
_MONTH_DAYS = range(28, 32)


@dataclass(frozen=True)
class LoadPlan:
    """What to land for one source: a contiguous range of its partition keys, or all."""

    source: str
    start: str | None
    end: str | None
    keys: tuple[str, ...]
    # Every period key the source has; landed folders named otherwise ("all_waves") are
    # summaries of the whole source, not part of its history.
    periods: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.keys and self.start is not None


def key_start(partitions_def: dg.PartitionsDefinition | None, key: str) -> date | None:
    """When a partition's period begins, or None when its key says nothing about time."""
    if isinstance(partitions_def, dg.TimeWindowPartitionsDefinition):
        return partitions_def.time_window_for_partition_key(key).start.date()
    match = _LEADING_YEAR.match(key)
    return date(int(match[1]), 1, 1) if match else None


def key_end(partitions_def: dg.PartitionsDefinition | None, key: str) -> date | None:
    """The day after a partition's period ends, or None when its key says nothing about time."""
    if isinstance(partitions_def, dg.TimeWindowPartitionsDefinition):
        return partitions_def.time_window_for_partition_key(key).end.date()
    start = key_start(partitions_def, key)
    return start.replace(year=start.year + 1) if start else None


def is_monthly(partitions_def: dg.PartitionsDefinition | None, keys: list[str]) -> bool:
    if not isinstance(partitions_def, dg.TimeWindowPartitionsDefinition) or not keys:
        return False
    window = partitions_def.time_window_for_partition_key(keys[-1])
    return (window.end - window.start).days in _MONTH_DAYS


def years_before(month: date, years: int) -> date:
    return month.replace(year=month.year - years)


def window(
    partitions_def: dg.PartitionsDefinition | None, keys: list[str], cutoff: date
) -> list[str]:
    """The keys (in order) whose period reaches past ``cutoff``; all when none does."""
    kept = [k for k in keys if (key_end(partitions_def, k) or cutoff) > cutoff]
    return kept or list(keys)


def newest_month(plans_keys: dict[str, tuple[dg.PartitionsDefinition | None, list[str]]]) -> date:
    """The latest month any monthly source has: the reference point of every window."""
    months = [
        key_start(pdef, keys[-1]) for pdef, keys in plans_keys.values() if is_monthly(pdef, keys)
    ]
    if not months:
        return datetime.now().date().replace(day=1)
    return max(m for m in months if m is not None)


def plan_history(
    source: str,
    partitions_def: dg.PartitionsDefinition | None,
    keys: list[str],
    cutoff: date,
    *,
    hold_back_new_month: bool,
) -> LoadPlan:
    """The history part of a source: its window, less its newest month when monthly."""
    if partitions_def is None:
        return LoadPlan(source, None, None, ())
    kept = window(partitions_def, keys, cutoff)
    if hold_back_new_month and is_monthly(partitions_def, keys):
        kept = kept[:-1]
    return LoadPlan(
        source, kept[0] if kept else "", kept[-1] if kept else "", tuple(kept), tuple(keys)
    )


def plan_new_month(
    source: str, partitions_def: dg.PartitionsDefinition | None, keys: list[str]
) -> LoadPlan | None:
    """The newest month of a monthly source; None for sources that are not monthly."""
    if not is_monthly(partitions_def, keys):
        return None
    return LoadPlan(source, keys[-1], keys[-1], (keys[-1],))
