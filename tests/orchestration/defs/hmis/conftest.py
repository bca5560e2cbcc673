"""A simulated DHIS2 on a free loopback port for the HMIS connector tests.

The instance is built once per test session (small, and messier than the demo so one
month holds every kind of bad value); each test gets the API's address in
``BGW_HMIS_BASE_URL``, a private warehouse and short timeouts and backoff, and starts with
no injected faults.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator import hmis, hmis_api
from simulator.http_server import ApiServer

MESSY = hmis.HmisMessiness(
    non_numeric_value=0.01, negative_value=0.01, duplicated_value=0.01, orphan_org_unit=0.05
)
SEED = 11
MONTH = "2024-01-01"


@pytest.fixture(scope="session")
def hmis_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hmis_sources")
    world = hmis.build_world(scale=0.01, seed=SEED, messiness=MESSY)
    hmis.write_world(world, out / hmis.SOURCE / hmis.WORLD_FILE)
    return out


@pytest.fixture(scope="session")
def hmis_server(hmis_data_dir: Path) -> Iterator[ApiServer]:
    server = hmis_api.start(hmis_data_dir)
    yield server
    server.stop()


@pytest.fixture
def hmis_api_url(
    hmis_server: ApiServer, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The simulated DHIS2's base URL, set as BGW_HMIS_BASE_URL for the connector."""
    hmis_server.api.faults.clear()
    monkeypatch.setenv("BGW_HMIS_BASE_URL", hmis_server.url)
    monkeypatch.setenv("BGW_HMIS_BACKOFF_SECONDS", "0.01")
    monkeypatch.setenv("BGW_HMIS_TIMEOUT_SECONDS", "10")
    for name in ("BGW_HMIS_USERNAME", "BGW_HMIS_PASSWORD", "BGW_HMIS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    yield hmis_server.url
    hmis_server.api.faults.clear()
