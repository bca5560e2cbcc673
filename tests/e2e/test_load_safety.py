"""Loads that can be killed, repeated and read during: the serving snapshot stays right.

Each scenario runs the real command line in a child process (its own process group, so dbt
dies with it), holds it at a named pause point (orchestration/lib/faults.py), kills it with
SIGKILL, and checks what a dashboard would see.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from simulator.__main__ import generate

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("load_safety")]

MARTS = ["rpt_complaints__monthly", "fct_complaints", "dim_district"]


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
    for command in (["load", "cqmis"], ["build"]):
        _ok(_cli(environ, *command))
    return environ


def _cli(environ: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs,
    )


def _ok(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def _serving(environ: dict[str, str]) -> Path:
    serving = Path(environ["BGW_WAREHOUSE_DIR"]) / "serving"
    return serving / json.loads((serving / "current.json").read_text())["snapshot"]


def _marts(snapshot: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in MARTS}


def _kill_at(environ: dict[str, str], point: str, *args: str) -> None:
    marker = Path(environ["BGW_WAREHOUSE_DIR"]) / f".paused-{point}"
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", *args],
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


@pytest.mark.parametrize(
    ("point", "command"),
    [("landing", ("load", "cqmis")), ("dbt", ("build",)), ("publish", ("build",))],
)
def test_a_load_killed_midway_leaves_the_last_good_snapshot_serving_and_the_next_run_recovers(
    env, point, command
):
    before = _serving(env)
    expected = _marts(before)
    _kill_at(env, point, *command)

    assert _serving(env) == before
    assert _marts(before) == expected

    recovery = [["load", "cqmis"], ["build"]] if point == "landing" else [["build"]]
    for again in recovery:
        _ok(_cli(env, *again))
    after = _serving(env)
    assert after != before
    assert _marts(after) == expected  # same sources, so the same marts


def test_loading_the_same_data_twice_gives_identical_marts(env):
    first = _marts(_serving(env))
    for again in (["load", "cqmis"], ["build"]):
        _ok(_cli(env, *again))
    assert _marts(_serving(env)) == first


def test_twenty_dashboard_readers_see_no_error_while_a_load_publishes(env, monkeypatch):
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", env["BGW_WAREHOUSE_DIR"])
    from dashboards.queries import snapshot

    errors: list[BaseException] = []
    reads = [0]
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                frame = snapshot.query(
                    "select count(*) as n from rpt_complaints__monthly where geo_level = ?",
                    ["district"],
                )
                assert frame["n"].iloc[0] > 0
                reads[0] += 1
            except BaseException as exc:  # noqa: BLE001 - every failure counts here
                errors.append(exc)
            stop.wait(0.05)  # a reader clicks; it does not spin

    threads = [threading.Thread(target=reader) for _ in range(20)]
    for t in threads:
        t.start()
    try:
        published = [_serving(env)]
        _ok(_cli(env, "build"))
        published.append(_serving(env))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert reads[0] > 20
    assert len(set(published)) == 2
