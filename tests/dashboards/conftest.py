"""A tiny published serving snapshot for the dashboard tests (see snapshot_fixture.py)."""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
import streamlit as st

from dashboards.auth.access import Scope, load_policy
from dashboards.auth.identity import acting_as

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


@pytest.fixture(autouse=True)
def reader() -> Iterator[Scope]:
    """Query functions called directly run as a policy maker (every department, every
    district) unless a test acts as someone else; app runs sign in through ``st.user``."""
    with acting_as(load_policy().scope_of("policy_maker"), subject="policy maker (test)"):
        yield load_policy().scope_of("policy_maker")


def signed_in(*groups: str, email: str = "reader@bgw-demo.example", **claims: Any) -> dict:
    """``st.user`` as Streamlit fills it after an OpenID Connect sign-in, issued just now."""
    return {
        "is_logged_in": True,
        "email": email,
        "name": email.split("@")[0],
        "sub": email,
        "groups": list(groups),
        "iat": int(time.time()),
        "provider": "default",
        **claims,
    }


NOT_SIGNED_IN = {"is_logged_in": False}


@pytest.fixture
def sign_in() -> Callable[..., dict]:
    """``sign_in("bgw-dc-gwadar")``: the claims of someone in those identity-provider groups."""
    return signed_in


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
    query parameters in the URL; without a page it opens the default (Overview). The reader
    is a signed-in policy maker unless ``user`` gives other ``st.user`` claims.
    """
    from streamlit.testing.v1 import AppTest

    def _run(
        page: str | None = None,
        query: dict[str, str] | None = None,
        user: dict | None = None,
    ) -> AppTest:
        at = AppTest.from_file(str(APP_FILE), default_timeout=60)
        at.user = signed_in("bgw-policy-makers") if user is None else user
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return _run
