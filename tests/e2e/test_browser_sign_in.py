"""Sign-in, roles and the attempts to get in where one does not belong, in a real browser.

The demo identity provider (simulator.identity_provider) and ``streamlit run`` with a
generated secrets file serve a fixture snapshot (tests/dashboards/snapshot_fixture.py);
Debian's Chromium, driven by Playwright, signs in through the provider's page as the
Chief Secretary, a district officer and the data engineer, and checks the navigation, what
the pages show and what a download holds. Forged and expired identity cookies are sent
the way a browser would send them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PUBLIC_PAGES = {"Overview", "Complaints"}
CLOSED_TO_THE_PUBLIC = {"e-Governance survey", "Data health"}


def _load(name: str, path: Path):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


app = _load("bgw_signed_in_app", HERE / "signed_in_app.py")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", pytrace=False)
    fixture = _load(
        "bgw_sign_in_snapshot_fixture", HERE.parent / "dashboards" / "snapshot_fixture.py"
    )
    tmp = tmp_path_factory.mktemp("sign_in")
    warehouse = tmp / "warehouse"
    fixture.publish(warehouse, synthetic=False)
    with app.serve(tmp, warehouse) as served:
        yield served


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def settle(tab, title: str | None = None) -> None:
    if title is not None:
        tab.get_by_role("heading", name=title, level=1).wait_for(timeout=30_000)
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    for pause in (250, 300):
        tab.wait_for_timeout(pause)
        tab.wait_for_selector(idle, timeout=30_000)
    assert tab.locator('[data-testid="stException"]').count() == 0


def main_text(tab) -> str:
    return tab.locator('[data-testid="stMain"]').inner_text()


def sidebar_text(tab) -> str:
    return tab.locator('[data-testid="stSidebar"]').inner_text()


def audit(served, event: str) -> pd.DataFrame:
    with sqlite3.connect(served.warehouse / "audit" / "audit.sqlite") as con:
        return pd.read_sql_query(
            "select * from audit_event where event = ? order by event_id", con, params=[event]
        )


def identity_cookie(served, payload: dict, *, secret: str | None = None) -> dict:
    """Streamlit's identity cookie, signed with ``secret`` (the app's own by default)."""
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    value = create_signed_value(
        secret or served.cookie_secret, "_streamlit_user", json.dumps(payload)
    ).decode()
    return {"name": "_streamlit_user", "value": value, "url": served.base}


def claims(served, *groups, issued_at: float | None = None, **extra) -> dict:
    return {
        "email": "someone@bgw-demo.example",
        "name": "Someone",
        "groups": list(groups),
        "iat": int(issued_at or time.time()),
        "origin": served.base,
        "is_logged_in": True,
        "provider": "default",
        **extra,
    }


# -- Signing in ------------------------------------------------------------------------------


def test_the_public_sees_published_pages_only_and_can_sign_in(tab, served):
    tab.goto(served.base)
    settle(tab, "Overview")
    links = set(app.nav_links(tab))
    assert links >= PUBLIC_PAGES and not links & CLOSED_TO_THE_PUBLIC
    assert "Public view, not signed in" in sidebar_text(tab)
    assert tab.get_by_role("button", name=re.compile("Sign in")).is_visible()


def test_the_chief_secretary_signs_in_through_the_provider_and_gets_every_page(tab, served):
    app.sign_in(tab, served.base, "chief.secretary")
    settle(tab, "Overview")
    assert {*PUBLIC_PAGES, *CLOSED_TO_THE_PUBLIC} <= set(app.nav_links(tab))
    text = sidebar_text(tab)
    assert "Chief Secretary (demo)" in text
    assert "every department, every district" in text
    tab.goto(f"{served.base}/survey")
    settle(tab, "e-Governance need-assessment survey")
    assert "chief.secretary@bgw-demo.example" in set(audit(served, "sign_in")["subject"])


def test_signing_out_ends_the_session_at_the_provider_and_returns_to_the_public_view(tab, served):
    app.sign_in(tab, served.base, "chief.secretary")
    settle(tab, "Overview")
    tab.get_by_role("button", name=re.compile("Sign out")).click()
    # The provider's end-session page, then back to the dashboards.
    tab.get_by_role("button", name="End session").click()
    tab.wait_for_url(re.compile("^" + re.escape(served.base)), timeout=30_000)
    settle(tab, "Overview")
    assert "Public view, not signed in" in sidebar_text(tab)
    assert not set(app.nav_links(tab)) & CLOSED_TO_THE_PUBLIC
    assert not [c for c in tab.context.cookies() if c["name"].startswith("_streamlit_user")]
    assert "chief.secretary@bgw-demo.example" in set(audit(served, "sign_out")["subject"])


# -- A district officer trying to see more ---------------------------------------------------


def test_a_district_officer_sees_gwadar_and_the_link_to_another_district_changes_nothing(
    tab, served
):
    app.sign_in(tab, served.base, "dc.gwadar")
    settle(tab, "Overview")
    assert "Data health" not in app.nav_links(tab)
    assert "District officer: every department, district PK205." in sidebar_text(tab)

    tab.goto(f"{served.base}/complaints?division=Kalat&district=Awaran")
    settle(tab, "Complaints")
    text = main_text(tab)
    assert "Balochistan, October 2026" in text
    assert "Awaran" not in text and "Kalat" not in text
    assert "Gwadar" in sidebar_text(tab)

    # A link straight to a page the role does not have: Streamlit does not run it.
    tab.goto(f"{served.base}/data-health")
    settle(tab)
    assert tab.get_by_role("heading", name="Data health", level=1).count() == 0
    assert "Freshness by source" not in main_text(tab)


def test_a_district_officers_download_holds_only_their_district_and_is_audited(tab, served):
    app.sign_in(tab, served.base, "dc.gwadar")
    tab.goto(f"{served.base}/complaints")
    settle(tab, "Complaints")
    with tab.expect_download() as download:
        tab.get_by_role("button", name=re.compile("Download CSV")).first.click()
    path = download.value.path()
    frame = pd.read_csv(path)
    assert set(frame["District P-code"]) == {"PK205"}
    settle(tab)
    downloads = audit(served, "download")
    mine = downloads[downloads["subject"] == "dc.gwadar@bgw-demo.example"]
    assert download.value.suggested_filename in " ".join(mine["detail"])


# -- The data engineer ------------------------------------------------------------------------


def test_the_data_engineer_gets_data_health_and_the_audit_trail_only(tab, browser, served):
    # Someone else signs in first, in their own browser, for the trail to show it.
    other = browser.new_context()
    other_tab = other.new_page()
    app.sign_in(other_tab, served.base, "dc.gwadar")
    # Its first run after the sign-in writes the event: let it finish before leaving.
    settle(other_tab)
    other.close()
    app.sign_in(tab, served.base, "data.engineer")
    settle(tab, "Data health")
    # One page: Streamlit shows no navigation at all, and the Overview does not open.
    assert set(app.nav_links(tab)) <= {"Data health"}
    text = main_text(tab)
    assert "Quarantine" in text and "Audit trail" in text
    with tab.expect_download() as download:
        tab.locator(".st-key-health_audit_csv button").first.click()
    trail = pd.read_csv(download.value.path())
    signed_in = set(trail.loc[trail["Event"] == "sign_in", "Who"])
    assert {"dc.gwadar@bgw-demo.example", "data.engineer@bgw-demo.example"} <= signed_in
    settle(tab)
    tab.goto(f"{served.base}/overview")
    settle(tab, "Data health")
    assert tab.get_by_role("heading", name="Overview", level=1).count() == 0


# -- Forged and expired identity cookies ------------------------------------------------------


def test_an_identity_cookie_signed_with_the_apps_secret_is_honoured(tab, served):
    # The control for the refusals below: the same cookie, correctly signed, gets in.
    tab.context.add_cookies([identity_cookie(served, claims(served, "bgw-policy-makers"))])
    tab.goto(served.base)
    settle(tab, "Overview")
    assert "Data health" in app.nav_links(tab)


@pytest.mark.parametrize(
    "forge",
    [
        lambda s: identity_cookie(s, claims(s, "bgw-policy-makers"), secret="guessed-secret"),
        lambda s: {
            "name": "_streamlit_user",
            "value": json.dumps(claims(s, "bgw-policy-makers")),
            "url": s.base,
        },
        lambda s: identity_cookie(
            s, claims(s, "bgw-policy-makers", origin="http://elsewhere.example")
        ),
    ],
    ids=["signed-with-another-secret", "unsigned", "minted-for-another-site"],
)
def test_a_forged_identity_cookie_is_refused(tab, served, forge):
    tab.context.add_cookies([forge(served)])
    tab.goto(served.base)
    settle(tab, "Overview")
    assert "Public view, not signed in" in sidebar_text(tab)
    assert not set(app.nav_links(tab)) & CLOSED_TO_THE_PUBLIC


def test_an_expired_session_is_refused_and_asked_to_sign_in_again(tab, served):
    from dashboards.auth.access import load_policy

    too_old = time.time() - (load_policy().session_max_age_minutes + 5) * 60
    cookie = identity_cookie(served, claims(served, "bgw-policy-makers", issued_at=too_old))
    tab.context.add_cookies([cookie])
    tab.goto(served.base)
    settle(tab, "Overview")
    assert "Your session has expired" in sidebar_text(tab)
    assert not set(app.nav_links(tab)) & CLOSED_TO_THE_PUBLIC
