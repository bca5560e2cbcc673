"""``make bench``: how fast, how big, and against what.

    python -m bench [--scales 0.1 1] [--work /tmp/bench-work] [--results bench/results]
                    [--postgres-url URL | --no-peer] [--latency-repeats 20]

For each scale, in a private work folder: generate the simulated sources, land ten years
through Dagster (Great Expectations checks included), dbt build and publish; the floor
(the same SQL as one plain DuckDB script) and the peer (the same dbt project on
PostgreSQL); a 2-year history beside the 10-year one and one new month on top of each;
dashboard query latency on the serving snapshot. Results go to
``<results>/<date>.json`` and ``.md`` with the machine they ran on.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench import machine, report
from bench.pipeline import REPO_ROOT, run_scale

START_POSTGRES = REPO_ROOT / ".ci" / "start-postgres"


def postgres_url(given: str | None) -> tuple[str | None, str]:
    """The server for the peer (given, else from the environment, else the local one that
    ``.ci/start-postgres`` starts), or None and why not."""
    if given:
        return given, ""
    if os.environ.get("BGW_BENCH_POSTGRES_URL"):
        return os.environ["BGW_BENCH_POSTGRES_URL"], ""
    done = subprocess.run([str(START_POSTGRES)], capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        return None, f"PostgreSQL peer skipped: {START_POSTGRES.name} failed: {done.stderr[-300:]}"
    return done.stdout.strip().splitlines()[-1], ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scales", nargs="+", type=float, default=[0.1, 1.0])
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "bench-work",
        help="scratch folder (wiped per scale); never the repo's warehouse/",
    )
    parser.add_argument("--results", type=Path, default=REPO_ROOT / "bench" / "results")
    parser.add_argument("--postgres-url", help="SQLAlchemy URL of a PostgreSQL server")
    parser.add_argument("--no-peer", action="store_true", help="skip the PostgreSQL peer")
    parser.add_argument("--latency-repeats", type=int, default=20)
    parser.add_argument("--name", help="results file stem (default: today's date)")
    args = parser.parse_args(argv)

    started = datetime.now(UTC)
    peer_url, why_not = (
        (None, "PostgreSQL peer skipped (--no-peer).")
        if args.no_peer
        else (postgres_url(args.postgres_url))
    )
    results: dict = {
        "date": args.name or started.strftime("%Y-%m-%d"),
        "started_at": started.isoformat(timespec="seconds"),
        "command": "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "machine": machine.describe(),
        "scales": [],
        "notes": [why_not] if why_not else [],
    }
    failed = False
    for scale in sorted(args.scales):
        try:
            results["scales"].append(
                run_scale(
                    scale,
                    args.work / f"scale-{scale:g}",
                    peer_url=peer_url,
                    latency_repeats=args.latency_repeats,
                )
            )
        except Exception as exc:  # keep what the other scales measured
            failed = True
            results["notes"].append(f"scale {scale:g} failed: {exc}")
            traceback.print_exc()
        # Written after every scale: a long run that dies later keeps what it measured.
        results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        md, js = report.write(results, args.results)
    print(f"results: {md}\n         {js}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
