"""Wall time and peak memory of a command, children included.

A stage is run as a child process and its whole process tree (dbt, the simulated APIs a
stage starts, DuckDB threads live in the same processes) is sampled with psutil: peak RSS is
the largest sum of resident memory over the tree seen at any sample. Samples are kept with
their wall-clock time so a caller can take the peak of a window inside the stage (for
example while the Great Expectations suites run inside a landing step).
"""

from __future__ import annotations

import resource
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

# Short enough to catch a DuckDB query's peak, long enough not to load a 2-core machine.
SAMPLE_SECONDS = 0.1


@dataclass
class Measured:
    """What one measured command cost."""

    returncode: int
    wall_seconds: float
    peak_rss_bytes: int
    started_at: float  # time.time() at start, to align with Dagster's event timestamps
    samples: list[tuple[float, int]] = field(default_factory=list)  # (time.time(), bytes)
    # CPU seconds (user + system) of the whole tree: steadier than wall time on a machine
    # others share, since waiting for a core does not count.
    cpu_seconds: float = 0.0

    def peak_between(self, start: float, end: float) -> int:
        """Peak RSS among the samples taken in [start, end] (wall-clock seconds)."""
        inside = [rss for t, rss in self.samples if start <= t <= end]
        return max(inside, default=0)


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants, now."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # a child that ended between listing and reading
    return total


class TreeSampler:
    """Samples a process tree's RSS on a background thread until stopped."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        self._process = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self.samples: list[tuple[float, int]] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            rss = tree_rss(self._process)
            if rss:
                self.samples.append((time.time(), rss))
            if self._stop.wait(self._interval):
                return

    @property
    def peak(self) -> int:
        return max((rss for _, rss in self.samples), default=0)


def run_measured(
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    log: Path,
    cwd: Path | None = None,
) -> Measured:
    """Run ``command`` to completion, its output appended to ``log``, and measure it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        started_at = time.time()
        cpu_before = _children_cpu()
        started = time.perf_counter()
        child = subprocess.Popen(
            list(command), env=dict(env), cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )
        with TreeSampler(child.pid) as sampler:
            returncode = child.wait()
        wall = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    return Measured(returncode, wall, sampler.peak, started_at, sampler.samples, cpu)


def _children_cpu() -> float:
    """CPU seconds of every descendant that has ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
