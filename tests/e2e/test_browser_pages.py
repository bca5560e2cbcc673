"""Every dashboard page in a real browser: it renders, a filter changes what it shows, the
filters travel in the URL and across pages, and a screenshot of each page is kept.

A fixture snapshot (tests/dashboards/snapshot_fixture.py) is published into a temporary
warehouse, ``streamlit run`` serves it on a free port behind the demo identity provider, and
Debian's Chromium, signed in as the Chief Secretary, drives it through Playwright.
Screenshots land in tests/artifacts/screenshots/<page>.png (gitignored) for a person to look
at.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO_ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDTH = 1400


def _snapshot_fixture():
    path = REPO_ROOT / "tests" / "dashboards" / "snapshot_fixture.py"
    spec = importlib.util.spec_from_file_location("bgw_browser_snapshot_fixture", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _signed_in_app():
    """tests/e2e/signed_in_app.py: the dashboards behind the demo identity provider."""
    name = "bgw_signed_in_app"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("signed_in_app.py")
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's `chromium` "
            "package (apt-get install chromium); CI installs it.",
            pytrace=False,
        )
    tmp = tmp_path_factory.mktemp("browser")
    warehouse = tmp / "warehouse"
    _snapshot_fixture().publish(warehouse)
    with _signed_in_app().serve(tmp, warehouse) as served:
        yield served.base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def signed_in(browser, server):
    """Every page open: signed in once, through the demo identity provider, as the Chief
    Secretary (tests/e2e/test_browser_sign_in.py covers the other roles)."""
    context = browser.new_context()
    _signed_in_app().sign_in(context.new_page(), server, "chief.secretary")
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def page(browser, signed_in):
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, storage_state=signed_in)
    tab = context.new_page()
    yield tab
    context.close()


def settle(tab, title: str | None = None) -> None:
    """Wait until the app has finished its run (and shows the page's title)."""
    if title is not None:
        tab.get_by_role("heading", name=title, level=1).wait_for(timeout=30_000)
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    # A rerun starts a moment after the interaction that asked for it: give it that moment,
    # wait it out, and check again once the last elements have painted.
    for pause in (250, 300):
        tab.wait_for_timeout(pause)
        tab.wait_for_selector(idle, timeout=30_000)
    assert tab.locator('[data-testid="stException"]').count() == 0, main_text(tab)[:2000]


def main_text(tab) -> str:
    return tab.locator('[data-testid="stMain"]').inner_text()


def choose(tab, label: str, option: str, *, sidebar: bool = False) -> None:
    """Pick an option of a selectbox by its label, as a person would: open it, type, pick.

    Typing matters: the list closes when the page scrolls, and Playwright scrolls a box
    into view before clicking it.
    """
    scope = "stSidebar" if sidebar else "stMain"
    box = tab.locator(f'[data-testid="{scope}"]').get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    tab.get_by_role("option", name=option, exact=True).click()


def query(tab) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(tab.url).query).items()}


def screenshot(tab, name: str) -> Path:
    """The whole page: the viewport grows to the app's height (the app scrolls internally),
    which also makes every element render."""
    height = tab.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    tab.set_viewport_size({"width": WIDTH, "height": min(max(900, height + 40), 12_000)})
    tab.wait_for_timeout(800)  # charts re-lay themselves out to the new size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def test_overview_lists_the_departments_and_follows_the_district(page, server):
    page.goto(server)
    settle(page, "Overview")
    text = main_text(page)
    assert "Local Government: Citizens' complaints" in text
    assert "IT: e-Governance need assessment" in text
    assert "Demo data: synthetic figures" in text
    assert "Data as published 28 Nov 2026, 15:15 PKT" in text
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(10)  # 5 + 3 + 2 indicators

    choose(page, "District", "Harnai", sidebar=True)
    settle(page)
    assert "Harnai, October 2026" in main_text(page)
    assert main_text(page) != text
    # The choice is in the link, so the view can be shared.
    assert query(page)["district"] == "Harnai"
    assert screenshot(page, "overview").stat().st_size > 20_000


def test_complaints_map_ranking_and_a_period_change(page, server):
    page.goto(f"{server}/complaints")
    settle(page, "Complaints")
    # Charts load their drawing code on first use: expect() waits for them.
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(2)  # map and trend
    # The map is drawn (MapLibre on a blank style: no tiles to fetch from the internet).
    expect(page.locator('[data-testid="stPlotlyChart"] canvas').first).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    assert "Balochistan, October 2026" in main_text(page)

    choose(page, "Period (month)", "Sep 2026", sidebar=True)
    settle(page)
    assert "Balochistan, September 2026" in main_text(page)
    assert query(page)["period"] == "Sep 2026"
    screenshot(page, "complaints")


