"""The Service KPIs page: a tab per department with its registry indicators for the chosen
place, over time and by district; in Health, the facilities that did not report."""

from __future__ import annotations

import json
from datetime import date

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/service_kpis.py"


@pytest.fixture
def page(publish, run_app):
    publish()
    at = run_app(PAGE)
    assert not at.exception
    return at


def table_with(at, column):
    (found,) = [d.value for d in at.dataframe if column in d.value.columns]
    return found


def figure(at, key):
    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    return json.loads(chart.proto.spec)


def markdown(at):
    return "\n".join(m.value for m in at.markdown)


def test_there_is_a_tab_per_department_and_health_opens_first(page):
    assert [t.label for t in page.tabs] == [
        "Health",
        "Education",
        "Exams",
        "Complaints",
        "NGOs",
        "Development schemes",
        "HR",
        "Land records",
        "Water",
    ]
    assert "**Balochistan: every health indicator, at or before Oct 2026**" in markdown(page)
    place = table_with(page, "value_text").set_index("indicator_code")
    assert place.loc["HLT_PENTA3_COVERAGE", "value_text"] == "73.0 %"
    assert place.loc["HLT_PENTA3_COVERAGE", "change_text"] == "+0.5 pp ▲ better"


def test_the_health_indicator_is_shown_over_time_and_by_district(page):
    trend = figure(page, "kpi_health_trend")
    assert [t["name"] for t in trend["data"]] == ["Balochistan (province)"]
    bars = figure(page, "kpi_health_ranking")
    assert len(bars["data"][0]["y"]) == 6
    assert "**Numerator:**" in markdown(page) and "**Source:**" in markdown(page)
    keys = {b.key for b in page.get("download_button")}
    assert {"kpi_health_place_csv", "kpi_health_place_xlsx", "kpi_health_ranking_csv"} <= keys


def test_choosing_a_district_changes_the_figures_and_adds_its_division(page):
    before = table_with(page, "value_text")
    page.selectbox(key="district").select("PK201").run()
    assert not page.exception
    after = table_with(page, "value_text").set_index("indicator_code")
    assert not after["value_text"].equals(before.set_index("indicator_code")["value_text"])
    assert after.loc["HLT_PENTA3_COVERAGE", "change_text"] == "-25.0 pp ▼ worse"
    names = [t["name"] for t in figure(page, "kpi_health_trend")["data"]]
    assert names == ["Balochistan (province)", "Kalat (division)", "Awaran (district)"]


def test_the_health_tab_lists_the_reporting_of_every_district_when_none_is_chosen(page):
    summary = table_with(page, "facilities_expected")
    assert summary["district_name"].iloc[0] == "Awaran"
    assert summary["completeness_pct"].iloc[0] == pytest.approx(60.0)
    assert any("Choose a district in the sidebar to list" in c.value for c in page.caption)


def test_the_facilities_that_did_not_report_are_listed_for_a_district(publish, run_app, facts):
    publish()
    at = run_app(PAGE, query={"district": "Awaran"})
    assert not at.exception
    facilities = table_with(at, "report_status")
    missing = {u for u, m in facts.fixture.NOT_REPORTED if m == date(2026, 10, 1)}
    assert set(facilities["org_unit_id"]) == missing | {"awr02"}  # and the late one
    assert set(facilities["report_status"]) == {"did not report", "reported late"}
    assert {m.label: m.value for m in at.metric}["Did not report"] == str(len(missing))
    assert {"facility_name", "facility_type", "tehsil_name"} <= set(facilities.columns)

    at.toggle(key="kpi_facilities_only_gaps").set_value(False).run()
    assert len(table_with(at, "report_status")) == 10


def test_a_period_change_changes_the_facility_list(publish, run_app):
    publish()
    at = run_app(PAGE, query={"district": "Awaran"})
    at.selectbox(key="period").select(date(2026, 9, 1)).run()
    assert not at.exception
    assert table_with(at, "report_status")["org_unit_id"].tolist() == ["awr08"]


def test_the_tab_is_opened_from_the_link(publish, run_app):
    publish()
    at = run_app()
    at.switch_page(PAGE)
    at.query_params["department"] = "Complaints"
    at.run()
    assert not at.exception
    assert "**Balochistan: every complaints indicator, at or before Oct 2026**" in markdown(at)
    assert any(link.label == "Open the Complaints page" for link in at.get("page_link"))
    # Health's drill-down is not run for another tab.
    assert not [s for s in at.subheader if s.value == "Facilities that did not report"]


def test_a_department_not_loaded_says_so(publish, run_app):
    publish()
    at = run_app()
    at.switch_page(PAGE)
    at.query_params["department"] = "Water"
    at.run()
    assert not at.exception
    assert any("Water-scheme survey has not been loaded" in i.value for i in at.info)


def test_without_the_indicator_marts_the_page_says_so(publish, run_app, facts):
    publish(without=facts.fixture.INDICATOR_MARTS)
    at = run_app(PAGE)
    assert not at.exception
    assert any("no indicator figures yet" in i.value for i in at.info)
