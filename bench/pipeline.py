"""One scale of the benchmark, start to finish, in a private work folder.

    generate ─ land 10 years (less the newest month) ─ full build ─ floor ─ peer
             ─ copy a 2-year window into a second warehouse ─ its full build
             ─ land the newest month + incremental build, in both warehouses
             ─ dashboard query latency on the serving snapshot

Every step is a child process measured by ``bench.rss`` (wall time, peak RSS of its tree).
The landing and build steps go through Dagster exactly as ``orchestration.cli`` does.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from bench.apis import start as start_apis
from bench.rss import Measured, run_measured

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = 7
LONG_HISTORY_YEARS = 10
SHORT_HISTORY_YEARS = 2


class StageFailed(RuntimeError):
    pass


class Warehouse:
    """A private warehouse folder, its Dagster instance and the environment pointing at it."""

    def __init__(self, root: Path, base_env: dict[str, str]) -> None:
        self.root = root
        self.dagster_home = root / ".dagster_home"
        self.logs = root / "logs"
        self.env = {
            **base_env,
            "BGW_WAREHOUSE_DIR": str(root),
            "DAGSTER_HOME": str(self.dagster_home),
        }

    def create(self) -> Warehouse:
        self.dagster_home.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", self.dagster_home)
        return self

    @property
    def sources(self) -> Path:
        return self.root / "simulated_sources"

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def build_db(self) -> Path:
        return self.root / "build" / "warehouse.duckdb"

    def run(self, name: str, *args: str) -> tuple[Measured, dict]:
        """Run ``python -m <args>`` measured; returns the measurement and its JSON output."""
        out = self.logs / f"{name}.json"
        out.unlink(missing_ok=True)
        command = [sys.executable, "-m", *args]
        if "--out" not in args:
            command += ["--out", str(out)]
        measured = run_measured(command, env=self.env, log=self.logs / f"{name}.log", cwd=REPO_ROOT)
        result = json.loads(out.read_text()) if out.exists() else {}
        if measured.returncode != 0:
            raise StageFailed(
                f"{name} failed (exit {measured.returncode}); see {self.logs}/{name}.log"
            )
        return measured, result


def base_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            # Great Expectations must not try to reach its analytics endpoint.
            "GX_ANALYTICS_ENABLED": "False",
            # As `make pipeline`: one DHIS2 request per division instead of per district.
            "BGW_HMIS_CHUNK_LEVEL": env.get("BGW_HMIS_CHUNK_LEVEL", "2"),
            "PYTHONPATH": os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p),
        }
    )
    env.update(extra or {})
    return env


def stage(name: str, measured: Measured, **extra: object) -> dict:
    return {
        "stage": name,
        "seconds": round(measured.wall_seconds, 2),
        "cpu_seconds": round(measured.cpu_seconds, 1),
        "peak_rss_bytes": measured.peak_rss_bytes,
        **extra,
    }


def split_landing(measured: Measured, landed: dict) -> tuple[dict, dict, dict]:
    """The land process's time and memory, less what its Great Expectations suites took."""
    windows = [tuple(w) for s in landed["sources"].values() for w in s["check_windows"]]
    # Two sources land at once: a second when any suite ran counts once, and only then.
    check_seconds = covered_seconds(windows)
    check_peak = max((measured.peak_between(a, b) for a, b in windows), default=0)
    outside = [rss for t, rss in measured.samples if not any(a <= t <= b for a, b in windows)]
    rows = sum(s["rows_read"] for s in landed["sources"].values())
    land_seconds = measured.wall_seconds - check_seconds
    by_source = {
        name: {
            "seconds": round(s["end"] - s["start"], 2),
            "cpu_seconds": s.get("cpu_seconds"),
            "check_seconds": round(sum(b - a for a, b in s["check_windows"]), 2),
            "partitions": s["partitions"],
            "first": s["first"],
            "last": s["last"],
            "rows_read": s["rows_read"],
            "rows_loaded": s["rows_loaded"],
            "rows_quarantined": s["rows_quarantined"],
            "rows_per_second": round(s["rows_read"] / max(s["end"] - s["start"], 1e-9)),
            # The process's RSS while this source landed (memory a source before it freed
            # but the allocator kept counts too), and while its suites ran.
            "peak_rss_bytes": measured.peak_between(s["start"], s["end"]),
            "check_peak_rss_bytes": max(
                (measured.peak_between(a, b) for a, b in s["check_windows"]), default=0
            ),
        }
        for name, s in landed["sources"].items()
    }
    land = {
        "stage": "land",
        "seconds": round(land_seconds, 2),
        "peak_rss_bytes": max(outside, default=measured.peak_rss_bytes),
        "rows": rows,
        "rows_per_second": round(rows / max(land_seconds, 1e-9)),
    }
    checks = {
        "stage": "checks",
        "seconds": round(check_seconds, 2),
        "peak_rss_bytes": check_peak,
        "rows": rows,
    }
    return land, checks, by_source


