import json

import duckdb
import pytest

from orchestration.lib import publish, settings


def _build(rows: int):
    path = settings.build_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create table dim_district as select range as n from range(?)", [rows])
    return path


def test_publish_points_readers_at_a_complete_read_only_snapshot(warehouse):
    _build(34)
    snap = publish.publish(synthetic=True, sources=["cqmis"])
    pointer = json.loads((settings.serving_dir() / "current.json").read_text())
    assert settings.serving_dir() / pointer["snapshot"] == snap.path
    with duckdb.connect(str(snap.path), read_only=True) as con:
        assert con.execute("select count(*) from dim_district").fetchone()[0] == 34
        assert con.execute("select synthetic, sources from meta_snapshot").fetchone() == (
            True,
            "cqmis",
        )


def test_a_build_missing_required_tables_is_not_published_and_the_old_snapshot_stays(warehouse):
    _build(34)
    first = publish.publish(synthetic=True, sources=[])
    broken = settings.build_db_path()
    broken.unlink()
    with duckdb.connect(str(broken)) as con:
        con.execute("create table something_else(x int)")
    with pytest.raises(RuntimeError, match="lacks tables"):
        publish.publish(synthetic=True, sources=[])
    assert publish.current().path == first.path


def test_old_snapshots_are_pruned_but_the_current_and_previous_kept(warehouse):
    _build(1)
    made = [publish.publish(synthetic=False, sources=[], keep=2).path for _ in range(4)]
    remaining = sorted((settings.serving_dir() / "snapshots").glob("*.duckdb"))
    assert remaining == made[-2:]
    assert publish.current().path == made[-1]


def test_only_the_marts_are_served_never_staging_rows(warehouse):
    path = _build(34)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema staging")
        con.execute("create table staging.stg_survey__responses as select 1 as answer")
    snap = publish.publish(synthetic=True, sources=[])
    with duckdb.connect(str(snap.path), read_only=True) as con:
        schemas = {
            r[0]
            for r in con.execute("select table_schema from information_schema.tables").fetchall()
        }
    assert schemas == {"main"}
