"""Load several sources at once: ``jobs`` worker processes, each running loads one by one.

Loading every source one after another leaves a core idle whenever a source waits: on a
web API's rate limit, or on the other machine answering. Each worker is its own process, so
two loads never share an interpreter lock; each pays for importing the code location once,
not once per source. Each load is a Dagster run like any other (``cli.load``).
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadPlan:
    source: str
    start: str | None = None  # first partition key; None: every partition
    end: str | None = None


@dataclass(frozen=True)
class LoadOutcome:
    source: str
    ok: bool
    started: float
    ended: float
    cpu_seconds: float  # the worker's CPU time during this load
    error: str | None = None


def load_concurrently(plans: Sequence[LoadPlan], *, jobs: int) -> dict[str, LoadOutcome]:
    """Run each plan's load; loads start in the order given, ``jobs`` at a time.

    A load that fails, or a worker that dies, fails that source only; the others go on.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    import dagster as dg

    # A new instance's SQLite storage is created when the instance is first opened; two
    # workers opening it at once can both stamp its schema. Open it here first.
    with dg.DagsterInstance.get():
        pass
    # spawn, not fork: the parent holds the Dagster instance's SQLite connections open.
    context = multiprocessing.get_context("spawn")
    outcomes: dict[str, LoadOutcome] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {plan.source: pool.submit(_load, plan) for plan in plans}
        for source, future in futures.items():
            try:
                outcomes[source] = future.result()
            except Exception as exc:  # the worker died (killed, out of memory)
                now = time.time()
                outcomes[source] = LoadOutcome(source, False, now, now, 0.0, repr(exc))
    return outcomes


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load(plan: LoadPlan) -> LoadOutcome:
    import dagster as dg

    from orchestration import cli

    started, cpu = time.time(), _cpu()
    error = None
    try:
        with dg.DagsterInstance.get() as instance:
            ok = cli.load(plan.source, plan.start, plan.end, instance)
    except (Exception, SystemExit) as exc:  # reported with the source; the others go on
        ok, error = False, f"{type(exc).__name__}: {exc}"
        print(f"[FAILED] {plan.source}: {error}", flush=True)
    return LoadOutcome(plan.source, ok, started, time.time(), _cpu() - cpu, error)
