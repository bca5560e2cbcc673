"""The data-health marts (transform/models/marts/data_health), built by dbt over a landing
zone written here with the landing step itself.

Once per module: partitions of four sources are landed with
``orchestration.lib.landing.write_partition`` (their manifests' extraction times then set
to fixed instants), and dbt builds everything the data-health marts need, tests included,
into a temporary DuckDB file with its own target and log folders, judging freshness as of
a fixed moment (``--vars data_health_as_of``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import duckdb
import polars as pl
import pytest

from orchestration.lib import landing

AS_OF = "2026-11-28 10:00:00+00"


def _land(source, entity, key, *, loaded, quarantined=(), extracted_at, origin=None):
    origin = origin or f"{source}.example/{entity}"
    rows = [
        {"row_number": n, "reason": reason, "suggestion": suggestion, "raw": {"n": n}}
        for n, reason, suggestion in quarantined
    ]
    account = landing.write_partition(
        source=source,
        entity=entity,
        partition_key=key,
        origin=origin,
        rows_read=loaded + len(rows),
        loaded=pl.DataFrame({"id": list(range(loaded))}),
        quarantined=landing.quarantine_frame(
            rows, source=source, entity=entity, partition_key=key, origin=origin
        ),
    )
    manifest = landing.partition_dir(source, entity, key) / "_manifest.json"
    doc = json.loads(manifest.read_text())
    doc["extracted_at"] = extracted_at
    manifest.write_text(json.dumps(doc))
    return account


def _landing_zone() -> None:
    recent = "2026-11-28T06:00:00+00:00"
    _land("cqmis", "complaints", "2026-10-01", loaded=90, extracted_at=recent, quarantined=[
        (7, "unknown district: 'Turbatt'", "Kech"),
        (3, "unknown district: 'Turbatt'", "Kech"),
        (12, "malformed received_date: '31/02/2026'", None),
        (15, "unknown district: ''", None),
    ])  # fmt: skip
    _land("cqmis", "complaints", "2026-11-01", loaded=40, extracted_at=recent, quarantined=[
        (2, "unknown district: 'Turbatt'", "Kech; Kohlu"),
    ])  # fmt: skip
    _land("cqmis", "status_history", "2026-11-01", loaded=120, extracted_at=recent)
    _land("survey", "responses", "2009-wave1", loaded=44, extracted_at=recent)
    _land("survey", "responses", "2010-wave2", loaded=44, extracted_at=recent, quarantined=[
        (46, "unknown district: 'Lasbella'", "Lasbela"),
    ])  # fmt: skip
    _land("survey", "crosstab_cells", "all_waves", loaded=500, extracted_at=recent)
    # HMIS is due on the 10th: on 28 November, October is due, but only July has landed.
    _land("hmis", "data_values", "2026-07-01", loaded=10, extracted_at="2026-08-11T02:00:00+00:00")
    # A yearly source keyed by the year, and a quarterly one keyed by the quarter.
    _land("bemis", "schools", "2024", loaded=5, extracted_at="2026-03-01T00:00:00+00:00")
    _land("pis", "schemes", "2026-Q2", loaded=5, extracted_at="2026-08-01T00:00:00+00:00")


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    warehouse = throwaway_warehouse("data_health")
    with warehouse.settings():
        _landing_zone()
    results = warehouse.build(
        "+path:models/marts/data_health", dbt_vars={"data_health_as_of": AS_OF}
    )
    assert all(r["status"] in ("pass", "success") for r in results)
    with warehouse.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        yield connection


def _rows(con, sql):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_loads_have_one_row_per_landed_partition_with_its_accounting(built):
    loads = _rows(built, "select * from main.rpt_data_health__loads")
    assert len(loads) == 9
    assert all(r["rows_add_up"] for r in loads)
    october = next(r for r in loads if r["partition_key"] == "2026-10-01")
    assert (october["rows_read"], october["rows_loaded"], october["rows_quarantined"]) == (
        94,
        90,
        4,
    )
    assert october["landing_folder"] == "cqmis/complaints/partition=2026-10-01"
    assert october["origin"] == "cqmis.example/complaints"


def test_partition_keys_that_name_a_period_get_its_first_day(built):
    starts = dict(
        built.execute(
            "select partition_key, partition_period_start from main.rpt_data_health__loads"
        ).fetchall()
    )
    assert str(starts["2026-10-01"]) == "2026-10-01"
    assert str(starts["2024"]) == "2024-01-01"
    assert str(starts["2026-Q2"]) == "2026-04-01"
    assert starts["2010-wave2"] is None and starts["all_waves"] is None


def test_the_latest_partition_of_each_entity_is_flagged(built):
    latest = built.execute(
        "select source_code, entity, partition_key from main.rpt_data_health__loads "
        "where is_latest_partition order by all"
    ).fetchall()
    assert ("cqmis", "complaints", "2026-11-01") in latest
    assert ("survey", "responses", "2010-wave2") in latest
    assert len(latest) == 7  # one per source and entity


def test_quarantine_counts_rows_per_reason_kind_with_the_first_row_as_example(built):
    groups = _rows(
        built,
        "select * from main.rpt_data_health__quarantine "
        "where source_code = 'cqmis' and partition_key = '2026-10-01' order by reason_kind",
    )
    assert [(g["reason_kind"], g["quarantined_rows"]) for g in groups] == [
        ("malformed received_date", 1),
        ("unknown district", 3),
    ]
    district = groups[1]
    # Row 3 comes before row 7 in the file, whatever order the rows were quarantined in.
    assert district["example_row_number"] == 3
    assert district["example_reason"] == "unknown district: 'Turbatt'"
    assert district["example_suggestion"] == "Kech"
    assert district["distinct_reasons"] == 2  # 'Turbatt' and the blank name
    assert district["rows_with_suggestion"] == 2


def test_unresolved_district_names_by_source_with_the_latest_suggestion(built):
    names = {
        (r["source_code"], r["name_as_typed"]): r
        for r in _rows(built, "select * from main.rpt_data_health__unresolved_districts")
    }
    assert set(names) == {("cqmis", "Turbatt"), ("cqmis", ""), ("survey", "Lasbella")}
    turbatt = names[("cqmis", "Turbatt")]
    assert turbatt["quarantined_rows"] == 3
    assert turbatt["partitions"] == 2
    assert turbatt["suggested_match"] == "Kech; Kohlu"  # as suggested at the latest load
    assert (turbatt["first_partition_key"], turbatt["last_partition_key"]) == (
        "2026-10-01",
        "2026-11-01",
    )
    assert names[("cqmis", "")]["is_blank"] is True
    assert names[("survey", "Lasbella")]["suggested_match"] == "Lasbela"


def test_freshness_judges_every_source_against_its_cadence(built):
    fresh = {
        r["source_code"]: r for r in _rows(built, "select * from main.rpt_data_health__freshness")
    }
    assert len(fresh) == 11  # every source system, loaded or not
    status = {code: r["freshness_status"] for code, r in fresh.items()}
    assert status["cqmis"] == "on time"
    assert status["survey"] == "no schedule"
    assert status["hmis"] == "overdue"
    assert status["bemis"] == "on time"  # 2024 is the latest school year due by now
    assert status["pis"] == "overdue"  # Q2 landed, Q2 due: but the extract is > 100 days old
    assert status["ngomis"] == "not loaded"
    hmis = fresh["hmis"]
    assert str(hmis["expected_latest_period_start"]) == "2026-10-01"
    assert hmis["periods_behind"] == 3
    assert hmis["latest_partition_key"] == "2026-07-01"
    assert fresh["survey"]["latest_partition_key"] == "2010-wave2"
    assert fresh["cqmis"]["extract_age_days"] == pytest.approx(4 / 24)
    assert fresh["ngomis"]["periods_behind"] is None
