"""The pipeline's stages as the benchmark runs them: through Dagster, as the CLI does.

    python -m bench.stages land --years 10 --hold-back --out land.json
    python -m bench.stages land --new-month --out land.json
    python -m bench.stages build --out build.json
    python -m bench.stages build --sources hmis,hrmis --out build.json
    python -m bench.stages copy-history --from-landing OTHER/landing --years 2 --hold-back ...

Each invocation is one process tree (the parent measures its wall time and the RSS of the
tree). Landing calls ``orchestration.cli.load`` per source in two worker processes, and the
build calls ``orchestration.cli.build``: exactly what ``python -m orchestration.cli all``
does, so a run shows in the Dagster UI like any other. What the process learns (each
source's run, its rows, the window its suites ran in, the dbt and publish steps) is written
as JSON for the parent.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

import dagster as dg

from bench import history
from bench.run_events import latest_run_id, run_times


def _available_keys(source: str, job: dg.JobDefinition, instance: dg.DagsterInstance) -> list[str]:
    """The partition keys a default load would take (file-fed rooms stop at their inbox)."""
    from orchestration import cli

    return cli.available_keys(source, cli.partition_keys(job, instance))


def _plans(args: argparse.Namespace, jobs: dict, instance: dg.DagsterInstance) -> list:
    keys = {s: (job.partitions_def, _available_keys(s, job, instance)) for s, job in jobs.items()}
    newest = history.newest_month(keys)
    plans = []
    for source, (pdef, source_keys) in sorted(keys.items()):
        if args.only and source not in args.only:
            continue
        if args.new_month:
            plan = history.plan_new_month(source, pdef, source_keys)
        else:
            # --years 0: everything the source has (the simulators hold up to 10 years).
            cutoff = history.years_before(newest, args.years) if args.years > 0 else date.min
            plan = history.plan_history(
                source, pdef, source_keys, cutoff, hold_back_new_month=args.hold_back
            )
        if plan is not None and not plan.empty:
            plans.append(plan)
    return plans


def land(args: argparse.Namespace) -> dict:
    """Each source's plan loaded as ``orchestration.cli all`` loads: ``--jobs`` worker
    processes at once, the longest source first."""
    from orchestration import cli
    from orchestration.concurrent_loads import LoadPlan, load_concurrently
    from orchestration.definitions import defs

    jobs = cli.source_jobs(defs)
    out: dict = {"sources": {}, "jobs": args.jobs}
    with dg.DagsterInstance.get() as instance:
        by_source = {p.source: p for p in _plans(args, jobs, instance)}
        partitions = {s: len(p.keys) or 1 for s, p in by_source.items()}
        plans = [by_source[s] for s in cli.longest_first(list(by_source), instance, partitions)]
    outcomes = load_concurrently(
        [LoadPlan(p.source, p.start, p.end) for p in plans], jobs=args.jobs
    )
    with dg.DagsterInstance.get() as instance:
        for plan in plans:
            done = outcomes[plan.source]
            run_id = latest_run_id(instance, f"{plan.source}_load")
            times = run_times(instance, run_id) if run_id else None
            out["sources"][plan.source] = {
                "ok": done.ok,
                "start": done.started,
                "end": done.ended,
                # The worker's CPU during this load: the connector, landing and suites
                # (SQLite sources are read in-process too; the simulated web APIs are other
                # processes).
                "cpu_seconds": round(done.cpu_seconds, 2),
                "partitions": len(plan.keys) or 1,
                "first": plan.start,
                "last": plan.end,
                "run_id": run_id,
                "rows_read": times.rows_read if times else 0,
                "rows_loaded": times.rows_loaded if times else 0,
                "rows_quarantined": times.rows_quarantined if times else 0,
                "check_windows": times.check_windows if times else [],
            }
    return out


def copy_history(args: argparse.Namespace) -> dict:
    """Give this warehouse the window of another one's landing zone, folder for folder.

    Landing a shorter history again from the sources would spend the time of a second full
    load to produce files identical to the ones already landed; the landing zone is plain
    immutable folders, so copying the window's partitions is the same starting point.
    """
    from orchestration import cli
    from orchestration.definitions import defs
    from orchestration.lib import settings

    target = settings.landing_dir()
    copied: dict[str, int] = {}
    with dg.DagsterInstance.get() as instance:
        for plan in _plans(args, cli.source_jobs(defs), instance):
            source_dir = args.from_landing / plan.source
            wanted = {f"partition={k}" for k in plan.keys}
            periods = {f"partition={k}" for k in plan.periods}
            for folder in sorted(source_dir.glob("*/partition=*")):
                if plan.start is None or folder.name in wanted or folder.name not in periods:
                    shutil.copytree(folder, target / folder.relative_to(args.from_landing))
                    copied[plan.source] = copied.get(plan.source, 0) + 1
    return {"ok": True, "copied_partitions": copied}


def build(args: argparse.Namespace) -> dict:
    from orchestration import cli

    with dg.DagsterInstance.get() as instance:
        started = time.time()
        ok = cli.build(instance, args.sources)
        ended = time.time()
        run_id = latest_run_id(instance, "warehouse_build_and_publish")
        times = run_times(instance, run_id) if run_id else None
        run = instance.get_run_by_id(run_id) if run_id else None
    steps = {k: asdict(v) for k, v in times.steps.items()} if times else {}
    return {
        "ok": ok,
        "start": started,
        "end": ended,
        "run_id": run_id,
        "steps": steps,
        "selected_assets": len(run.asset_selection or ()) if run else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_land = sub.add_parser("land")
    p_land.add_argument("--new-month", action="store_true", help="land only the newest month")
    p_land.add_argument(
        "--jobs", type=int, default=2, help="sources loading at once (as `cli all --jobs`)"
    )
    p_copy = sub.add_parser("copy-history")
    p_copy.add_argument("--from-landing", type=Path, required=True)
    p_build = sub.add_parser("build")
    p_build.add_argument(
        "--sources",
        type=lambda s: set(s.split(",")),
        default=set(),
        help="only the models downstream of these sources (the rebuild sensor's selection)",
    )
    for p in (p_land, p_copy):
        p.add_argument("--years", type=int, default=10)
        p.add_argument("--hold-back", action="store_true", help="leave the newest month out")
        p.add_argument("--only", type=lambda s: set(s.split(",")), default=set())
        p.set_defaults(new_month=False)
    for p in (p_land, p_copy, p_build):
        p.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    commands = {"land": land, "copy-history": copy_history, "build": build}
    result = commands[args.command](args)
    args.out.write_text(json.dumps(result, indent=2))
    ok = result.get("ok", True) and all(s["ok"] for s in result.get("sources", {}).values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
