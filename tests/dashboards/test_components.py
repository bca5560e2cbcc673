"""dashboards.components: what leaves the dashboard (CSV, Excel, PNG) and how numbers read."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboards import components


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "district": ["Awaran", "Kech"],
            "complaints": [1234, 56],
            "extracted_at": pd.to_datetime(["2026-11-28 10:15", "2026-11-28 11:00"], utc=True),
        }
    )


def test_exported_tables_get_readable_headers_and_the_demo_note(publish, frame):
    publish(synthetic=True)
    out = components.export_frame(frame, {"district": "District", "complaints": "Complaints"})
    assert list(out.columns) == ["District", "Complaints", "Note"]
    assert set(out["Note"]) == {components.SYNTHETIC_NOTE}


def test_official_data_carries_no_demo_note(publish, frame):
    publish(synthetic=False)
    assert "Note" not in components.export_frame(frame).columns


def test_times_leave_in_pakistan_time_because_excel_has_no_time_zones(publish, frame):
    publish(synthetic=False)
    out = components.export_frame(frame)
    assert out["extracted_at"].dt.tz is None
    assert out["extracted_at"].iloc[0] == pd.Timestamp("2026-11-28 15:15")


def test_excel_workbook_has_the_table_and_an_about_sheet(publish, frame):
    publish(synthetic=True)
    data = components.to_excel(
        components.export_frame(frame), sheet="Complaints: by district/month", title="T", source="S"
    )
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    # Excel forbids : and / in sheet names and allows 31 characters.
    (name,) = [n for n in sheets if n != "About"]
    assert name == "Complaints  by district month"
    assert sheets[name]["complaints"].tolist() == [1234, 56]
    about = sheets["About"].to_string()
    assert "S" in about and components.SYNTHETIC_NOTE in about
    assert "28 Nov 2026, 15:15 PKT" in about


def test_charts_save_a_png_named_after_what_they_show():
    config = components.chart_config("Complaints per 100,000: Kech")
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": "complaints-per-100-000-kech",
        "scale": 2,
    }


@pytest.mark.parametrize(
    ("value", "fmt", "suffix", "expected"),
    [
        (14894402, ",.0f", "", "14,894,402"),
        (68.94, ",.1f", " %", "68.9 %"),
        (None, ",.0f", "", "–"),
        (float("nan"), ",.1f", "", "–"),
    ],
)
def test_numbers_have_thousands_separators_and_a_dash_when_missing(value, fmt, suffix, expected):
    assert components.number(value, fmt, suffix) == expected


@pytest.mark.parametrize(
    ("delta", "higher_is_better", "colour"),
    [
        (5, True, "blue"),
        (-5, True, "orange"),
        (-5, False, "blue"),
        (5, False, "orange"),
        (0, True, "off"),
        (5, None, "off"),
        (None, True, "off"),
    ],
)
def test_changes_are_blue_when_better_orange_when_worse(delta, higher_is_better, colour):
    assert components.change_colour(delta, higher_is_better) == colour