def test_filters_travel_between_pages_in_the_link(page, server):
    page.goto(f"{server}/complaints?period=Aug+2026&division=Sibi&district=Harnai")
    settle(page, "Complaints")
    assert "Harnai, August 2026" in main_text(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Overview").click()
    settle(page, "Overview")
    assert "Harnai, August 2026" in main_text(page)
    assert query(page) == {"period": "Aug 2026", "division": "Sibi", "district": "Harnai"}


def test_survey_bars_suppression_and_a_wave_change(page, server):
    page.goto(f"{server}/survey")
    settle(page, "e-Governance need-assessment survey")
    text = main_text(page)
    for heading in (
        "How officials answered",
        "Answers by group",
        "Change since the previous wave",
        "Published report against the warehouse",
    ):
        assert heading in text
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(5)
    legend = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert "Neither agree nor disagree" in legend

    page.get_by_text("Department", exact=True).click()  # the breakdown radio
    settle(page)
    assert "suppressed (n<5)" in main_text(page)

    before = main_text(page)
    choose(page, "Survey wave", "2009-wave1")
    settle(page)
    after = main_text(page)
    assert after != before
    assert "first wave" in after
    assert query(page)["wave"] == "2009-wave1"
    screenshot(page, "survey")


def test_data_health_freshness_quarantine_and_a_source_change(page, server):
    page.goto(f"{server}/data-health")
    settle(page, "Data health")
    text = main_text(page)
    for heading in ("Freshness by source", "Loads", "Quarantine", "District names"):
        assert heading in text
    choose(page, "Partitions of one source", "survey")
    settle(page)
    assert "responses: rows per partition" in main_text(page)
    assert "complaints: rows per partition" not in main_text(page)
    screenshot(page, "data_health")
    # Freshness, loads, quarantine, unresolved names (counted once all are on screen).
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(4)


def test_compare_districts_map_ranking_side_by_side_and_an_indicator_change(page, server):
    page.goto(f"{server}/compare-districts")
    settle(page, "Compare districts")
    # Map, ranking bars, small multiples and trend; the ranking and side-by-side tables.
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(4)
    expect(page.locator('[data-testid="stPlotlyChart"] canvas').first).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(2)
    text = main_text(page)
    for heading in ("Side by side", "Numerator:", "Denominator:", "Source:"):
        assert heading in text

    penta = "Health Department · Penta-3 coverage (% of target children)"
    choose(page, "Indicator", penta)
    settle(page)
    assert "Penta-3 coverage by district, Balochistan, Oct 2026" in main_text(page)
    # The indicator is in the link, beside the sidebar's filters.
    assert query(page)["compare_indicator"] == penta
    choose(page, "Division", "Sibi", sidebar=True)
    settle(page)
    assert "Penta-3 coverage by district, Sibi division, Oct 2026" in main_text(page)
    screenshot(page, "compare_districts")


def test_district_profile_follows_the_sidebar_district(page, server):
    page.goto(f"{server}/district-profile?district=Awaran")
    settle(page, "District profile")
    text = main_text(page)
    assert "Awaran, Kalat division" in text
    assert "Scorecard: Awaran against Kalat division and Balochistan" in text
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(8)  # 5 census + 3 counts
    choose(page, "District", "Harnai", sidebar=True)
    settle(page)
    assert "Harnai, Sibi division" in main_text(page)
    assert query(page)["district"] == "Harnai"
    screenshot(page, "district_profile")


def test_service_kpis_tabs_keep_the_department_in_the_link(page, server):
    page.goto(f"{server}/service-kpis?district=Awaran")
    settle(page, "Service KPIs")
    text = main_text(page)
    assert "Awaran: every health indicator" in text
    assert "Facilities that did not report" in text
    screenshot(page, "service_kpis")

    page.get_by_role("tab", name="Complaints").click()
    settle(page)
    text = main_text(page)
    assert "Awaran: every complaints indicator" in text
    assert "Facilities that did not report" not in text
    assert query(page)["department"] == "Complaints"


def test_ereadiness_index_map_ranking_and_a_year_change(page, server):
    page.goto(f"{server}/e-readiness")
    settle(page, "E-readiness")
    # Map and ranking bars on the first tab (Streamlit renders every tab's content).
    expect(page.locator('[data-testid="stPlotlyChart"] canvas').first).to_be_visible()
    text = main_text(page)
    assert "E-readiness index by district, Balochistan, FY 2025-26" in text
    for tab in ("Components", "Sensitivity and stability", "Departments", "Method"):
        expect(page.get_by_role("tab", name=tab)).to_have_count(1)
    screenshot(page, "ereadiness")

    choose(page, "Fiscal year", "FY 2024-25")
    settle(page)
    assert "E-readiness index by district, Balochistan, FY 2024-25" in main_text(page)
    choose(page, "Division", "Sibi", sidebar=True)
    settle(page)
    assert "E-readiness index by district, Sibi division, FY 2024-25" in main_text(page)
