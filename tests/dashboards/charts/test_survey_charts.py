"""dashboards.charts.survey: diverging bars, wave change, effect sizes, reconciliation."""

from __future__ import annotations

import pytest

from dashboards.charts import survey as charts
from dashboards.charts.palette import AGREEMENT


@pytest.fixture
def distribution(facts):
    rows = facts.fixture.item_distribution()
    wave = rows[(rows["wave"] == "2010-wave2") & (rows["scale"] == "agreement")]
    return wave.sort_values(["net_agreement_pct", "item_order"], ascending=[False, True])


def test_diverging_bars_draw_each_answer_from_the_marts_segment_start(distribution):
    fig = charts.diverging_bars(distribution)
    assert [t.name for t in fig.data] == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    agree = fig.data[3]
    expected = distribution[distribution["category"] == "agree"]
    assert list(agree.base) == pytest.approx(expected["bar_start_pct"].tolist())
    assert list(agree.x) == pytest.approx(expected["pct"].tolist())
    assert agree.marker.color == AGREEMENT["agree"]
    assert fig.layout.xaxis.range == (-100, 100)
    assert "Share of respondents (%)" in fig.layout.xaxis.title.text


def test_diverging_bars_put_the_most_agreed_item_on_top_with_its_n(distribution):
    fig = charts.diverging_bars(distribution)
    top = fig.layout.yaxis.categoryarray[-1]
    assert top.startswith("E-Governance can increase service efficiency")
    assert top.endswith("(n=44)")


def test_wave_change_shows_both_waves_per_item(facts):
    changes = facts.fixture.wave_comparison(
        facts.fixture.item_distribution(), facts.fixture.group_differences()
    )
    per_item = (
        changes[changes["wave"] == "2010-wave2"]
        .drop_duplicates("item_code")
        .sort_values("net_agreement_change_pp", ascending=False)
    )
    fig = charts.wave_change_dumbbell(per_item, wave="2010-wave2", previous="2009-wave1")
    named = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in named] == ["2009-wave1", "2010-wave2"]
    assert named[0].marker.symbol == "circle-open"
    assert "percentage points" in fig.layout.xaxis.title.text


def test_effect_sizes_mark_holm_significant_items_by_shape_not_colour_alone(facts):
    tests = facts.fixture.group_differences()
    dept = tests[
        (tests["wave"] == "2010-wave2")
        & (tests["comparison"] == "between_groups")
        & (tests["dimension"] == "department")
    ]
    fig = charts.effect_sizes(dept)
    symbols = {t.name: t.marker.symbol for t in fig.data}
    assert symbols["rank-biserial r: significant after Holm"] == "circle"
    assert symbols["rank-biserial r: not significant after Holm"] == "circle-open"


def test_reconciliation_scatter_has_the_line_of_agreement(facts):
    rows = facts.fixture.item_distribution()
    published = rows[rows["is_published_figure"]].assign(
        warehouse_pct=lambda f: f["pct"],
        matches=True,
        item_letter="a",
    )
    fig = charts.reconciliation_scatter(published)
    assert fig.data[0].name == "Warehouse = report"
    assert fig.data[1].name == "Matches the report (rounded)"
    assert fig.layout.xaxis.title.text == "Published in the report (%)"
