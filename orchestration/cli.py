"""Command line for the loads a data engineer runs most: ``python -m orchestration.cli``.

Every command runs through Dagster against the instance in ``$DAGSTER_HOME``, so runs,
check results and lineage show in the Dagster UI exactly as scheduled runs do.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

import dagster as dg

PARTITION_RANGE_START = "dagster/asset_partition_range_start"
PARTITION_RANGE_END = "dagster/asset_partition_range_end"
# Step-level DEBUG events are in the Dagster UI; the terminal gets the INFO story.
RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def _defs() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs


def source_jobs(defs: dg.Definitions) -> dict[str, dg.JobDefinition]:
    """Each source's load job, named ``<source>_load``."""
    jobs = {}
    for job in defs.resolve_all_job_defs():
        if job.name.endswith("_load"):
            jobs[job.name.removesuffix("_load")] = job
    return jobs


def _latest_available(source: str) -> str | None:
    """A file-fed room's newest partition with a file in its inbox, when the room says.

    Partitions follow the calendar; a month whose export has not arrived yet is not part of
    a default "load everything" (asking for it explicitly still names the missing file).
    """
    try:
        module = importlib.import_module(f"orchestration.defs.{source}.partitions")
    except ModuleNotFoundError:
        return None
    latest = getattr(module, "latest_available_partition", None)
    return latest() if latest else None


def partition_keys(job: dg.JobDefinition, instance: dg.DagsterInstance) -> list[str]:
    """Every partition key of a source's job; none for a job that is not partitioned."""
    if job.partitions_def is None:
        return []
    return job.partitions_def.get_partition_keys(dynamic_partitions_store=instance)


def available_keys(source: str, keys: list[str]) -> list[str]:
    """``keys`` less a file-fed room's partitions whose file has not arrived yet."""
    available = _latest_available(source)
    return [k for k in keys if k <= available] if available is not None else keys


def load(source: str, start: str | None, end: str | None, instance: dg.DagsterInstance) -> bool:
    defs = _defs()
    job = source_jobs(defs).get(source)
    if job is None:
        raise SystemExit(f"unknown source {source!r}; known: {sorted(source_jobs(defs))}")
    tags = {}
    if job.partitions_def is not None:
        keys = partition_keys(job, instance)
        if not keys:
            print(f"{source}: no partitions yet")
            return True
        last = end or (available_keys(source, keys) or keys)[-1]
        tags = {PARTITION_RANGE_START: start or keys[0], PARTITION_RANGE_END: last}
    result = job.execute_in_process(
        run_config=RUN_CONFIG, instance=instance, tags=tags, raise_on_error=False
    )
    _report(
        f"{source} {tags.get(PARTITION_RANGE_START, '')}..{tags.get(PARTITION_RANGE_END, '')}",
        result,
    )
    return result.success


def build(instance: dg.DagsterInstance, sources: set[str] | None = None) -> bool:
    """dbt build and publish: every model, or (``sources``) only those downstream of them.

    The second is what the rebuild sensor runs after a load, for a data engineer who has
    landed one source by hand and does not want to wait for the whole warehouse.
    """
    from orchestration.defs.transform.assets import buildable
    from orchestration.defs.transform.sensors import rebuild_selection

    defs = _defs()
    job = defs.resolve_job_def("warehouse_build_and_publish")
    graph = defs.resolve_asset_graph()
    if sources:
        unknown = sorted(sources - set(source_jobs(defs)))
        if unknown:
            raise SystemExit(f"unknown sources {unknown}; known: {sorted(source_jobs(defs))}")
        selection = rebuild_selection(sources, graph)
        what = f"rebuild downstream of {','.join(sorted(sources))} and publish"
    else:
        selection = buildable(sorted(job.asset_layer.selected_asset_keys), graph)
        skipped = len(job.asset_layer.selected_asset_keys) - len(selection)
        if skipped:
            print(f"{skipped} warehouse assets wait for sources that have not landed yet")
        what = "warehouse build and publish"
    result = job.execute_in_process(
        run_config=RUN_CONFIG,
        instance=instance,
        asset_selection=selection,
        raise_on_error=False,
    )
    _report(what, result)
    return result.success


