"""dashboards.queries.snapshot: finding current.json and reading the snapshot read-only."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from dashboards.auth.access import load_policy
from dashboards.auth.identity import acting_as
from dashboards.queries import snapshot
from dashboards.queries.snapshot import SnapshotUnavailable


def test_warehouse_dir_follows_bgw_warehouse_dir(warehouse):
    assert snapshot.serving_dir() == warehouse / "serving"


def test_current_snapshot_resolves_the_pointer_relative_to_the_serving_dir(publish, warehouse):
    path = publish("20261128T101500Z", synthetic=True)
    current = snapshot.current_snapshot()
    assert current.path == path.resolve()
    assert current.path.parent == warehouse / "serving" / "snapshots"
    assert current.synthetic is True


def test_no_pointer_raises_snapshot_unavailable_telling_to_run_make_demo():
    with pytest.raises(SnapshotUnavailable, match="make demo"):
        snapshot.current_snapshot()


@pytest.mark.parametrize("content", ["{not json", "{}", '{"snapshot": 3}', "[]"])
def test_invalid_pointer_raises_snapshot_unavailable(warehouse, content):
    (warehouse / "serving").mkdir()
    (warehouse / "serving" / "current.json").write_text(content, encoding="utf-8")
    with pytest.raises(SnapshotUnavailable, match="not valid"):
        snapshot.current_snapshot()


def test_query_binds_positional_and_named_parameters_as_values(publish):
    publish()
    hostile = "x'; drop table main.dim_district; --"
    assert snapshot.query("select ? as v", [hostile])["v"].tolist() == [hostile]
    assert snapshot.query("select $v as v", {"v": hostile})["v"].tolist() == [hostile]
    assert len(snapshot.query("select * from main.dim_district")) == 6


def test_query_cannot_write_to_the_snapshot(publish):
    publish()
    with pytest.raises(duckdb.Error, match="read-only"):
        snapshot.query("create table main.scratch (a int)")


def test_query_cannot_read_files_outside_the_snapshot(publish, tmp_path):
    publish()
    outside = tmp_path / "outside.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(duckdb.Error):
        snapshot.query("select * from read_csv(?)", [str(outside)])


def test_query_follows_the_pointer_to_a_newly_published_snapshot(publish):
    publish("20261128T101500Z", scale=1)
    sql = "select sum(complaints_received) as n from main.rpt_complaints__monthly"
    first = snapshot.query(sql)["n"].iloc[0]
    publish("20261128T111500Z", scale=2)
    assert snapshot.query(sql)["n"].iloc[0] == 2 * first


def test_connections_are_cached_per_snapshot_file(publish):
    old = str(publish("20261128T101500Z"))
    new = str(publish("20261128T111500Z"))
    assert snapshot.connection(old) is snapshot.connection(old)
    assert snapshot.connection(old) is not snapshot.connection(new)


@pytest.mark.parametrize(
    "scope",
    [
        load_policy().scope_of("policy_maker"),
        load_policy().public_scope(),
        load_policy().scope_of("data_engineer"),
    ],
    ids=["policy_maker", "public", "data_engineer"],
)
def test_the_catalog_record_is_what_the_readers_catalog_holds(publish, scope):
    publish()
    with acting_as(scope):
        listed = snapshot.query(
            "select table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() and table_schema = 'main'"
        )
        held: dict[str, set[str]] = {}
        for table, column in listed.itertuples(index=False):
            held.setdefault(table, set()).add(column)
        assert held and dict(snapshot.catalog_columns()) == held


def test_snapshot_lacking_a_table_raises_snapshot_unavailable(publish):
    publish()
    with pytest.raises(SnapshotUnavailable, match="does not have what the dashboards expect"):
        snapshot.query("select * from main.no_such_table")


def test_snapshot_info_reads_publication_time_and_synthetic_flag(publish):
    publish(synthetic=False)
    info = snapshot.snapshot_info()
    assert info.published_at == datetime(2026, 11, 28, 10, 15, tzinfo=UTC)
    assert info.synthetic is False
    assert info.sources == ("cqmis", "census2023", "boundaries")


def test_snapshot_counts_as_synthetic_if_either_pointer_or_snapshot_says_so(publish, warehouse):
    publish(synthetic=True)
    pointer = warehouse / "serving" / "current.json"
    pointer.write_text(pointer.read_text().replace("true", "false"), encoding="utf-8")
    assert snapshot.current_snapshot().synthetic is False
    assert snapshot.snapshot_info().synthetic is True
