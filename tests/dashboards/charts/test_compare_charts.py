"""Charts comparing districts: the trend marks district splits, periods keep their registry
labels, the ranking puts the best on top, and the scorecard's better side is to the right."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards.charts.compare import (
    boundary_label,
    indicator_trend,
    ranking_bars,
    small_multiples,
)
from dashboards.charts.district_profile import gap_to_province
from dashboards.charts.palette import BAD, GOOD, NEUTRAL

HUB = {
    "district_pcode": "PK217",
    "district_name": "Lasbela",
    "unit_name": "Hub",
    "event": "split_from",
    "parent_district_name": "Lasbela",
    "harmonised_district_name": "Lasbela",
    "effective_from": date(2022, 6, 7),
    "note": "",
}


def fiscal_series(places=(("district", "PK217", "Lasbela"),), years=range(2018, 2026)):
    rows = []
    for level, code, name in (("province", "PK2", "Balochistan"), *places):
        for k, year in enumerate(years):
            rows.append(
                {
                    "period_start": date(year, 7, 1),
                    "period_label": f"FY {year}-{(year + 1) % 100:02d}",
                    "geo_level": level,
                    "geo_code": code,
                    "geo_name": name,
                    "value": 30.0 + k + (5 if level == "district" else 0),
                }
            )
    return pd.DataFrame(rows)


def test_a_split_reads_unit_verb_parent_and_date():
    assert boundary_label(HUB) == "Hub split from Lasbela, 7 Jun 2022"
    renamed = {
        **HUB,
        "unit_name": "South Dera Bugti",
        "event": "renamed_from",
        "parent_district_name": "Dera Bugti",
        "effective_from": date(2026, 7, 8),
    }
    assert boundary_label(renamed) == "South Dera Bugti renamed from Dera Bugti, 8 Jul 2026"


def test_the_trend_marks_each_split_with_a_line_and_its_label_on_the_day():
    fig = indicator_trend(
        fiscal_series(),
        value_label="Girls' share of enrolment",
        unit="% of pupils",
        period_axis="Fiscal year (July–June)",
        changes=pd.DataFrame([HUB]),
    )
    (line,) = fig.layout.shapes
    assert pd.Timestamp(line.x0) == pd.Timestamp("2022-06-07") == pd.Timestamp(line.x1)
    assert line.line.dash == "dot"
    (note,) = fig.layout.annotations
    assert "Hub split from Lasbela, 7 Jun 2022" in note.text


def test_the_trend_without_changes_has_no_marks_and_labels_fiscal_years():
    fig = indicator_trend(
        fiscal_series(),
        value_label="Girls' share of enrolment",
        unit="% of pupils",
        period_axis="Fiscal year (July–June)",
    )
    assert not fig.layout.shapes and not fig.layout.annotations
    assert list(fig.layout.xaxis.ticktext) == [
        f"FY {y}-{(y + 1) % 100:02d}" for y in range(2018, 2026)
    ]
    assert fig.layout.xaxis.title.text == "Fiscal year (July–June)"
    assert fig.layout.yaxis.title.text == "Girls' share of enrolment (% of pupils)"
    assert fig.layout.yaxis.tickformat == ","
    assert [t.name for t in fig.data] == ["Balochistan (province)", "Lasbela (district)"]


def test_long_series_label_at_most_twelve_periods_ending_with_the_latest():
    fig = indicator_trend(
        fiscal_series(years=range(1990, 2026)), value_label="x", unit="y", value_format=",.1f"
    )
    labels = list(fig.layout.xaxis.ticktext)
    assert len(labels) <= 12 and labels[-1] == "FY 2025-26"


def test_districts_get_their_own_colour_and_marker_and_the_province_stays_black():
    places = (("district", "PK201", "Awaran"), ("district", "PK202", "Barkhan"))
    fig = indicator_trend(fiscal_series(places), value_label="x", unit="y")
    province, first, second = fig.data
    assert province.line.color == "#000000"
    assert first.line.color != second.line.color
    assert first.marker.symbol != second.marker.symbol


def test_small_multiples_have_a_panel_per_district_and_mark_only_its_own_splits():
    places = (("district", "PK217", "Lasbela"), ("district", "PK201", "Awaran"))
    fig = small_multiples(
        fiscal_series(places),
        [("PK217", "Lasbela"), ("PK201", "Awaran")],
        value_label="x",
        unit="y",
        changes=pd.DataFrame([HUB]),
    )
    assert [a.text for a in fig.layout.annotations if a.text in ("Lasbela", "Awaran")] == [
        "Lasbela",
        "Awaran",
    ]
    (line,) = fig.layout.shapes
    assert line.xref == "x"  # the first panel, Lasbela's
    # Each panel draws the province behind the district, on one shared scale.
    assert [t.name for t in fig.data] == [
        "Balochistan (province)",
        "Lasbela",
        "Balochistan (province)",
        "Awaran",
    ]


def ranking():
    return pd.DataFrame(
        {
            "district_pcode": ["PK204", "PK201", "PK202", "PK206"],
            "district_name": ["Dera Bugti", "Awaran", "Barkhan", "Harnai"],
            "value": [80.0, 60.5, 41.0, None],
            "crosses_boundary_change": [True, False, False, False],
        }
    )


def test_ranking_bars_put_the_best_on_top_and_leave_out_districts_without_a_value():
    fig = ranking_bars(ranking(), value_label="Penta-3 coverage", unit="% of infants")
    (bars,) = fig.data
    assert list(bars.y) == ["Dera Bugti", "Awaran", "Barkhan"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(bars.marker.pattern.shape) == ["/", "", ""]  # Dera Bugti crosses a split
    assert fig.layout.xaxis.title.text == "Penta-3 coverage (% of infants)"


def test_ranking_bars_highlight_the_chosen_districts_and_draw_the_benchmarks():
    benchmarks = pd.DataFrame(
        {
            "geo_level": ["province", "division"],
            "geo_code": ["PK2", "Kalat"],
            "geo_name": ["Balochistan", "Kalat"],
            "value": [73.0, 58.0],
        }
    )
    fig = ranking_bars(
        ranking(), value_label="x", unit="%", benchmarks=benchmarks, highlight=["PK201"]
    )
    assert list(fig.data[0].marker.color) == [NEUTRAL, GOOD, NEUTRAL]
    assert [s.x0 for s in fig.layout.shapes] == [73.0, 58.0]
    assert [a.text for a in fig.layout.annotations] == ["Balochistan: 73.0", "Kalat: 58.0"]


def test_the_gap_to_the_province_puts_better_to_the_right_in_blue_and_worse_in_orange():
    card = pd.DataFrame(
        {
            "indicator_name": ["Penta-3", "Drop-out", "OPD"],
            "period_label": ["Oct 2026"] * 3,
            "district_value": [41.0, 5.0, 19.0],
            "province_value": [73.0, 10.0, 41.5],
            "unit": ["%", "%", "per 1,000"],
            "province_gap_pct": [-43.8, 50.0, None],
        }
    )
    (bars,) = gap_to_province(card, district_name="Awaran").data
    assert list(bars.y) == ["Drop-out", "Penta-3"]  # OPD has no better end: no bar
    assert list(bars.marker.color) == [GOOD, BAD]
    assert list(bars.marker.pattern.shape) == ["", "/"]


def test_a_split_late_in_the_series_is_labelled_to_the_left_of_its_line():
    late = {**HUB, "effective_from": date(2025, 2, 1)}
    fig = indicator_trend(fiscal_series(), value_label="x", unit="y", changes=pd.DataFrame([late]))
    (note,) = fig.layout.annotations
    assert note.xanchor == "right"