def covered_seconds(windows: list[tuple[float, float]]) -> float:
    """The length of the union of the ``(start, end)`` windows."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(windows):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def split_build(measured: Measured, built: dict) -> tuple[dict, dict, dict]:
    """The build process as the dbt step, the publish step and what surrounds them."""
    steps = built.get("steps", {})

    def window(step: str) -> tuple[float, float]:
        s = steps.get(step) or {}
        return (s.get("start") or 0.0, s.get("end") or 0.0)

    dbt, publish = window("warehouse_dbt_assets"), window("serving_snapshot")
    dbt_s, publish_s = dbt[1] - dbt[0], publish[1] - publish[0]
    return (
        {
            "stage": "dbt build",
            "seconds": round(dbt_s, 2),
            "peak_rss_bytes": measured.peak_between(*dbt),
        },
        {
            "stage": "publish",
            "seconds": round(publish_s, 2),
            "peak_rss_bytes": measured.peak_between(*publish),
        },
        {
            "stage": "build start-up",
            "seconds": round(measured.wall_seconds - dbt_s - publish_s, 2),
            "peak_rss_bytes": measured.peak_rss_bytes,
        },
    )


def _source_rows(sources_dir: Path) -> dict[str, dict[str, int]]:
    manifest = json.loads((sources_dir / "_simulator.json").read_text())
    return {name: dict(s.get("rows", {})) for name, s in manifest["sources"].items()}


def full_and_incremental(warehouse: Warehouse, history_years: int, *, land: bool) -> dict:
    """Full build of a history, then one new month landed and built on top."""
    result: dict = {"history_years": history_years}
    if land:
        # The long history is everything the sources hold (HMIS and PIS: 10 years).
        measured, landed = warehouse.run(
            f"land-{history_years}y",
            "bench.stages",
            "land",
            "--years",
            "0" if history_years >= LONG_HISTORY_YEARS else str(history_years),
            "--hold-back",
        )
        land_stage, checks_stage, by_source = split_landing(measured, landed)
        result.update(
            land=land_stage,
            checks=checks_stage,
            land_by_source=by_source,
            land_wall_seconds=round(measured.wall_seconds, 2),
            land_cpu_seconds=round(measured.cpu_seconds, 1),
            land_peak_rss_bytes=measured.peak_rss_bytes,
        )
    measured, built = warehouse.run(f"build-full-{history_years}y", "bench.stages", "build")
    dbt_stage, publish_stage, startup = split_build(measured, built)
    result.update(
        full_build={
            "seconds": round(measured.wall_seconds, 2),
            "cpu_seconds": round(measured.cpu_seconds, 1),
            "peak_rss_bytes": measured.peak_rss_bytes,
            "dbt_seconds": dbt_stage["seconds"],
            "publish_seconds": publish_stage["seconds"],
        },
        build_stages=[dbt_stage, publish_stage, startup],
        history_rows=_landed_rows(warehouse.landing),
    )
    return result


def new_month(warehouse: Warehouse, history_years: int) -> dict:
    measured_land, landed = warehouse.run(
        f"land-new-month-{history_years}y", "bench.stages", "land", "--new-month"
    )
    # Built as production builds it: the rebuild sensor's selection, the models downstream
    # of the sources that landed, then publish.
    changed = ",".join(sorted(landed["sources"]))
    measured_build, built = warehouse.run(
        f"build-incremental-{history_years}y", "bench.stages", "build", "--sources", changed
    )
    dbt_stage, publish_stage, _ = split_build(measured_build, built)
    return {
        "land_seconds": round(measured_land.wall_seconds, 2),
        "land_rows": sum(s["rows_read"] for s in landed["sources"].values()),
        "land_cpu_seconds": round(measured_land.cpu_seconds, 1),
        "build_seconds": round(measured_build.wall_seconds, 2),
        "build_cpu_seconds": round(measured_build.cpu_seconds, 1),
        "dbt_seconds": dbt_stage["seconds"],
        "publish_seconds": publish_stage["seconds"],
        "peak_rss_bytes": max(measured_land.peak_rss_bytes, measured_build.peak_rss_bytes),
        "months": {s: v["last"] for s, v in landed["sources"].items()},
        "selected_assets": built.get("selected_assets"),
    }


def _landed_rows(landing: Path) -> int:
    total = 0
    for manifest in landing.glob("*/*/*/_manifest.json"):
        total += int(json.loads(manifest.read_text()).get("rows_read", 0))
    return total


def run_scale(
    scale: float,
    work: Path,
    *,
    peer_url: str | None,
    latency_repeats: int,
    echo: Callable[[str], None] = print,
) -> dict:
    """Everything measured at one scale; ``work`` is wiped first."""
    shutil.rmtree(work, ignore_errors=True)
    env = base_environment()
    long = Warehouse(work / f"history-{LONG_HISTORY_YEARS}y", env).create()
    result: dict = {"scale": scale}

    echo(f"[scale {scale}] generate")
    measured, _ = _generate(long, scale)
    source_rows = _source_rows(long.sources)
    total_source_rows = sum(n for tables in source_rows.values() for n in tables.values())
    result["source_rows"] = source_rows
    result["source_rows_total"] = total_source_rows
    stages = [
        stage(
            "generate",
            measured,
            rows=total_source_rows,
            rows_per_second=round(total_source_rows / max(measured.wall_seconds, 1e-9)),
        )
    ]

    apis = start_apis(long.sources, long.logs)
    try:
        long.env.update(apis.env)
        echo(f"[scale {scale}] land {LONG_HISTORY_YEARS} years and build")
        cpu_before = apis.cpu_seconds()
        full_long = full_and_incremental(long, LONG_HISTORY_YEARS, land=True)
        result["api_cpu_seconds_while_landing"] = round(apis.cpu_seconds() - cpu_before, 1)
        stages += [full_long.pop("land"), full_long.pop("checks"), *full_long.pop("build_stages")]
        result["land_by_source"] = full_long.pop("land_by_source")
        result["stages"] = stages
        result["pipeline_seconds"] = round(
            full_long["land_wall_seconds"] + full_long["full_build"]["seconds"], 2
        )
        result["pipeline_cpu_seconds"] = round(
            full_long["land_cpu_seconds"] + full_long["full_build"]["cpu_seconds"], 1
        )
        result["pipeline_peak_rss_bytes"] = max(
            full_long["land_peak_rss_bytes"], full_long["full_build"]["peak_rss_bytes"]
        )

        echo(f"[scale {scale}] floor")
        from bench import floor

        result["floor"] = floor.measure(
            long, work / "floor", dbt_build_seconds=full_long["full_build"]["dbt_seconds"]
        )
        if peer_url:
            echo(f"[scale {scale}] peer (PostgreSQL)")
            from bench import peer

            try:
                result["peer"] = peer.measure(long, work / "peer", server_url=peer_url, scale=scale)
            except StageFailed as exc:  # the peer is a comparison, not the pipeline
                result["peer"] = {"error": str(exc)}

        short = Warehouse(work / f"history-{SHORT_HISTORY_YEARS}y", env).create()
        short.env.update(apis.env)
        short.sources.symlink_to(long.sources, target_is_directory=True)
        short.run(
            "copy-history",
            "bench.stages",
            "copy-history",
            "--from-landing",
            str(long.landing),
            "--years",
            str(SHORT_HISTORY_YEARS),
            "--hold-back",
        )
        echo(f"[scale {scale}] {SHORT_HISTORY_YEARS}-year history: full build")
        full_short = full_and_incremental(short, SHORT_HISTORY_YEARS, land=False)
        echo(f"[scale {scale}] one new month on both histories")
        incremental = {}
        for w, full in ((long, full_long), (short, full_short)):
            step = new_month(w, full["history_years"])
            incremental[f"{full['history_years']}y"] = {
                "history_rows": full["history_rows"],
                "full_build": full["full_build"],
                "new_month": step,
                "ratio_dbt": _ratio(step["dbt_seconds"], full["full_build"]["dbt_seconds"]),
                # Only the long history was landed through Dagster (the short one is a copy).
                "ratio_land_and_build": _ratio(
                    step["land_seconds"] + step["build_seconds"],
                    full["land_wall_seconds"] + full["full_build"]["seconds"],
                )
                if "land_wall_seconds" in full
                else None,
                "ratio_build": _ratio(step["build_seconds"], full["full_build"]["seconds"]),
                "ratio_build_cpu": _ratio(
                    step["build_cpu_seconds"], full["full_build"]["cpu_seconds"]
                ),
            }
        result["incremental"] = incremental
    finally:
        apis.stop()

    echo(f"[scale {scale}] dashboard query latency")
    _, latency = long.run(
        "dashboard-latency", "bench.dashboard_latency", "--repeats", str(latency_repeats)
    )
    result["dashboard"] = latency
    return result


def _generate(warehouse: Warehouse, scale: float) -> tuple[Measured, dict]:
    command = [
        sys.executable,
        "-m",
        "simulator",
        "generate",
        "--out",
        str(warehouse.sources),
        "--scale",
        str(scale),
        "--seed",
        str(SEED),
    ]
    measured = run_measured(
        command, env=warehouse.env, log=warehouse.logs / "generate.log", cwd=REPO_ROOT
    )
    if measured.returncode != 0:
        raise StageFailed(f"generate failed; see {warehouse.logs}/generate.log")
    return measured, {}


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 3)
