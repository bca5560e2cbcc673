from datetime import datetime

import polars as pl
import pytest
import sqlalchemy as sa

from orchestration.defs.cqmis import extract
from orchestration.lib import landing
from orchestration.lib.sql_source import SourceUnavailableError
from simulator import cqmis as sim


def _landed(entity: str, key: str) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("cqmis", entity, key) / "data.parquet")


def test_every_row_read_is_either_loaded_or_quarantined_with_a_reason(cqmis_db):
    months, _ = extract.changed_partitions(cqmis_db, None)
    read = loaded = quarantined = 0
    for key in months:
        for account in extract.land_month(cqmis_db, key):
            assert account.rows_read == account.rows_loaded + account.rows_quarantined
            read += account.rows_read
            loaded += account.rows_loaded
            quarantined += account.rows_quarantined
    with sa.create_engine(cqmis_db).connect() as conn:
        in_source = (
            conn.execute(sa.text("select count(*) from complaints")).scalar()
            + conn.execute(sa.text("select count(*) from complaint_status_history")).scalar()
        )
    assert read == in_source
    assert quarantined > 0, "the simulator's messy rows must reach quarantine"


def test_quarantined_rows_name_the_origin_row_and_problem_and_suggest_a_district(cqmis_db):
    months, _ = extract.changed_partitions(cqmis_db, None)
    for key in months:
        extract.land_month(cqmis_db, key)
    bad = pl.concat(
        pl.read_parquet(landing.partition_dir("cqmis", "complaints", k) / "quarantine.parquet")
        for k in months
    )
    assert set(bad["reason"].str.split(":").list.first()) <= {
        "malformed received_date",
        "unknown district",
        "unknown status",
        "malformed resolved_date",
        "resolved before received",
    }
    assert bad["origin"].str.contains("table complaints").all()
    assert (bad["row_number"] >= 1).all()
    districts = bad.filter(pl.col("reason").str.starts_with("unknown district"))
    assert districts.height > 0
    # Near-miss spellings get a suggestion; nothing was applied automatically.
    assert districts["suggestion"].drop_nulls().len() > 0


def test_a_complaint_updated_after_its_first_extraction_is_updated_by_the_next_one(cqmis_db):
    months, watermark = extract.changed_partitions(cqmis_db, None)
    for key in months:
        extract.land_month(cqmis_db, key)
    before = pl.concat(_landed("complaints", k) for k in months)

    sim.advance(cqmis_db, to=datetime(2024, 8, 1), seed=5)
    changed, new_watermark = extract.changed_partitions(cqmis_db, watermark)
    assert changed, "advancing the source must change some complaints"
    assert new_watermark > watermark
    # A complaint registered months ago but updated now brings back its registration month.
    assert min(changed) < "2024-06-01"
    for key in changed:
        extract.land_month(cqmis_db, key)
    after = pl.concat(_landed("complaints", k) for k in sorted(set(months) | set(changed)))

    assert after["complaint_id"].is_unique().all()
    moved = before.join(after, on="complaint_id", suffix="_after").filter(
        pl.col("updated_at_after") > pl.col("updated_at")
    )
    assert moved.height > 0
    assert (moved["updated_at_after"] > watermark).all()
    assert after.height >= before.height


def test_nothing_changed_means_no_partition_to_reload(cqmis_db):
    _, watermark = extract.changed_partitions(cqmis_db, None)
    assert extract.changed_partitions(cqmis_db, watermark) == ([], watermark)


def test_relanding_a_month_gives_the_same_rows(cqmis_db):
    key = extract.changed_partitions(cqmis_db, None)[0][0]
    extract.land_month(cqmis_db, key)
    first = _landed("complaints", key)
    extract.land_month(cqmis_db, key)
    assert _landed("complaints", key).equals(first)


def test_an_unreachable_database_is_a_clear_error_naming_it_without_its_password(warehouse):
    url = "sqlite:////nonexistent/folder/cqmis.sqlite"
    with pytest.raises(SourceUnavailableError, match="nonexistent"):
        extract.land_month(url, "2024-01-01")


def test_a_missing_table_is_a_clear_error(warehouse, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    sa.create_engine(url).connect().close()
    with pytest.raises(SourceUnavailableError, match="'complaints' not found"):
        extract.land_month(url, "2024-01-01")
