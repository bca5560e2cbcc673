"""A simulated PIS API on a free loopback port for the PIS connector tests.

The database is generated once per test session, small and messier than the demo so a
quarter holds every kind of bad row; each test gets the API's address in
``BGW_PIS_BASE_URL``, a private warehouse, small pages and fast backoff, and starts with no
injected faults, no renamed fields and a generous rate limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator import pis, pis_api
from simulator.common import Messiness
from simulator.http_server import ApiServer

MESSY = pis.PisMessiness(wrong_type=0.04, impossible_amounts=0.04, duplicated_row=0.03)
MESSY_DISTRICTS = Messiness(district_unresolvable=0.05)
SEED = 13


@pytest.fixture(scope="session")
def pis_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pis_sources")
    (out / pis.SOURCE).mkdir()
    pis.generate(
        out / pis.SOURCE / pis.DB_FILE,
        scale=0.03,
        seed=SEED,
        messiness=MESSY,
        district_messiness=MESSY_DISTRICTS,
    )
    return out


@pytest.fixture(scope="session")
def pis_server(pis_data_dir: Path) -> Iterator[ApiServer]:
    server = pis_api.start(pis_data_dir, rate_limit=1000)
    yield server
    server.stop()


@pytest.fixture
def pis_api_url(
    pis_server: ApiServer, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The simulated PIS's base URL, set as BGW_PIS_BASE_URL for the connector."""
    api = pis_server.api
    api.faults.clear()
    api.drift, api.rate_limit, api.token_requests = {}, 1000, 500
    monkeypatch.setenv("BGW_PIS_BASE_URL", pis_server.url)
    monkeypatch.setenv("BGW_PIS_PER_PAGE", "50")
    monkeypatch.setenv("BGW_PIS_BACKOFF_SECONDS", "0.01")
    monkeypatch.setenv("BGW_PIS_TIMEOUT_SECONDS", "10")
    for name in ("BGW_PIS_CLIENT_ID", "BGW_PIS_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    yield pis_server.url
    api.faults.clear()
    api.drift, api.rate_limit, api.token_requests = {}, 1000, 500
