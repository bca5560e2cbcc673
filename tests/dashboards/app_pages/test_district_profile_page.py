"""The District profile page: one district's Census-2023 figures and its scorecard against
its division and the province, better and worse marked by each indicator's direction."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/district_profile.py"


@pytest.fixture
def page(publish, run_app, facts):
    facts.fixture.add_education_series(publish())
    at = run_app(PAGE, query={"district": "Awaran"})
    assert not at.exception
    return at


def scorecard(at):
    (found,) = [d.value for d in at.dataframe if "vs_province" in d.value.columns]
    return found.set_index("indicator_code")


def metric(at, label):
    (found,) = [m for m in at.metric if m.label == label]
    return found


def test_the_district_is_set_against_its_division_and_the_province(page):
    assert [t.value for t in page.title] == ["District profile"]
    headings = [s.value for s in page.subheader]
    assert "Awaran, Kalat division" in headings
    assert "Scorecard: Awaran against Kalat division and Balochistan" in headings


def test_census_figures_come_with_thousands_separators_and_their_shares(page, facts):
    population = metric(page, "Population (2023)")
    assert population.value == f"{facts.fixture.DISTRICTS[0][3]:,}"
    assert population.proto.delta_description == "since Census 2017"
    assert "% of the province's people" in population.proto.help
    assert metric(page, "Literacy, aged 10+").value == "41.9 %"
    assert metric(page, "Area").value == "29,510 km²"


def test_the_scorecard_marks_better_and_worse_by_direction(page):
    card = scorecard(page)
    penta = card.loc["HLT_PENTA3_COVERAGE"]
    assert (penta["district"], penta["division"], penta["province"]) == (
        "41.0 %",
        "58.0 %",
        "73.0 %",
    )
    assert (penta["vs_division"], penta["vs_province"]) == ("▼ worse", "▼ worse")
    # No direction in the registry, and a count: ranked, never called better or worse.
    assert card.loc["HLT_OPD_PER_1000", "vs_province"] == "–"
    assert card.loc["EDU_ENROLMENT_TOTAL", "vs_province"] == "–"
    assert card.loc["EDU_ENROLMENT_TOTAL", "district"].replace(",", "").isdigit()
    assert metric(page, "Worse than the province").value.endswith(f"of {len(card) - 2}")


def test_a_series_that_crosses_a_split_is_flagged_in_the_scorecard(publish, run_app, facts):
    facts.fixture.add_education_series(publish())
    at = run_app(PAGE, query={"district": "Duki"})
    assert not at.exception
    assert scorecard(at).loc["EDU_GIRLS_SHARE_PCT", "indicator"].endswith("⚑")


def test_choosing_another_district_changes_the_scorecard(page):
    awaran = scorecard(page)
    page.selectbox(key="district").select("PK206").run()
    assert not page.exception
    harnai = scorecard(page)
    assert "Harnai, Sibi division" in [s.value for s in page.subheader]
    assert not harnai["district"].equals(awaran["district"])


def test_the_sidebar_period_changes_the_figures(page):
    page.selectbox(key="period").select(date(2026, 9, 1)).run()
    assert not page.exception
    penta = scorecard(page).loc["HLT_PENTA3_COVERAGE"]
    assert (penta["period_label"], penta["district"]) == ("Sep 2026", "66.0 %")


def test_the_gap_chart_and_the_downloads_are_there(page):
    (chart,) = [c for c in page.get("plotly_chart") if "profile_gap" in c.proto.id]
    assert chart
    keys = {b.key for b in page.get("download_button")}
    assert {"profile_scorecard_csv", "profile_scorecard_xlsx"} <= keys


def test_definitions_name_numerator_denominator_and_source(page):
    (definitions,) = [
        e for e in page.expander if e.label.startswith("Definitions: numerator, denominator")
    ]
    text = "\n".join(m.value for m in definitions.markdown)
    assert "*Numerator:* Girls on roll" in text
    assert "*Source:* Balochistan Education Management Information System" in text


def test_without_a_district_the_first_of_the_division_is_shown_and_the_page_says_so(
    publish, run_app
):
    publish()
    at = run_app(PAGE, query={"division": "Sibi"})
    assert not at.exception
    assert "Dera Bugti, Sibi division" in [s.value for s in at.subheader]
    assert any("Choose a district in the sidebar" in i.value for i in at.info)


def test_without_the_indicator_marts_the_census_profile_still_shows(publish, run_app, facts):
    publish(without=facts.fixture.INDICATOR_MARTS)
    at = run_app(PAGE, query={"district": "Awaran"})
    assert not at.exception
    assert metric(at, "Population (2023)")
    assert any("No indicator figures" in i.value for i in at.info)
