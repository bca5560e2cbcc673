import os
import sys
import types
from datetime import datetime
from pathlib import Path

import pytest

from simulator import cqmis as cqmis_simulator
from simulator.common import Messiness

# Great Expectations must not try to reach its analytics endpoint from tests.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules holding whole-pipeline (e2e) tests run first, each kept in one piece.

    `make test` hands whole modules to two workers in this order (``--dist loadfile
    --no-loadscope-reorder``); the longest modules starting first is what lets both workers
    finish together instead of one running the slowest module alone at the end.
    """
    slow = {item.path for item in items if item.get_closest_marker("e2e")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty warehouse folder for one test."""
    root = tmp_path / "warehouse"
    root.mkdir()
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", str(root))
    return root


@pytest.fixture
def plain_main(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``__main__`` with no script behind it, as a ``python -m`` command has.

    Streamlit's AppTest leaves the dashboard script as ``__main__`` in the test worker that
    ran it, and a process started with multiprocessing's spawn runs ``__main__`` again: it
    would start the dashboard instead of the work it was given.
    """
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


# Messier than the demo so that a small database still holds every kind of bad row.
MESSY = Messiness(district_unresolvable=0.05, malformed_date=0.03, duplicated_row=0.03)


@pytest.fixture
def cqmis_db(warehouse: Path) -> str:
    """A small simulated Complaint & Inquiry MIS database."""
    path = warehouse / "simulated_sources" / "cqmis" / "cqmis.sqlite"
    path.parent.mkdir(parents=True)
    url = f"sqlite:///{path}"
    cqmis_simulator.generate(
        url, scale=0.01, seed=11, as_of=datetime(2024, 6, 15, 18, 0), messiness=MESSY
    )
    return url


@pytest.fixture
def postgres_database(request: pytest.FixtureRequest):
    """A throwaway database on the real PostgreSQL server that .ci/run starts.

    The server is part of the suite, not optional: without it these tests fail with the
    reason rather than skip and leave a green run that never touched PostgreSQL.
    """
    import uuid

    import sqlalchemy as sa

    server = os.environ.get("BGW_TEST_POSTGRES_URL")
    if not server:
        pytest.fail(
            "BGW_TEST_POSTGRES_URL is not set: run the suite through .ci/run, which starts "
            "PostgreSQL, or deselect these tests with -m 'not postgres'"
        )
    name = f"t_{request.node.name[:40].lower()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'create database "{name}"'))
    url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'drop database "{name}" with (force)'))
        admin.dispose()
