"""The Complaints page: filters, map, ranking, trend, download and definitions."""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest

from dashboards.queries.complaints import METRICS

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture
def page(publish, run_app):
    publish()
    at = run_app()
    assert not at.exception
    return at


def ranking(at):
    (table,) = at.dataframe  # the page's only table
    return table.value


def figure(at, key):
    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    return json.loads(chart.proto.spec)


def test_month_defaults_to_the_latest_complete_month(page, facts):
    month = page.selectbox(key="complaints_month")
    assert month.value == facts.latest_complete_month
    assert month.options[0] == "November 2026 (month in progress)"


def test_metric_selector_offers_every_kpi_with_its_unit(page):
    metric = page.selectbox(key="complaints_metric")
    assert metric.value == "complaints_per_100k"
    assert metric.options == [m.label_with_unit for m in METRICS.values()]
    assert "Median days to resolve (days)" in metric.options


def test_ranking_lists_every_district_best_first(page):
    table = ranking(page)
    assert len(table) == 6
    assert table["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    # complaints per 100k: lower is better, so values rise down the table.
    assert table["value"].is_monotonic_increasing


def test_changing_the_month_changes_the_ranking_table(page):
    before = ranking(page)
    page.selectbox(key="complaints_month").select(date(2026, 9, 1)).run()
    after = ranking(page)
    assert not page.exception
    assert not after.equals(before)
    assert after["district_pcode"].tolist() != before["district_pcode"].tolist()


def test_changing_the_metric_changes_the_ranking(page):
    before = ranking(page)
    page.selectbox(key="complaints_metric").select("resolved_within_40d_pct").run()
    after = ranking(page)
    assert not page.exception
    assert after["district_pcode"].tolist() != before["district_pcode"].tolist()
    # resolved within 40 days: higher is better, so values fall down the table.
    assert after["value"].is_monotonic_decreasing


def test_ranking_can_be_downloaded_as_csv(page):
    (button,) = page.download_button
    assert button.key == "complaints_ranking_csv"
    assert "CSV" in button.label


def test_downloaded_csv_is_the_ranking_with_readable_headers_and_the_demo_note(
    publish, run_app, monkeypatch
):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        stored[filename] = (path_or_data, mimetype)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    publish(synthetic=True)
    at = run_app()
    data, mimetype = stored["complaints_complaints_per_100k_2026-10_synthetic-demo.csv"]
    assert mimetype == "text/csv"
    csv = pd.read_csv(io.BytesIO(data))
    assert list(csv.columns) == [
        "Month",
        "Rank",
        "District P-code",
        "District",
        "Division",
        "Complaints per 100,000 people",
        "Complaints received",
        "Complaints resolved",
        "Open complaints older than 40 days",
        "Population (Census 2023)",
        "Note",
    ]
    assert csv["District P-code"].tolist() == ranking(at)["district_pcode"].tolist()
    assert set(csv["Note"]) == {"Synthetic demo data, not official statistics"}


def test_map_colours_districts_by_pcode_with_a_reversed_scale_when_lower_is_better(page):
    spec = figure(page, "complaints_map")
    (values,) = spec["data"]  # every district reported in the default month
    assert values["type"] == "choroplethmap"
    assert values["featureidkey"] == "properties.district_pcode"
    assert sorted(values["locations"]) == ["PK201", "PK202", "PK204", "PK205", "PK206", "PK234"]
    assert values["reversescale"] is True
    assert spec["layout"]["map"]["style"] == "white-bg"


def test_map_greys_out_a_district_that_has_not_reported(page):
    page.selectbox(key="complaints_month").select(date(2026, 11, 1)).run()
    values, no_data = figure(page, "complaints_map")["data"]
    assert "PK205" not in values["locations"]
    assert no_data["locations"] == ["PK205"]


def test_trend_shows_the_province_and_adds_a_chosen_district_and_its_division(page):
    names = [t["name"] for t in figure(page, "complaints_trend")["data"]]
    assert names == ["Balochistan (province)"]

    page.selectbox(key="complaints_trend_district").select("PK206").run()
    names = [t["name"] for t in figure(page, "complaints_trend")["data"]]
    assert names == ["Balochistan (province)", "Sibi (division)", "Harnai (district)"]

    page.toggle(key="complaints_trend_division").set_value(False).run()
    names = [t["name"] for t in figure(page, "complaints_trend")["data"]]
    assert names == ["Balochistan (province)", "Harnai (district)"]


def test_quarantined_complaints_are_stated_next_to_the_province_figures(page):
    assert any("2 complaint records" in c.value for c in page.caption)


def test_how_this_is_calculated_defines_every_metric(page):
    (expander,) = page.expander
    assert expander.label == "How this is calculated"
    text = " ".join(m.value for m in expander.markdown)
    for metric in METRICS.values():
        assert metric.label in text
        assert metric.definition in text
