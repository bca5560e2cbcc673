"""The same connector against a real PostgreSQL server (started by .ci/run)."""

from datetime import datetime

import polars as pl
import pytest
import sqlalchemy as sa

from orchestration.defs.cqmis import extract
from orchestration.lib import landing
from simulator import cqmis as sim

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_db(warehouse, postgres_database):
    sim.generate(postgres_database, scale=0.01, seed=11, as_of=datetime(2024, 6, 15, 18, 0))
    return postgres_database


def test_postgres_extract_accounts_for_every_row_and_follows_updates(postgres_db):
    months, watermark = extract.changed_partitions(postgres_db, None)
    accounts = [a for key in months for a in extract.land_month(postgres_db, key)]
    assert all(a.rows_read == a.rows_loaded + a.rows_quarantined for a in accounts)
    engine = sa.create_engine(postgres_db)
    with engine.connect() as conn:
        in_source = conn.execute(sa.text("select count(*) from complaints")).scalar()
    engine.dispose()
    assert sum(a.rows_read for a in accounts if a.entity == "complaints") == in_source

    sim.advance(postgres_db, to=datetime(2024, 8, 1), seed=5)
    changed, new_watermark = extract.changed_partitions(postgres_db, watermark)
    assert changed and new_watermark > watermark
    for key in changed:
        extract.land_month(postgres_db, key)
    landed = pl.concat(
        pl.read_parquet(landing.partition_dir("cqmis", "complaints", k) / "data.parquet")
        for k in sorted(set(months) | set(changed))
    )
    assert landed["complaint_id"].is_unique().all()
    assert landed["updated_at"].max() > watermark