def load_all(sources: list[str], instance: dg.DagsterInstance, *, jobs: int) -> bool:
    """Load every partition of each source; a source that fails does not stop the others.

    With ``jobs`` above 1, that many worker processes load at once, the longest source
    first (``longest_first``) so that the slowest does not finish alone.
    """
    if jobs <= 1:
        return all([load(source, None, None, instance) for source in sources])
    from orchestration.concurrent_loads import LoadPlan, load_concurrently

    jobs_by_source = source_jobs(_defs())
    partitions = {s: len(partition_keys(jobs_by_source[s], instance)) or 1 for s in sources}
    ordered = longest_first(sources, instance, partitions)
    outcomes = load_concurrently([LoadPlan(s) for s in ordered], jobs=jobs)
    return all(o.ok for o in outcomes.values())


def longest_first(
    sources: list[str], instance: dg.DagsterInstance, partitions: dict[str, int]
) -> list[str]:
    """``sources`` by how long their last run took, longest first; sources never run yet
    (a first load, the biggest) go by how many partitions they have to load."""
    return sorted(
        sources, key=lambda s: (-last_run_seconds(instance, f"{s}_load"), -partitions[s], s)
    )


def last_run_seconds(instance: dg.DagsterInstance, job_name: str) -> float:
    """How long the job's last successful run took; 0 when it has none."""
    records = instance.get_run_records(
        dg.RunsFilter(job_name=job_name, statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1
    )
    if not records or records[0].start_time is None or records[0].end_time is None:
        return 0.0
    return records[0].end_time - records[0].start_time


def _report(what: str, result: dg.ExecuteInProcessResult) -> None:
    status = "ok" if result.success else "FAILED"
    print(f"[{status}] {what} (run {result.run_id})", flush=True)
    if not result.success:
        for event in result.all_events:
            if event.is_failure and event.event_specific_data is not None:
                error = getattr(event.event_specific_data, "error", None)
                if error is not None:
                    print(f"  {event.step_key}: {error.message.strip()}", file=sys.stderr)


def _source_list(text: str) -> set[str]:
    return {s.strip() for s in text.split(",") if s.strip()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_load = sub.add_parser("load", help="load one source, all or a range of its partitions")
    p_load.add_argument("source")
    p_load.add_argument("--partition", help="one partition key, e.g. 2024-05-01")
    p_load.add_argument("--from", dest="start", help="first partition key of a backfill range")
    p_load.add_argument("--to", dest="end", help="last partition key of a backfill range")
    p_build = sub.add_parser("build", help="dbt build every model and publish a serving snapshot")
    p_build.add_argument(
        "--sources",
        type=_source_list,
        default=set(),
        help="comma list: rebuild only the models downstream of these sources, as the "
        "rebuild sensor does",
    )
    p_all = sub.add_parser("all", help="load every source in full, then build and publish")
    p_all.add_argument("--skip", default="", help="comma list of sources not to load")
    p_all.add_argument(
        "--jobs",
        type=int,
        default=int(os.environ.get("BGW_LOAD_JOBS", "2")),
        help="sources loading at once, in as many worker processes (default 2, as the "
        "daemon's run queue; BGW_LOAD_JOBS)",
    )
    sub.add_parser("sources", help="list the sources")
    args = parser.parse_args(argv)

    if args.command == "sources":
        print("\n".join(sorted(source_jobs(_defs()))))
        return 0
    with dg.DagsterInstance.get() as instance:
        if args.command == "load":
            start = args.partition or args.start
            end = args.partition or args.end
            return 0 if load(args.source, start, end, instance) else 1
        if args.command == "build":
            return 0 if build(instance, args.sources) else 1
        sources = [s for s in sorted(source_jobs(_defs())) if s not in _source_list(args.skip)]
        ok = load_all(sources, instance, jobs=args.jobs)
        return 0 if build(instance) and ok else 1


if __name__ == "__main__":
    sys.exit(main())
