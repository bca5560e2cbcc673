"""dashboards.queries.catalog and .filters: what the snapshot holds, and the filter options."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from dashboards.queries import catalog, filters
from dashboards.queries import snapshot as snapshot_module


@pytest.fixture
def snapshot(publish):
    return publish()


def test_the_catalog_lists_the_marts(snapshot):
    assert "rpt_survey__crosstab" in catalog.tables()
    assert catalog.has_tables("dim_district", "rpt_complaints__monthly")
    assert catalog.missing_tables("dim_district", "rpt_hmis__monthly") == ["rpt_hmis__monthly"]


def test_snapshot_contents_say_what_kind_of_mart_each_is(snapshot):
    contents = catalog.snapshot_contents().set_index("table_name")
    assert contents.at["dim_district", "kind"] == "dimension"
    assert contents.at["rpt_complaints__monthly", "kind"] == "report"
    assert contents.at["rpt_complaints__monthly", "domain"] == "complaints"
    assert contents.at["dim_district", "row_count"] == 6


def test_snapshot_contents_count_the_columns_of_each_mart(snapshot):
    contents = catalog.snapshot_contents().set_index("table_name")
    with duckdb.connect(str(snapshot), read_only=True) as con:
        (columns,) = con.execute(
            "select count(*) from duckdb_columns() where table_name = 'dim_district'"
        ).fetchone()
    assert contents.at["dim_district", "column_count"] == columns
    assert list(contents.columns) == ["kind", "domain", "row_count", "column_count"]


def test_the_catalog_answers_from_its_record_and_the_pages_reads_take_one_query_each(
    snapshot, monkeypatch
):
    sent = []
    original = snapshot_module.query_at

    def counted(*args, **kwargs):
        sent.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(snapshot_module, "query_at", counted)
    assert catalog.has_tables("dim_district") and catalog.tables_with_column("month_start")
    assert sent == []
    catalog.snapshot_contents()
    filters.months()
    assert len(sent) == 2


def test_months_are_those_of_every_monthly_mart_newest_first(snapshot):
    months = filters.months()
    assert [m.month_start for m in months][:2] == [date(2026, 11, 1), date(2026, 10, 1)]
    assert months[0].label == "Nov 2026"
    assert months[0].fiscal_year_label == "FY 2026-27"
    assert not months[0].complete and months[1].complete
    assert filters.default_month(months).month_start == date(2026, 10, 1)


def test_a_new_monthly_mart_widens_the_period_without_a_code_change(snapshot):
    with duckdb.connect(str(snapshot)) as con:
        con.execute(
            "create table main.rpt_hmis__monthly as "
            "select date '2026-06-01' as month_start, 'PK2' as geo_code, 1.0 as value"
        )
    assert filters.monthly_marts() == ["rpt_complaints__monthly", "rpt_hmis__monthly"]
    assert filters.months()[-1].month_start == date(2026, 6, 1)


def test_monthly_rows_of_the_indicator_registry_give_periods_too(publish, facts):
    publish(without=facts.fixture.COMPLAINTS_MARTS)
    assert [m.label for m in filters.months()] == ["Oct 2026", "Sep 2026", "Aug 2026"]


def test_district_options_follow_the_division(snapshot):
    assert filters.divisions() == ["Kalat", "Loralai", "Mekran", "Sibi"]
    assert filters.districts("Sibi")["district_name"].tolist() == ["Dera Bugti", "Harnai"]
    assert len(filters.districts()) == 6
