"""The router and the header every page shares: banner, publication time, no-data message,
and picking up a newly published snapshot without a restart."""

from __future__ import annotations

import pytest

from dashboards.page_header import DEMO_BANNER

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

COMPLAINTS = "app_pages/complaints.py"
PAGES = {
    "app_pages/overview.py": "Overview",
    "app_pages/complaints.py": "Complaints",
    "app_pages/survey.py": "e-Governance need-assessment survey",
    "app_pages/data_health.py": "Data health",
}


def ranking(at):
    (table,) = at.dataframe  # the page's only table
    return table.value


def test_app_opens_on_the_overview(publish, run_app):
    publish()
    at = run_app()
    assert not at.exception
    assert [t.value for t in at.title] == ["Overview"]


@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_every_page_runs_with_the_banner_the_publication_time_and_the_filters(
    publish, run_app, page, title
):
    publish(synthetic=True)
    at = run_app(page)
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    assert [w.value for w in at.warning] == [DEMO_BANNER]
    assert any("28 Nov 2026, 15:15 PKT" in c.value for c in at.caption)
    assert [s.key for s in at.sidebar.selectbox] == ["period", "division", "district"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_what_is_missing_when_no_source_has_loaded(publish, run_app, facts, page):
    marts = facts.fixture
    publish(without=marts.COMPLAINTS_MARTS + marts.SURVEY_MARTS + marts.DATA_HEALTH_MARTS)
    at = run_app(page)
    assert not at.exception
    assert not at.error
    assert at.info or page.endswith("overview.py")


def test_demo_banner_is_shown_when_the_snapshot_is_synthetic(publish, run_app):
    publish(synthetic=True)
    at = run_app()
    assert [w.value for w in at.warning] == [DEMO_BANNER]


def test_demo_banner_is_absent_when_the_snapshot_is_not_synthetic(publish, run_app):
    publish(synthetic=False)
    at = run_app()
    assert not at.exception
    assert DEMO_BANNER not in [w.value for w in at.warning]


def test_every_page_shows_when_the_snapshot_was_published(publish, run_app):
    publish()
    at = run_app()
    captions = [c.value for c in at.caption]
    assert any("28 Nov 2026, 15:15 PKT (10:15 UTC)" in c for c in captions), captions


def test_missing_snapshot_tells_how_to_run_the_pipeline_instead_of_raising(run_app):
    at = run_app()
    assert not at.exception
    (error,) = at.error
    assert "No serving snapshot has been published yet" in error.value
    assert "make demo" in error.value


def test_pointer_to_a_missing_file_tells_how_to_run_the_pipeline(warehouse, publish, run_app):
    publish().unlink()
    at = run_app()
    assert not at.exception
    (error,) = at.error
    assert "does not exist" in error.value
    assert "make demo" in error.value


def test_broken_pointer_tells_how_to_run_the_pipeline(warehouse, run_app):
    (warehouse / "serving").mkdir()
    (warehouse / "serving" / "current.json").write_text("{not json", encoding="utf-8")
    at = run_app()
    assert not at.exception
    (error,) = at.error
    assert "not valid" in error.value
    assert "make demo" in error.value


def test_a_newly_published_snapshot_shows_on_the_next_run_without_restart(publish, run_app):
    publish("20261128T101500Z", synthetic=True, scale=1)
    at = run_app(COMPLAINTS)
    before = ranking(at)
    assert [w.value for w in at.warning] == [DEMO_BANNER]

    # Caches are deliberately not cleared: the new pointer alone must be enough.
    publish("20261128T111500Z", synthetic=False, scale=3)
    at.run()

    assert not at.exception
    after = ranking(at)
    assert after["complaints_received"].sum() == 3 * before["complaints_received"].sum()
    assert DEMO_BANNER not in [w.value for w in at.warning]


def test_a_newly_published_snapshot_shows_in_a_new_session(publish, run_app):
    publish("20261128T101500Z", scale=1)
    first = ranking(run_app(COMPLAINTS))
    publish("20261128T111500Z", scale=2)
    second = ranking(run_app(COMPLAINTS))
    assert second["complaints_received"].sum() == 2 * first["complaints_received"].sum()
