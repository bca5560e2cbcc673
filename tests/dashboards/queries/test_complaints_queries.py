"""dashboards.queries.complaints: months, district values, ranking and trends."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboards.queries import complaints
from dashboards.queries.complaints import METRICS

OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _published(publish):
    publish()


def test_months_available_are_newest_first(facts):
    assert complaints.months_available() == sorted(facts.months, reverse=True)


def test_latest_complete_month_excludes_the_month_of_publication(facts):
    assert complaints.latest_complete_month() == facts.latest_complete_month
    assert NOVEMBER in complaints.months_available()


def test_metric_allow_list_covers_the_four_kpis_with_direction():
    assert {k: m.higher_is_better for k, m in METRICS.items()} == {
        "complaints_per_100k": False,
        "median_days_to_resolve": False,
        "resolved_within_40d_pct": True,
        "backlog_over_40d": False,
    }


@pytest.mark.parametrize(
    "call",
    [
        lambda m: complaints.district_values(OCTOBER, m),
        lambda m: complaints.district_ranking(OCTOBER, m),
        lambda m: complaints.trend(m),
        lambda m: complaints.metric(m),
    ],
    ids=["district_values", "district_ranking", "trend", "metric"],
)
@pytest.mark.parametrize(
    "bad", ["complaints_received", "value; drop table x", '"backlog_over_40d"', "", None]
)
def test_unknown_metric_is_rejected_with_value_error(call, bad):
    with pytest.raises(ValueError, match="Unknown complaints metric"):
        call(bad)


def test_values_are_bound_as_parameters_never_spliced_into_sql(monkeypatch):
    seen = []

    def spy(sql, params=None):
        seen.append((sql, params))
        return pd.DataFrame()

    monkeypatch.setattr(complaints, "query", spy)
    complaints.district_values(OCTOBER, "backlog_over_40d", "Sibi")
    complaints.district_ranking(OCTOBER, "backlog_over_40d", "Sibi")
    complaints.trend("backlog_over_40d", "PK206", include_division=False)
    complaints.geography_month(OCTOBER, "district", "PK206")

    for sql, _ in seen:
        assert "2026-10" not in sql and "PK206" not in sql and "Sibi" not in sql
        assert '"backlog_over_40d"' in sql or "backlog_over_40d," in sql
    assert seen[0][1] == {"month": OCTOBER, "division": "Sibi"}
    assert seen[1][1] == {"month": OCTOBER, "division": "Sibi"}
    assert seen[2][1] == {"district": "PK206", "include_division": False, "division": None}
    assert seen[3][1] == {"month": OCTOBER, "geo_level": "district", "geo_code": "PK206"}


def test_a_division_narrows_district_values_and_ranks_within_it():
    values = complaints.district_values(OCTOBER, "complaints_per_100k", "Loralai")
    assert sorted(values["district_pcode"]) == ["PK202", "PK234"]
    ranking = complaints.district_ranking(OCTOBER, "complaints_per_100k", "Loralai")
    assert sorted(ranking["rank"].tolist()) == [1, 2]


def test_trend_for_a_division_without_a_district():
    series = complaints.trend("complaints_per_100k", None, division="Sibi")
    assert list(dict.fromkeys(series["geo_name"])) == ["Balochistan", "Sibi"]


def test_district_values_has_one_row_per_district_even_without_a_report():
    values = complaints.district_values(NOVEMBER, "complaints_per_100k")
    assert list(values.columns) == ["district_pcode", "district_name", "division", "value"]
    assert len(values) == 6
    gwadar = values.set_index("district_pcode").loc["PK205"]
    assert pd.isna(gwadar["value"])


def test_district_values_match_the_mart():
    values = complaints.district_values(OCTOBER, "backlog_over_40d").set_index("district_pcode")
    assert values.loc["PK206", "value"] == 5


def test_ranking_puts_lowest_first_when_lower_is_better():
    table = complaints.district_ranking(OCTOBER, "complaints_per_100k")
    assert table["value"].is_monotonic_increasing
    assert table["rank"].tolist() == [1, 2, 3, 4, 5, 6]


def test_ranking_puts_highest_first_when_higher_is_better():
    table = complaints.district_ranking(OCTOBER, "resolved_within_40d_pct")
    assert table["value"].is_monotonic_decreasing


def test_ranking_gives_ties_the_same_rank():
    table = complaints.district_ranking(OCTOBER, "resolved_within_40d_pct")
    # Fixture: 80.0 twice, 57.5 twice, 35.0 twice.
    assert table["rank"].tolist() == [1, 1, 3, 3, 5, 5]


def test_ranking_lists_districts_without_a_value_last_and_unranked():
    table = complaints.district_ranking(NOVEMBER, "complaints_per_100k")
    assert len(table) == 6
    last = table.iloc[-1]
    assert last["district_pcode"] == "PK205"
    assert pd.isna(last["rank"]) and pd.isna(last["value"])
    assert table["rank"].iloc[:-1].notna().all()


def test_median_days_is_blank_and_unranked_when_nothing_was_resolved():
    table = complaints.district_ranking(date(2026, 9, 1), "median_days_to_resolve")
    harnai = table.set_index("district_pcode").loc["PK206"]
    assert pd.isna(harnai["value"]) and pd.isna(harnai["rank"])


def test_ranking_has_the_columns_the_page_shows():
    table = complaints.district_ranking(OCTOBER, "complaints_per_100k")
    assert list(table.columns) == [
        "rank",
        "district_pcode",
        "district_name",
        "division",
        "value",
        "complaints_received",
        "complaints_resolved",
        "backlog_over_40d",
        "population_2023",
    ]


def test_trend_for_the_province_alone(facts):
    series = complaints.trend("complaints_per_100k")
    assert set(series["geo_level"]) == {"province"}
    assert series["month_start"].is_monotonic_increasing
    assert len(series) == len(facts.months)


def test_trend_adds_the_district_and_its_division():
    series = complaints.trend("complaints_per_100k", "PK206")
    assert series.groupby("geo_level")["geo_code"].first().to_dict() == {
        "district": "PK206",
        "division": "Sibi",
        "province": "PK2",
    }
    assert series["geo_level"].drop_duplicates().tolist() == ["province", "division", "district"]


def test_trend_can_leave_out_the_division():
    series = complaints.trend("complaints_per_100k", "PK206", include_division=False)
    assert set(series["geo_level"]) == {"province", "district"}


def test_province_month_carries_the_months_quarantined_total():
    row = complaints.province_month(OCTOBER)
    assert row["geo_name"] == "Balochistan"
    assert row["complaints_quarantined"] == 2


def test_geography_month_is_none_for_a_geography_without_a_row():
    assert complaints.geography_month(NOVEMBER, "district", "PK205") is None


def test_geography_month_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="geo_level"):
        complaints.geography_month(OCTOBER, "tehsil", "X")
