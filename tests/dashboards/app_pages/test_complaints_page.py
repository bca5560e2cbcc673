"""The Complaints page: shared filters, map, ranking, trend, downloads and definitions."""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest

from dashboards.queries.complaints import METRICS

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/complaints.py"


@pytest.fixture
def page(publish, run_app):
    publish()
    at = run_app(PAGE)
    assert not at.exception
    return at


def ranking(at):
    (table,) = at.dataframe  # the page's only table
    return table.value


def figure(at, key):
    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    return json.loads(chart.proto.spec)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_period_defaults_to_the_latest_complete_month(page, facts):
    period = page.selectbox(key="period")
    assert period.value == facts.latest_complete_month
    assert period.options[0] == "Nov 2026"
    assert "Balochistan, October 2026" in [s.value for s in page.subheader]


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


def test_changing_the_period_changes_the_ranking_table(page):
    before = ranking(page)
    page.selectbox(key="period").select(date(2026, 9, 1)).run()
    after = ranking(page)
    assert not page.exception
    assert not after.equals(before)
    assert after["district_pcode"].tolist() != before["district_pcode"].tolist()
    assert "Balochistan, September 2026" in [s.value for s in page.subheader]


def test_changing_the_metric_changes_the_ranking(page):
    before = ranking(page)
    page.selectbox(key="complaints_metric").select("resolved_within_40d_pct").run()
    after = ranking(page)
    assert not page.exception
    assert after["district_pcode"].tolist() != before["district_pcode"].tolist()
    # resolved within 40 days: higher is better, so values fall down the table.
    assert after["value"].is_monotonic_decreasing


def test_choosing_a_division_ranks_and_maps_only_its_districts(page):
    page.selectbox(key="division").select("Sibi").run()
    assert not page.exception
    assert sorted(ranking(page)["district_pcode"]) == ["PK204", "PK206"]
    (values,) = figure(page, "complaints_map")["data"]
    assert sorted(values["locations"]) == ["PK204", "PK206"]
    assert "Sibi, October 2026" in [s.value for s in page.subheader]


def test_choosing_a_district_shows_its_figures_against_the_month_before(page):
    province = metrics(page)
    page.selectbox(key="district").select("PK206").run()
    assert not page.exception
    assert "Harnai, October 2026" in [s.value for s in page.subheader]
    harnai = metrics(page)
    assert harnai != province
    received = next(m for m in page.metric if m.label == "Complaints received")
    assert received.proto.delta_description == "vs Sep 2026"


def test_district_options_follow_the_chosen_division(page):
    page.selectbox(key="division").select("Loralai").run()
    district = page.selectbox(key="district")
    assert district.options == ["All districts", "Barkhan", "Duki"]


def test_period_without_complaint_figures_falls_back_with_a_note(publish, run_app):
    publish()
    # December is in dim_period but no mart has it: the URL value is ignored.
    at = run_app(PAGE, query={"period": "Dec 2026"})
    assert not at.exception
    assert at.selectbox(key="period").value == date(2026, 10, 1)


def test_ranking_can_be_downloaded_as_csv_and_excel(page):
    keys = {b.key: b.label for b in page.get("download_button")}
    assert "CSV" in keys["complaints_ranking_csv"]
    assert "Excel" in keys["complaints_ranking_xlsx"]


@pytest.fixture
def stored_files(monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        stored[filename] = (path_or_data, mimetype)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return stored


def test_downloaded_csv_is_the_ranking_with_readable_headers_and_the_demo_note(
    publish, run_app, stored_files
):
    publish(synthetic=True)
    at = run_app(PAGE)
    data, mimetype = stored_files["complaints_complaints_per_100k_2026-10_synthetic-demo.csv"]
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


def test_downloaded_excel_holds_the_same_table_and_an_about_sheet(publish, run_app, stored_files):
    publish(synthetic=True)
    at = run_app(PAGE)
    data, _ = stored_files["complaints_complaints_per_100k_2026-10_synthetic-demo.xlsx"]
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    table, about = sheets["Complaints ranking 2026-10"], sheets["About"]
    assert table["District P-code"].tolist() == ranking(at)["district_pcode"].tolist()
    assert "Synthetic demo data, not official statistics" in about.to_string()


def test_map_colours_districts_by_pcode_with_a_reversed_scale_when_lower_is_better(page):
    spec = figure(page, "complaints_map")
    (values,) = spec["data"]  # every district reported in the default month
    assert values["type"] == "choroplethmap"
    assert values["featureidkey"] == "properties.district_pcode"
    assert sorted(values["locations"]) == ["PK201", "PK202", "PK204", "PK205", "PK206", "PK234"]
    assert values["reversescale"] is True
    assert spec["layout"]["map"]["style"] == "white-bg"


def test_charts_export_as_png_from_the_modebar(page):
    for chart in page.get("plotly_chart"):
        config = json.loads(chart.proto.config)
        assert config["toImageButtonOptions"]["format"] == "png"
        assert config["displaylogo"] is False


def test_the_sidebar_district_is_outlined_on_the_map(page):
    page.selectbox(key="district").select("PK206").run()
    *_, outline = figure(page, "complaints_map")["data"]
    assert outline["locations"] == ["PK206"]
    assert outline["name"] == "Chosen district"


def test_map_greys_out_a_district_that_has_not_reported(page):
    page.selectbox(key="period").select(date(2026, 11, 1)).run()
    values, no_data = figure(page, "complaints_map")["data"]
    assert "PK205" not in values["locations"]
    assert no_data["locations"] == ["PK205"]


def test_trend_shows_the_province_and_adds_the_sidebar_district_and_its_division(page):
    names = [t["name"] for t in figure(page, "complaints_trend")["data"]]
    assert names == ["Balochistan (province)"]

    page.selectbox(key="district").select("PK206").run()
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


def test_page_says_so_when_the_complaints_source_has_not_loaded(publish, run_app):
    publish(without=("rpt_complaints__monthly",))
    at = run_app(PAGE)
    assert not at.exception
    assert any("no complaint figures yet" in i.value for i in at.info)
