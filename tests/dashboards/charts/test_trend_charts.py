"""dashboards.charts.trends: monthly line charts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards.charts.trends import axis_title, trend_lines

SERIES = pd.DataFrame(
    {
        "month_start": [date(2026, 9, 1), date(2026, 10, 1)] * 2,
        "geo_level": ["province", "province", "district", "district"],
        "geo_code": ["PK2", "PK2", "PK206", "PK206"],
        "geo_name": ["Balochistan", "Balochistan", "Harnai", "Harnai"],
        "value": [1200.0, 1350.0, 40.0, 35.0],
    }
)


def _chart():
    return trend_lines(
        SERIES,
        value_label="Open complaints older than 40 days",
        unit="complaints",
        value_format=",.0f",
    )


def test_one_line_per_geography_in_the_given_order():
    assert [t.name for t in _chart().data] == ["Balochistan (province)", "Harnai (district)"]


def test_axes_carry_units_and_thousands_separators():
    layout = _chart().layout
    assert layout.yaxis.title.text == "Open complaints older than 40 days (complaints)"
    assert layout.yaxis.tickformat == ","
    assert layout.xaxis.title.text == "Month"


def test_hover_shows_value_with_its_unit_and_separators():
    assert _chart().data[0].hovertemplate == "%{y:,.0f} complaints"


def test_lines_differ_by_dash_as_well_as_colour():
    province, district = _chart().data
    assert province.line.dash != district.line.dash
    assert province.line.color != district.line.color


def test_axis_title_does_not_repeat_a_unit_the_label_ends_with():
    assert axis_title("Complaints per 100,000 people", "per 100,000 people") == (
        "Complaints per 100,000 people"
    )
    assert axis_title("Median days to resolve", "days") == "Median days to resolve (days)"
