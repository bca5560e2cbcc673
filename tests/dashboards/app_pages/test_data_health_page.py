"""The Data health page: freshness, loads, quarantine and unresolved district names."""

from __future__ import annotations

import json
from datetime import date

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/data_health.py"


@pytest.fixture
def page(publish, run_app):
    publish()
    at = run_app(PAGE)
    assert not at.exception
    return at


def table_with(at, column):
    (found,) = [d for d in at.dataframe if column in d.value.columns]
    return found.value


def figure(at, key):
    (chart,) = [c for c in at.get("plotly_chart") if key in c.proto.id]
    return json.loads(chart.proto.spec)


def test_sections_and_the_snapshot_time(page):
    assert [h.value for h in page.header] == [
        "Freshness by source",
        "Loads",
        "Quarantine",
        "District names that did not resolve",
    ]
    assert any("Snapshot published 28 Nov 2026, 15:15 PKT" in c.value for c in page.caption)


def test_freshness_counts_and_lists_every_source_overdue_first(page):
    counts = {m.label: m.value for m in page.metric}
    assert counts == {"Overdue": "1", "On time": "1", "No schedule": "1", "Not loaded": "1"}
    fresh = table_with(page, "freshness_status")
    assert fresh["source_code"].tolist() == ["hmis", "cqmis", "survey", "bemis"]
    # The status is written out, not only coloured.
    assert fresh["status"].tolist()[0] == "⚠ overdue"
    assert fresh.loc[fresh["source_code"] == "hmis", "periods_behind"].item() == 3


def test_loads_show_each_entitys_last_partition_and_its_row_accounting(page):
    loads = table_with(page, "rows_add_up")
    latest = loads.set_index(["source_code", "entity"])["partition_key"].to_dict()
    assert latest[("cqmis", "complaints")] == "2026-11-01"
    assert latest[("survey", "responses")] == "2010-wave2"
    assert (loads["rows_read"] == loads["rows_loaded"] + loads["rows_quarantined"]).all()


def test_choosing_a_source_charts_its_partitions(page):
    spec = figure(page, "health_history_complaints")
    assert [t["name"] for t in spec["data"]] == ["Rows loaded", "Rows quarantined"]
    assert "Rows (count)" in spec["layout"]["yaxis"]["title"]["text"]
    page.selectbox(key="health_source").select("survey").run()
    assert not page.exception
    spec = figure(page, "health_history_responses")
    assert spec["data"][0]["x"] == ["2009-wave1", "2010-wave2"]


def test_quarantine_by_reason_with_an_example_and_suggestion(page):
    spec = figure(page, "health_quarantine_chart")
    assert {t["name"] for t in spec["data"]} == {"cqmis", "hmis", "survey"}
    detail = table_with(page, "example_reason")
    turbatt = detail[detail["reason_kind"] == "unknown district"].set_index("source_code")
    assert turbatt.at["cqmis", "example_reason"] == "unknown district: 'Turbatt'"
    assert turbatt.at["cqmis", "example_suggestion"] == "Kech"


def test_quarantine_narrows_to_a_source_and_to_the_sidebar_period(page):
    all_rows = table_with(page, "example_reason")
    assert len(all_rows) == 4
    page.selectbox(key="health_quarantine_source").select("cqmis").run()
    assert set(table_with(page, "example_reason")["source_code"]) == {"cqmis"}
    page.selectbox(key="period").select(date(2026, 9, 1)).run()
    page.toggle(key="health_quarantine_period").set_value(True).run()
    assert not page.exception
    narrowed = table_with(page, "example_reason")
    assert narrowed["partition_key"].tolist() == ["2026-09-01"]


def test_unresolved_district_names_with_their_suggested_match(page):
    names = table_with(page, "name_as_typed")
    suggested = names.set_index(["source_code", "name_as_typed"])["suggested_match"]
    assert suggested.fillna("(none)").to_dict() == {
        ("cqmis", "Turbatt"): "Kech",
        ("cqmis", "(blank)"): "(none)",
        ("survey", "Lasbella"): "Lasbela",
    }
    assert any("district_aliases.csv" in c.value for c in page.caption)


def test_every_table_downloads_as_csv_and_excel(page):
    keys = {b.key for b in page.get("download_button")}
    for table in ("health_freshness", "health_loads", "health_quarantine", "health_unresolved"):
        assert {f"{table}_csv", f"{table}_xlsx"} <= keys


def test_page_says_so_when_the_data_health_marts_are_missing(publish, run_app, facts):
    publish(without=facts.fixture.DATA_HEALTH_MARTS)
    at = run_app(PAGE)
    assert not at.exception
    assert any("no data-health marts yet" in i.value for i in at.info)
