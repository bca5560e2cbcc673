"""The survey page: answers, cross-tabs with suppression, group tests, waves, reconciliation."""

from __future__ import annotations

import json

import pytest

from dashboards.queries.survey import SUPPRESSED

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/survey.py"


@pytest.fixture
def page(publish, run_app):
    publish()
    at = run_app(PAGE)
    assert not at.exception
    return at


def figure(at, key):
    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    return json.loads(chart.proto.spec)


def table_with(at, column):
    (found,) = [d for d in at.dataframe if column in d.value.columns]
    return found.value


def test_opens_on_the_latest_wave_with_every_section(page):
    assert page.selectbox(key="wave").value == "2010-wave2"
    assert page.selectbox(key="section").value is None
    assert [h.value for h in page.header] == [
        "How officials answered",
        "Answers by group",
        "Do groups differ? (level of government)",
        "Change since the previous wave",
        "Published report against the warehouse",
    ]


def test_says_which_items_are_synthetic(page):
    (note,) = [i.value for i in page.info if "synthetic" in i.value]
    assert "2 items (Figure C1, letters a, b)" in note
    assert "other 2 items" in note
    (listed,) = [
        d.value
        for d in page.dataframe
        if list(d.value.columns) == ["item_order", "section", "item_label", "source_reference"]
    ]
    assert set(listed["item_label"]) == {
        "Electricity problem",
        "Does your office have an internet connection?",
    }


def test_answers_are_diverging_bars_centred_on_neutral_and_ordered_by_agreement(page):
    agreement = figure(page, "survey_likert_agreement")
    names = [t["name"] for t in agreement["data"]]
    assert names == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    neutral = agreement["data"][2]
    # The neutral segment straddles zero on every bar.
    for base, width in zip(neutral["base"], neutral["x"], strict=True):
        assert base <= 0 <= base + width
    # Items by net agreement, highest on top: service efficiency (100) above corruption.
    top_to_bottom = list(reversed(agreement["layout"]["yaxis"]["categoryarray"]))
    assert top_to_bottom[0].startswith("E-Governance can increase service efficiency (n=44)")
    assert all("(n=44)" in label for label in top_to_bottom)
    assert (
        "percent" in agreement["layout"]["xaxis"]["title"]["text"].lower()
        or "%" in (agreement["layout"]["xaxis"]["title"]["text"])
    )
    yes_no = figure(page, "survey_likert_yes_no")
    assert [t["name"] for t in yes_no["data"]] == ["No", "No answer", "Yes"]


def test_changing_the_wave_changes_the_answers(page):
    before = figure(page, "survey_likert_agreement")["data"][4]["x"]
    page.selectbox(key="wave").select("2009-wave1").run()
    assert not page.exception
    after = figure(page, "survey_likert_agreement")["data"][4]["x"]
    assert after != before


def test_the_wave_can_be_given_in_the_link(publish, run_app):
    publish()
    at = run_app(PAGE, query={"wave": "2009-wave1", "section": "Perception"})
    assert not at.exception
    assert at.selectbox(key="wave").value == "2009-wave1"
    assert at.selectbox(key="section").value == "perception"
    assert [t["name"] for t in figure(at, "survey_likert_agreement")["data"]][3] == "Agree"


def test_suppressed_cells_read_suppressed_and_never_show_a_value(page, facts):
    page.radio(key="survey_dimension").set_value("department").run()
    assert not page.exception
    grid = table_with(page, "Department")
    health = grid[grid["Department"] == "Health"].iloc[0]
    # A group of 3: its size and every answer are hidden.
    assert health["Respondents"] == SUPPRESSED
    assert {health[c] for c in grid.columns if c not in ("Department", "Respondents")} <= {
        SUPPRESSED,
        "–",
    }
    education = grid[grid["Department"] == "Education"].iloc[0]
    assert education["Respondents"] == "6"
    # Every cell the mart hides is written as suppressed; every other one shows its count.
    cells = facts.fixture.crosstab()
    hidden = cells[
        (cells["wave"] == "2010-wave2")
        & (cells["item_code"] == "pc_a_service_efficiency")
        & (cells["dimension"] == "department")
    ]
    for row in hidden.itertuples(index=False):
        shown = grid.loc[grid["Department"] == row.group_label, row.category_label].iloc[0]
        if row.is_suppressed:
            assert shown == SUPPRESSED
        else:
            assert shown.endswith(f"({int(row.n_respondents)})")


def test_the_sidebar_district_narrows_the_district_breakdown(page):
    page.radio(key="survey_dimension").set_value("district").run()
    both = table_with(page, "District")["District"].tolist()
    assert both[:2] == ["Awaran", "Gwadar"]
    page.selectbox(key="district").select("PK205").run()
    assert not page.exception
    assert table_with(page, "District")["District"].tolist() == [
        "Gwadar",
        "All respondents (province)",
    ]


def test_group_differences_show_effect_sizes_and_only_adjusted_p_values(page):
    tests = table_with(page, "p_holm")
    assert "p_value" not in tests.columns
    assert {"effect_size", "effect_magnitude", "p_holm", "p_bh"} <= set(tests.columns)
    spec = figure(page, "survey_effects")
    assert "Holm" in " ".join(t["name"] for t in spec["data"])
    caption = " ".join(c.value for c in page.caption)
    assert "no unadjusted p-value is shown" in caption


def test_the_breakdown_changes_the_group_tests(page):
    level = table_with(page, "p_holm")["effect_size"].tolist()
    page.radio(key="survey_dimension").set_value("department").run()
    department = table_with(page, "p_holm")
    assert department["effect_size"].tolist() != level
    assert department["is_significant_holm"].any()


def test_wave_comparison_needs_a_previous_wave(page):
    spec = figure(page, "survey_waves")
    assert [t["name"] for t in spec["data"] if t.get("showlegend", True)][-2:] == [
        "2009-wave1",
        "2010-wave2",
    ]
    page.selectbox(key="wave").select("2009-wave1").run()
    assert any("first wave" in i.value for i in page.info)


def test_reconciliation_shows_published_against_warehouse_figures(page, facts):
    distribution = facts.fixture.item_distribution()
    published = int(distribution["is_published_figure"].sum())
    (check,) = [m for m in page.metric if "reproduces" in m.label]
    assert check.value == f"{published} of {published}"
    rows = table_with(page, "published_pct")
    assert (rows["published_pct"] == rows["warehouse_pct_rounded"]).all()
    assert rows["matches"].all()


def test_every_table_downloads_as_csv_and_excel(page):
    keys = {b.key for b in page.get("download_button")}
    for table in (
        "survey_distribution",
        "survey_crosstab",
        "survey_tests",
        "survey_waves",
        "survey_reconciliation",
    ):
        assert {f"{table}_csv", f"{table}_xlsx"} <= keys


def test_page_says_so_when_the_survey_has_not_loaded(publish, run_app, facts):
    publish(without=facts.fixture.SURVEY_MARTS)
    at = run_app(PAGE)
    assert not at.exception
    assert any("no survey figures yet" in i.value for i in at.info)
