"""Loads that can be killed, repeated and read during: the serving snapshot stays right.

Each kill scenario runs the pipeline in a child process (its own process group, so dbt dies
with it), holds it at a named pause point (orchestration/lib/faults.py), kills it with
SIGKILL, checks what a dashboard would see, and runs the command line again. Runs that are
not killed call the command line's own entry point (``orchestration.cli.main``) in this
process: the same commands, without starting an interpreter and Dagster for each.

The claims are about the safety of a load, not its size: one source (cqmis) at the smallest
scale, three months of it loaded, is enough to land, build and publish every step once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pytest

from orchestration.lib import settings
from simulator.__main__ import generate

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("load_safety")]

MARTS = ["rpt_complaints__monthly", "fct_complaints", "dim_district"]
LOAD = ("load", "cqmis", "--from", "2026-08-01", "--to", "2026-10-01")
# The publish step on its own: it reads only the finished build database, so reaching its
# pause point needs no new dbt build. ``publish`` is what the warehouse job's last asset calls.
PUBLISH = [
    sys.executable,
    "-c",
    "from orchestration.lib import publish; publish.publish(synthetic=True, sources=['cqmis'])",
]


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "orchestration.cli", *args]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("safety")
    (root / "dagster_home").mkdir()
    environ = {
        **os.environ,
        "BGW_WAREHOUSE_DIR": str(root / "warehouse"),
        "DAGSTER_HOME": str(root / "dagster_home"),
    }
    generate(root / "warehouse" / "simulated_sources", scale=0.01, seed=5, sources=["cqmis"])
    _pipeline(environ, LOAD, ("build",))
    return environ


def _pipeline(environ: dict[str, str], *commands: Sequence[str]) -> None:
    """``python -m orchestration.cli <command>`` for each command, run in this process."""
    from orchestration import cli

    with pytest.MonkeyPatch.context() as mp:
        for key in ("BGW_WAREHOUSE_DIR", "DAGSTER_HOME"):
            mp.setenv(key, environ[key])
        # A build exports dbt's variables into the environment; set here, they are undone.
        for key, value in settings.dbt_env().items():
            mp.setenv(key, value)
        for command in commands:
            assert cli.main(list(command)) == 0, f"{' '.join(command)} failed (output above)"


def _run(environ: dict[str, str], command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=environ, capture_output=True, text=True, timeout=600)


def _ok(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def _serving(environ: dict[str, str]) -> Path:
    serving = Path(environ["BGW_WAREHOUSE_DIR"]) / "serving"
    return serving / json.loads((serving / "current.json").read_text())["snapshot"]


def _marts(snapshot: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in MARTS}


def _kill_at(environ: dict[str, str], point: str, command: list[str]) -> None:
    marker = Path(environ["BGW_WAREHOUSE_DIR"]) / f".paused-{point}"
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen(
        command,
        env={**environ, "BGW_PAUSE_AT": point},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, f"the load finished before reaching {point}"
        assert time.monotonic() < deadline, f"the load never reached {point}"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    marker.unlink()


def _wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.parametrize(
    ("point", "command"),
    [("landing", _command(*LOAD)), ("dbt", _command("build")), ("publish", PUBLISH)],
    ids=["landing", "dbt", "publish"],
)
def test_a_load_killed_midway_leaves_the_last_good_snapshot_serving_and_the_next_run_recovers(
    env, point, command
):
    before = _serving(env)
    expected = _marts(before)
    _kill_at(env, point, command)

    assert _serving(env) == before
    assert _marts(before) == expected

    _pipeline(env, *([LOAD, ("build",)] if point == "landing" else [("build",)]))
    after = _serving(env)
    assert after != before
    assert _marts(after) == expected  # same sources, so the same marts


def test_loading_the_same_data_twice_gives_identical_marts(env):
    first = _marts(_serving(env))
    _pipeline(env, LOAD, ("build",))
    assert _marts(_serving(env)) == first


def test_twenty_dashboard_readers_see_no_error_while_a_new_snapshot_is_published(env, monkeypatch):
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", env["BGW_WAREHOUSE_DIR"])
    from dashboards.queries import snapshot

    errors: list[BaseException] = []
    reads = [0]
    seen: set[Path] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                frame = snapshot.query(
                    "select count(*) as n from rpt_complaints__monthly where geo_level = ?",
                    ["district"],
                )
                assert frame["n"].iloc[0] > 0
                seen.add(snapshot.current_snapshot().path)
                reads[0] += 1
            except BaseException as exc:  # noqa: BLE001 - every failure counts here
                errors.append(exc)
            stop.wait(0.05)  # a reader clicks; it does not spin

    threads = [threading.Thread(target=reader) for _ in range(20)]
    for t in threads:
        t.start()
    try:
        published = [_serving(env)]
        _wait_until(lambda: published[0].resolve() in seen)  # the readers are reading
        # Readers only ever open serving/, so the part of a load they can collide with is
        # the publish: run it twice, two pointer swaps and a prune under twenty readers.
        for _ in range(2):
            _ok(_run(env, PUBLISH))
        published.append(_serving(env))
        _wait_until(lambda: published[-1].resolve() in seen)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert reads[0] > 20
    assert len(set(published)) == 2
    # The reads straddled the publishes: readers saw the snapshot before and the one after.
    assert {p.resolve() for p in published} <= seen
