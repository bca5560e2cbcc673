import os
from datetime import datetime
from pathlib import Path

import pytest

from simulator import cqmis as cqmis_simulator
from simulator.common import Messiness

# Great Expectations must not try to reach its analytics endpoint from tests.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty warehouse folder for one test."""
    root = tmp_path / "warehouse"
    root.mkdir()
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", str(root))
    return root


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
