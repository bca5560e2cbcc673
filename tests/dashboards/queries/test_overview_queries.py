"""dashboards.queries.overview: the headline registry grows with the marts in the snapshot."""

from __future__ import annotations

from datetime import date

from dashboards.queries import overview
from dashboards.queries.overview import Geography

PROVINCE = Geography("province", "PK2", "Balochistan")


def test_headlines_appear_for_the_sources_whose_marts_are_published(publish, facts):
    publish()
    assert [h.source_code for h in overview.available_headlines()] == ["cqmis", "survey", "hmis"]
    publish("20261128T111500Z", without=facts.fixture.SURVEY_MARTS)
    assert [h.source_code for h in overview.available_headlines()] == ["cqmis", "hmis"]
    publish("20261128T121500Z", without=facts.fixture.INDICATOR_MARTS)
    assert [h.source_code for h in overview.available_headlines()] == ["cqmis", "survey"]


def test_any_source_in_the_indicator_registry_gets_a_generic_headline(publish):
    publish()
    (hmis,) = [h for h in overview.available_headlines() if h.source_code == "hmis"]
    assert hmis.page is None
    figures = hmis.figures(date(2026, 9, 1), Geography("division", "Kalat", "Kalat"))
    assert (figures.period, figures.compared_with) == ("Sep 2026", "Aug 2026")
    kpis = {k.label: k for k in figures.kpis}
    assert kpis["Penta-3 coverage"].value == 66.0
    assert kpis["Penta-3 coverage"].previous == 65.0
    assert kpis["Penta-3 coverage"].suffix == " %"
    assert kpis["Penta-3 coverage"].completeness == 95.0
    assert kpis["Outpatient visits per 1,000 people"].higher_is_better is None


def test_complaint_headline_for_a_district_against_the_month_before(publish):
    publish()
    figures = overview.complaints_figures(
        date(2026, 9, 1), Geography("district", "PK206", "Harnai")
    )
    assert figures.period == "September 2026"
    assert figures.compared_with == "Aug 2026"
    received = figures.kpis[0]
    assert received.label == "Complaints received"
    assert received.change == received.value - received.previous
    assert len(received.trend) == 3  # July to September
    # Harnai resolved nothing in September: no median, no change.
    median = next(k for k in figures.kpis if k.label == "Median days to resolve")
    assert median.value is None and median.change is None


def test_complaint_headline_falls_back_to_the_latest_complete_month(publish):
    publish()
    figures = overview.complaints_figures(date(2025, 1, 1), PROVINCE)
    assert figures.period == "October 2026"
    assert "No complaint figures for January 2025" in figures.note


def test_survey_headline_compares_the_last_two_waves(publish):
    publish()
    figures = overview.survey_figures(None, PROVINCE)
    assert figures.period == "wave 2010-wave2"
    assert figures.compared_with == "2009-wave1"
    kpis = {k.label: k for k in figures.kpis}
    assert kpis["Respondents"].value == 44
    assert kpis["Items that changed"].value == 1


def test_sources_list_every_system_with_its_freshness_when_published(publish, facts):
    publish()
    sources = overview.sources().set_index("source_code")
    assert sources.at["hmis", "freshness_status"] == "overdue"
    assert sources.at["cqmis", "department"] == "Local Government"
    publish("20261128T111500Z", without=facts.fixture.DATA_HEALTH_MARTS)
    assert overview.sources()["freshness_status"].isna().all()
