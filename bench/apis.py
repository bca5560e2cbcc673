"""The simulated HMIS (DHIS2) and PIS web APIs a benchmark lands from.

They stand in for servers that in production run on other machines, so they run as their
own processes, outside the measured stage's process tree; the CPU time they spend is
reported beside the landing stage because on this machine it competes for the same cores.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from simulator.http_server import wait_until_up

# (module, environment variable the connector reads, health path)
APIS = (
    ("simulator.hmis_api", "BGW_HMIS_BASE_URL", "/api/system/ping"),
    ("simulator.pis_api", "BGW_PIS_BASE_URL", "/api/v1/health"),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningApis:
    processes: list[subprocess.Popen] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    def cpu_seconds(self) -> float:
        total = 0.0
        for p in self.processes:
            try:
                t = psutil.Process(p.pid).cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                continue
        return total

    def stop(self) -> None:
        for p in self.processes:
            p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


def start(sources_dir: Path, log_dir: Path) -> RunningApis:
    """Start every simulated API on a free loopback port; ``env`` points the connectors there."""
    running = RunningApis()
    urls = []
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        for module, variable, health in APIS:
            port = free_port()
            # The child keeps its own handle on the log once started.
            with open(log_dir / f"{module.rsplit('.', 1)[-1]}.log", "ab") as log:
                running.processes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            module,
                            "--data",
                            str(sources_dir),
                            "--port",
                            str(port),
                        ],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            base = f"http://127.0.0.1:{port}"
            running.env[variable] = base
            urls.append(base + health)
        wait_until_up(urls, timeout=120)
    except BaseException:
        running.stop()
        raise
    return running
