"""The sidebar filters: shared by every page, kept across pages, and carried in the URL."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

COMPLAINTS = "app_pages/complaints.py"
SURVEY = "app_pages/survey.py"


def test_period_options_are_the_months_of_the_monthly_marts_newest_first(publish, run_app):
    publish()
    at = run_app()
    period = at.selectbox(key="period")
    assert period.options == ["Nov 2026", "Oct 2026", "Sep 2026", "Aug 2026", "Jul 2026"]
    assert period.value == date(2026, 10, 1)


def test_the_fiscal_year_is_shown_under_the_period(publish, run_app):
    publish()
    at = run_app()
    assert "FY 2026-27" in [c.value for c in at.sidebar.caption]


def test_the_month_in_progress_is_marked(publish, run_app):
    publish()
    at = run_app()
    at.selectbox(key="period").select(date(2026, 11, 1)).run()
    assert "FY 2026-27 · month in progress" in [c.value for c in at.sidebar.caption]


def test_a_link_with_query_parameters_opens_that_view(publish, run_app):
    publish()
    at = run_app(COMPLAINTS, query={"period": "Aug 2026", "division": "Sibi", "district": "Harnai"})
    assert not at.exception
    assert at.selectbox(key="period").value == date(2026, 8, 1)
    assert at.selectbox(key="division").value == "Sibi"
    assert at.selectbox(key="district").value == "PK206"
    assert "Harnai, August 2026" in [s.value for s in at.subheader]


def test_values_the_snapshot_does_not_hold_fall_back_to_the_defaults(publish, run_app):
    publish()
    at = run_app(query={"period": "Jan 1999", "division": "Atlantis", "district": "Nowhere"})
    assert not at.exception
    assert at.selectbox(key="period").value == date(2026, 10, 1)
    assert at.selectbox(key="division").value is None
    assert at.selectbox(key="district").value is None


def test_filters_keep_their_values_when_moving_to_another_page(publish, run_app):
    publish()
    at = run_app(COMPLAINTS)
    at.selectbox(key="period").select(date(2026, 9, 1)).run()
    at.selectbox(key="district").select("PK201").run()
    at.switch_page(SURVEY).run()
    assert not at.exception
    assert at.selectbox(key="period").value == date(2026, 9, 1)
    assert at.selectbox(key="district").value == "PK201"
    at.switch_page(COMPLAINTS).run()
    assert "Awaran, September 2026" in [s.value for s in at.subheader]


def test_a_district_outside_the_chosen_division_is_dropped(publish, run_app):
    publish()
    at = run_app(COMPLAINTS)
    at.selectbox(key="district").select("PK201").run()  # Awaran, Kalat division
    at.selectbox(key="division").select("Sibi").run()
    assert not at.exception
    assert at.selectbox(key="district").value is None
    assert "Sibi, October 2026" in [s.value for s in at.subheader]


def test_without_monthly_marts_the_period_is_disabled_and_pages_still_run(publish, run_app, facts):
    publish(without=facts.fixture.COMPLAINTS_MARTS + facts.fixture.INDICATOR_MARTS)
    at = run_app()
    assert not at.exception
    period = at.selectbox(key="period")
    assert period.disabled
    assert period.value is None
