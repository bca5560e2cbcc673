"""The Overview page: a block of headline KPIs per loaded source, the rest listed."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/overview.py"


@pytest.fixture
def page(publish, run_app):
    publish()
    at = run_app(PAGE)
    assert not at.exception
    return at


def metric(at, label):
    (found,) = [m for m in at.metric if m.label == label]
    return found


def subheaders(at):
    return [s.value for s in at.subheader]


def test_each_loaded_source_gets_a_block_named_by_its_department(page):
    assert subheaders(page)[:3] == [
        "Local Government: Citizens' complaints",
        "IT: e-Governance need assessment",
        # No page of its own yet: its block comes from the indicator registry mart.
        "Health: Health Management Information System (DHIS2)",
    ]


def province(facts, month):
    monthly = facts.fixture.complaints_monthly()
    row = monthly[(monthly["geo_level"] == "province") & (monthly["month_start"] == month)]
    return int(row["complaints_received"].iloc[0])


def test_complaint_kpis_are_the_latest_complete_month_against_the_month_before(page, facts):
    received = metric(page, "Complaints received")
    october, september = province(facts, date(2026, 10, 1)), province(facts, date(2026, 9, 1))
    assert received.value == f"{october:,}"
    assert received.proto.delta == f"{october - september:+,}"
    assert received.proto.delta_description == "vs Sep 2026"
    assert any("October 2026, against Sep 2026" in c.value for c in page.caption)


def test_changing_the_period_changes_the_headline(page):
    before = metric(page, "Complaints received").value
    page.selectbox(key="period").select(date(2026, 8, 1)).run()
    assert not page.exception
    after = metric(page, "Complaints received").value
    assert after != before
    assert any("August 2026, against Jul 2026" in c.value for c in page.caption)


def test_choosing_a_district_gives_its_own_figures(page):
    page.selectbox(key="district").select("PK201").run()
    assert not page.exception
    assert any("Awaran, October 2026" in c.value for c in page.caption)
    assert "Headline figures for **Awaran**" in page.caption[1].value


def test_survey_headline_compares_the_latest_wave_with_the_one_before(page):
    respondents = metric(page, "Respondents")
    assert respondents.value == "44"
    assert respondents.proto.delta_description == "vs 2009-wave1"
    assert metric(page, "Items that changed").value == "1"


def test_sources_not_loaded_or_without_a_headline_are_listed(page):
    assert "Other departmental systems" in subheaders(page)
    (systems, _contents) = page.dataframe
    assert set(systems.value["source_code"]) == {"bemis"}
    assert set(systems.value["state"]) == {"not loaded yet"}


def test_the_snapshot_contents_are_listed_and_downloadable(page):
    (_systems, contents) = page.dataframe
    assert "rpt_survey__crosstab" in set(contents.value["table_name"])
    keys = {b.key for b in page.get("download_button")}
    assert {"overview_contents_csv", "overview_contents_xlsx"} <= keys


def test_a_source_whose_marts_are_missing_loses_its_block(publish, run_app, facts):
    publish(without=facts.fixture.SURVEY_MARTS)
    at = run_app(PAGE)
    assert not at.exception
    assert "IT: e-Governance need assessment" not in subheaders(at)
    assert "Local Government: Citizens' complaints" in subheaders(at)


def test_changes_are_coloured_blue_when_better_and_orange_when_worse_never_red_green(page):
    from streamlit.proto.Metric_pb2 import Metric

    allowed = {Metric.MetricColor.BLUE, Metric.MetricColor.ORANGE, Metric.MetricColor.GRAY}
    assert {m.proto.color for m in page.metric if m.proto.delta} <= allowed
    # Fewer complaints per 100,000 people is better: a fall is blue.
    per_100k = metric(page, "Complaints per 100,000 people").proto
    assert per_100k.delta.startswith("-") == (per_100k.color == Metric.MetricColor.BLUE)


def test_indicator_registry_kpis_carry_their_sources_reporting_completeness(page):
    penta = metric(page, "Penta-3 coverage")
    assert penta.value == "73.0 %"
    assert penta.proto.delta == "+0.5 %"
    assert "completeness of the source here: 95 %" in penta.proto.help

    # Awaran in October: Penta-3 fell, but only 60 % of its reports came in.
    page.selectbox(key="district").select("PK201").run()
    assert not page.exception
    awaran = metric(page, "Penta-3 coverage · ⚠ 60 % reported")
    assert awaran.value == "41.0 %"
    assert awaran.proto.delta == "-25.0 %"
