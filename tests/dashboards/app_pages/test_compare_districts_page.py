"""The Compare districts page: any registry indicator mapped, ranked, side by side and over
time, with its definition, and district splits marked where a series crosses one."""

from __future__ import annotations

import json
from datetime import date

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/compare_districts.py"
GIRLS = "EDU_GIRLS_SHARE_PCT"


@pytest.fixture
def page(publish, run_app, facts):
    facts.fixture.add_education_series(publish())
    at = run_app(PAGE)
    assert not at.exception
    return at


# Tables by what they hold (AppTest does not expose a dataframe's key).
TABLE_COLUMNS = {"compare_ranking": "rank", "compare_side_by_side": "indicator_name"}


def table(at, key):
    (found,) = [d.value for d in at.dataframe if TABLE_COLUMNS[key] in d.value.columns]
    return found


def figure(at, key):
    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    return json.loads(chart.proto.spec)


def choose(at, key, value):
    at.selectbox(key=key).select(value).run()
    assert not at.exception
    return at


def test_every_registry_indicator_with_district_figures_can_be_chosen(page):
    indicator = page.selectbox(key="compare_indicator")
    assert set(indicator.options) == {
        "Health Department · Outpatient visits per 1,000 people",
        "Health Department · Penta-3 coverage (% of target children)",
        "Local Government & Rural Development Department · Complaints resolved within 40 days "
        "(% of resolved complaints)",
        "School Education Department · Girls' share of enrolment (% of pupils)",
        "School Education Department · Pupils enrolled in government schools (pupils)",
    }
    assert [t.value for t in page.title] == ["Compare districts"]


def test_the_indicator_shows_its_definition_numerator_denominator_and_source(page):
    choose(page, "compare_indicator", GIRLS)
    text = "\n".join(m.value for m in page.markdown)
    assert "**Numerator:** Girls on roll" in text
    assert "**Denominator:** Pupils on roll (boys and girls)" in text
    assert "**Source:** Balochistan Education Management Information System" in text
    assert "numerator ÷ denominator × 100" in text


def test_map_ranking_table_and_downloads_are_there(page, facts):
    ranking = table(page, "compare_ranking")
    assert len(ranking) == len(facts.fixture.DISTRICTS)
    assert ranking["rank"].iloc[0] == 1
    (shapes, *_rest) = figure(page, "compare_map")["data"]
    assert len(shapes["locations"]) == len(facts.fixture.DISTRICTS)
    assert figure(page, "compare_ranking_bars")["data"][0]["orientation"] == "h"
    keys = {b.key for b in page.get("download_button")}
    assert {"compare_ranking_csv", "compare_ranking_xlsx"} <= keys
    assert {"compare_side_by_side_csv", "compare_side_by_side_xlsx"} <= keys


def test_changing_the_indicator_changes_the_ranking(page):
    before = table(page, "compare_ranking")
    choose(page, "compare_indicator", GIRLS)
    after = table(page, "compare_ranking")
    assert after["district_pcode"].tolist() != before["district_pcode"].tolist()
    assert set(after["period_label"]) == {"FY 2025-26"}
    assert any("by district, Balochistan, FY 2025-26" in s.value for s in page.subheader)


def test_the_sidebar_period_picks_the_period_shown(page):
    choose(page, "compare_indicator", "HLT_PENTA3_COVERAGE")
    october = table(page, "compare_ranking")
    choose(page, "period", date(2026, 8, 1))
    august = table(page, "compare_ranking")
    assert set(august["period_label"]) == {"Aug 2026"}
    assert not august["value"].equals(october["value"])


def test_the_division_filter_maps_and_ranks_only_its_districts(page):
    choose(page, "division", "Sibi")
    assert sorted(table(page, "compare_ranking")["district_pcode"]) == ["PK204", "PK206"]
    (shapes, *_rest) = figure(page, "compare_map")["data"]
    assert sorted(shapes["locations"]) == ["PK204", "PK206"]
    assert any("Sibi division" in s.value for s in page.subheader)


def test_side_by_side_starts_with_the_four_ranked_last_and_follows_the_choice(page):
    ranking = table(page, "compare_ranking")
    chosen = page.multiselect(key="compare_districts")
    assert chosen.value == ranking["district_pcode"].tolist()[-4:]
    side = table(page, "compare_side_by_side")
    assert len(side.columns) == 3 + 4 + 1  # indicator, unit, period; four districts; province

    chosen.set_value(["PK201", "PK205"]).run()
    assert not page.exception
    side = table(page, "compare_side_by_side")
    assert list(side.columns[3:]) == ["Awaran", "Gwadar", "Balochistan"]
    panels = figure(page, "compare_small_multiples")
    assert [a["text"] for a in panels["layout"]["annotations"]] == ["Awaran", "Gwadar"]


def test_no_more_than_four_districts_can_be_compared(page):
    assert page.multiselect(key="compare_districts").max_selections == 4


def test_a_series_that_crosses_a_split_is_marked_on_the_trend(page):
    choose(page, "compare_indicator", GIRLS)
    page.multiselect(key="compare_districts").set_value(["PK204", "PK201"]).run()
    assert not page.exception
    trend = figure(page, "compare_trend")
    notes = [a["text"] for a in trend["layout"]["annotations"]]
    assert notes == ["⚑ Upper Dera Bugti split from Dera Bugti, 26 Feb 2026"]
    (line,) = trend["layout"]["shapes"]
    assert line["x0"].startswith("2026-02-26")
    (warning,) = [w for w in page.warning if "change of district boundaries" in w.value]
    assert "Upper Dera Bugti split from Dera Bugti, 26 Feb 2026" in warning.value
    # The trend's x-axis speaks fiscal years.
    assert "FY 2025-26" in trend["layout"]["xaxis"]["ticktext"]
    assert trend["layout"]["xaxis"]["title"]["text"] == "Fiscal year (July–June)"


def test_a_series_within_one_boundary_regime_is_not_marked(page):
    choose(page, "compare_indicator", "HLT_PENTA3_COVERAGE")
    page.multiselect(key="compare_districts").set_value(["PK204"]).run()
    assert not figure(page, "compare_trend")["layout"].get("shapes")
    assert not [w for w in page.warning if "change of district boundaries" in w.value]


def test_the_sidebar_district_is_compared_and_ranked_by_default(publish, run_app):
    publish()
    at = run_app(PAGE, query={"district": "Harnai"})
    assert not at.exception
    assert at.multiselect(key="compare_districts").value == ["PK206"]
    assert any("**Harnai** ranks" in m.value for m in at.markdown)


def test_without_the_indicator_marts_the_page_says_so(publish, run_app, facts):
    publish(without=facts.fixture.INDICATOR_MARTS)
    at = run_app(PAGE)
    assert not at.exception
    assert any("no indicator figures yet" in i.value for i in at.info)
