"""A tiny published serving snapshot for the dashboard tests (see snapshot_fixture.py)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
import streamlit as st

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_FILE = REPO_ROOT / "dashboards" / "streamlit_app.py"


def load_snapshot_fixture() -> ModuleType:
    """The fixture-snapshot builder, loaded by path (tests are not a package)."""
    name = "bgw_dashboard_snapshot_fixture"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("snapshot_fixture.py")
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


snapshot_fixture = load_snapshot_fixture()
build_snapshot = snapshot_fixture.build_snapshot
point_current_at = snapshot_fixture.point_current_at


@pytest.fixture(autouse=True)
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty warehouse folder the dashboards read from; caches cleared around each test."""
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


Publish = Callable[..., Path]


@pytest.fixture
def facts() -> SimpleNamespace:
    """What the fixture snapshot contains, for assertions."""
    return SimpleNamespace(
        months=list(snapshot_fixture.MONTHS),
        latest_complete_month=snapshot_fixture.LATEST_COMPLETE_MONTH,
        published_at=snapshot_fixture.PUBLISHED_AT,
        district_pcodes=[d[0] for d in snapshot_fixture.DISTRICTS],
        fixture=snapshot_fixture,
    )


@pytest.fixture
def publish(warehouse: Path) -> Publish:
    """Publish a fixture snapshot: ``publish(name, synthetic=True, scale=1, without=())``."""

    def _publish(
        name: str = "20261128T101500Z",
        *,
        synthetic: bool = True,
        scale: int = 1,
        without: tuple[str, ...] = (),
    ) -> Path:
        return snapshot_fixture.publish(
            warehouse, name, synthetic=synthetic, scale=scale, without=without
        )

    return _publish


@pytest.fixture
def run_app() -> Callable[..., object]:
    """Start the dashboard app in-process (Streamlit's AppTest) and run it once.

    ``run_app("app_pages/survey.py", query={"wave": "2009-wave1"})`` opens a page with
    query parameters in the URL; without a page it opens the default (Overview).
    """
    from streamlit.testing.v1 import AppTest

    def _run(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP_FILE), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return _run
