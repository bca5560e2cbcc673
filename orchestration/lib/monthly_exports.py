"""A source that sends one export a month into its inbox, named ``<prefix>YYYY-MM.csv``.

The export's month is its partition (``2026-10-01`` ← ``<prefix>2026-10.csv``). Finding a
month's file, the newest month that has arrived and the files that are new or replaced since
the sensor last looked are the same for every such source; what differs is the name and
what a person calls one export (for messages).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import dagster as dg

from orchestration.lib import settings


@dataclass(frozen=True)
class MonthlyExports:
    source: str
    prefix: str  # file names are <prefix>YYYY-MM.csv
    what: str  # one export as a person calls it, e.g. "registry export"
    error: type[Exception]  # raised when a month's export cannot be found

    def inbox(self) -> Path:
        default = settings.simulated_sources_dir() / self.source / "inbox"
        return Path(settings.source_setting(self.source, "inbox", str(default)))

    def partition_key(self, name: str) -> str | None:
        """The month a file name is the export of (``None`` when it is not an export)."""
        match = re.fullmatch(rf"{re.escape(self.prefix)}(\d{{4}})-(\d{{2}})\.csv", name)
        return f"{match[1]}-{match[2]}-01" if match else None

    def files(self) -> list[Path]:
        inbox = self.inbox()
        return sorted(inbox.glob(f"{self.prefix}*.csv")) if inbox.is_dir() else []

    def path(self, partition_key: str) -> Path:
        """The export for a ``YYYY-MM-01`` partition; a clear error when it has not arrived."""
        try:
            month = datetime.strptime(partition_key, "%Y-%m-%d")
        except ValueError as exc:
            raise self.error(
                f"{self.source}: partition {partition_key!r} is not a month key (YYYY-MM-01)"
            ) from exc
        inbox = self.inbox()
        path = inbox / f"{self.prefix}{month:%Y-%m}.csv"
        if not path.is_file():
            present = [p.name for p in self.files()]
            latest = f"latest present: {present[-1]}" if present else "the inbox holds no export"
            raise self.error(
                f"{self.source}: no {self.what} for {month:%Y-%m} in {inbox} (expected "
                f"{path.name}; {latest})"
            )
        return path

    def latest_partition(self) -> str | None:
        """The month of the newest export in the inbox: a month after it has not arrived yet
        (loading it is an error naming the file expected), which a full load can stop short
        of."""
        inbox = self.inbox()
        names = [p.name for p in inbox.iterdir()] if inbox.is_dir() else []
        return max(filter(None, map(self.partition_key, names)), default=None)

    def sensor_result(
        self, context: dg.SensorEvaluationContext, loadable: set[str]
    ) -> dg.SensorResult | dg.SkipReason:
        """A run for each loadable month whose export is new or replaced since the cursor
        (file name -> modification time) was written."""
        seen: dict[str, float] = json.loads(context.cursor) if context.cursor else {}
        current: dict[str, float] = {}
        requests = []
        for path in self.files():
            key = self.partition_key(path.name)
            if key not in loadable:
                context.log.warning(
                    f"{self.source} inbox: {path.name} is not an export of a loadable month"
                )
                continue
            current[path.name] = path.stat().st_mtime
            if seen.get(path.name) != current[path.name]:
                run_key = f"{self.source}-{key}-{current[path.name]}"
                requests.append(dg.RunRequest(run_key=run_key, partition_key=key))
        if not requests:
            return dg.SkipReason(f"no new or replaced {self.what} in {self.inbox()}")
        return dg.SensorResult(run_requests=requests, cursor=json.dumps(current, sort_keys=True))
