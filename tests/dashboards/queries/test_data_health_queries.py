"""dashboards.queries.data_health: freshness, loads, quarantine, unresolved districts."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards.queries import data_health


@pytest.fixture(autouse=True)
def _published(publish):
    publish()


def test_freshness_puts_overdue_sources_first_and_unloaded_last():
    assert data_health.freshness()["freshness_status"].tolist() == [
        "overdue",
        "on time",
        "no schedule",
        "not loaded",
    ]


def test_latest_loads_are_one_partition_per_source_and_entity():
    latest = data_health.latest_loads()
    assert not latest.duplicated(["source_code", "entity"]).any()
    assert set(latest["source_code"]) == {"cqmis", "survey", "hmis"}


def test_load_totals_add_up():
    totals = data_health.load_totals()
    assert (totals["rows_read"] == totals["rows_loaded"] + totals["rows_quarantined"]).all()
    assert totals["rows_add_up"].all()


def test_load_history_is_oldest_first():
    history = data_health.load_history("cqmis")
    complaints = history[history["entity"] == "complaints"]
    assert complaints["partition_key"].tolist() == [
        "2026-07-01",
        "2026-08-01",
        "2026-09-01",
        "2026-10-01",
        "2026-11-01",
    ]


def test_quarantine_by_source_and_month():
    assert len(data_health.quarantine()) == 4
    assert set(data_health.quarantine("cqmis")["source_code"]) == {"cqmis"}
    september = data_health.quarantine(month=date(2026, 9, 1))
    assert september["partition_key"].tolist() == ["2026-09-01"]


def test_quarantine_summary_counts_rows_per_source_and_reason():
    summary = data_health.quarantine_summary().set_index(["source_code", "reason_kind"])
    assert summary.at[("cqmis", "unknown district"), "quarantined_rows"] == 3
    assert summary.at[("hmis", "unknown org unit"), "quarantined_rows"] == 10


def test_unresolved_districts_most_rows_first():
    names = data_health.unresolved_districts()
    assert names["quarantined_rows"].is_monotonic_decreasing
    assert names.iloc[0]["name_as_typed"] == "Turbatt"
    assert set(data_health.unresolved_districts("survey")["name_as_typed"]) == {"Lasbella"}
