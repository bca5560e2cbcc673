"""The same HR MIS connector against a real PostgreSQL server (started by .ci/run)."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
import sqlalchemy as sa

from orchestration.defs.hrmis import extract
from orchestration.lib import landing
from simulator import hrmis

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_db(warehouse, postgres_database):
    hrmis.generate(postgres_database, scale=0.003, seed=11)
    return postgres_database


def _count(url: str, sql: str, **params) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.text(sql), params).scalar()
    engine.dispose()
    return n


def test_postgres_snapshots_account_for_every_row_follow_updates_and_record_deletions(
    postgres_db,
):
    first, watermark = extract.changed_since(postgres_db, None)
    assert first is not None and watermark is not None
    accounts = extract.land_month(postgres_db, "2026-10-01")
    assert all(a.rows_read == a.rows_loaded + a.rows_quarantined for a in accounts)
    people = next(a for a in accounts if a.entity == "employees")
    in_service = _count(
        postgres_db,
        "select count(*) from postings p join employees e using (employee_id) "
        "where p.start_date <= :d and (p.end_date is null or p.end_date > :d) "
        "and (e.status_date is null or e.status_date > :d)",
        d=date(2026, 10, 31),
    )
    assert people.rows_read == in_service

    fingerprint = extract.source_fingerprint(postgres_db)
    moved = hrmis.advance(postgres_db, to=datetime(2026, 12, 20), seed=4)
    assert moved["deleted"] > 0
    assert extract.source_fingerprint(postgres_db) != fingerprint
    changed_from, new_watermark = extract.changed_since(postgres_db, watermark)
    assert changed_from == "2026-11-01" and new_watermark > watermark

    again = {a.entity: a for a in extract.land_month(postgres_db, "2026-10-01")}
    deletions = pl.read_parquet(
        landing.partition_dir("hrmis", "deletions", "2026-10-01") / "data.parquet"
    )
    landed_before = set(moved["deleted_ids"])
    assert set(deletions["record_id"]) <= landed_before
    assert again["deletions"].rows_loaded == deletions.height > 0


def test_postgres_backfill_lands_every_month_end_in_service_in_id_order(postgres_db):
    hrmis.advance(postgres_db, to=datetime(2026, 12, 20), seed=4, delete_share=0)
    months = extract.MonthEnds(postgres_db, ["2023-01-01", "2024-07-01", "2026-12-01"])
    for key, month_end in (
        ("2023-01-01", date(2023, 1, 31)),
        ("2024-07-01", date(2024, 7, 31)),
        ("2026-12-01", date(2026, 12, 31)),
    ):
        people = next(a for a in months.land_month(key) if a.entity == "employees")
        assert people.rows_read == _count(
            postgres_db,
            "select count(*) from postings p join employees e using (employee_id) "
            "where p.start_date <= :d and (p.end_date is null or p.end_date > :d) "
            "and (e.status_date is null or e.status_date > :d)",
            d=month_end,
        )
        landed = pl.read_parquet(landing.partition_dir("hrmis", "employees", key) / "data.parquet")
        assert landed["employee_id"].is_sorted() and landed.height == people.rows_loaded
