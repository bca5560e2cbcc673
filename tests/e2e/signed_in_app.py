"""The dashboards served for a real browser with sign-in through the demo identity provider.

Not a test module: the browser tests load it by path. ``serve(tmp, warehouse)`` starts the
demo OpenID Connect provider (simulator.identity_provider) on a free loopback port, writes a
Streamlit secrets file pointing at it (with a fresh cookie secret) and runs
``streamlit run`` with that file; ``sign_in(tab, base, "dc.gwadar")`` goes through the
provider's sign-in page as a person would.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "dashboards" / "streamlit_app.py"


@dataclass(frozen=True)
class Served:
    base: str
    warehouse: Path
    secrets: Path
    cookie_secret: str
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(tmp: Path, warehouse: Path) -> Iterator[Served]:
    import tomllib

    from dashboards.auth import secrets_file
    from simulator import identity_provider

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with identity_provider.running() as metadata_url:
        secrets = secrets_file.write(
            tmp / "secrets.toml",
            {"redirect_uri": f"{base}/oauth2callback", "server_metadata_url": metadata_url},
        )
        cookie_secret = tomllib.loads(secrets.read_text())["auth"]["cookie_secret"]
        log_path = tmp / "streamlit.log"
        log = log_path.open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(APP),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
                # Only this file: never a developer's .streamlit/secrets.toml.
                "--secrets.files",
                str(secrets),
            ],
            cwd=REPO_ROOT,
            env={**os.environ, "BGW_WAREHOUSE_DIR": str(warehouse)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as answer:
                        if answer.read() == b"ok":
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("streamlit did not start:\n" + log_path.read_text()[-3000:])
                time.sleep(0.2)
            yield Served(base, warehouse, secrets, cookie_secret, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


def sign_in(tab, base: str, account: str) -> None:
    """Sign in through the demo provider's page, as a person would, and wait to be back."""
    tab.goto(base)
    tab.get_by_role("button", name=re.compile("Sign in")).click()
    tab.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=30_000)
    tab.get_by_role("button", name=account, exact=True).click()
    tab.wait_for_url(re.compile("^" + re.escape(base)), timeout=30_000)
    tab.get_by_role("button", name=re.compile("Sign out")).wait_for(timeout=30_000)


def nav_links(tab) -> list[str]:
    """The page titles in the sidebar navigation (each link also holds its icon's name)."""
    texts = tab.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    return [t.strip().splitlines()[-1].strip() for t in texts if t.strip()]
