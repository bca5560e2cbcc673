import os
from pathlib import Path

import pytest

# Great Expectations must not try to reach its analytics endpoint from tests.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty warehouse folder for one test."""
    root = tmp_path / "warehouse"
    root.mkdir()
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", str(root))
    return root
