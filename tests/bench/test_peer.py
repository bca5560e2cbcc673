from datetime import date
from pathlib import Path

import polars as pl
import psycopg
import pytest
from sqlalchemy.engine import make_url

from bench import peer


def _manifest(landing: Path) -> dict:
    location = (
        f"read_parquet('{landing}/cqmis/{{name}}/*/data.parquet', hive_partitioning = true, "
        "union_by_name = true)"
    )
    return {
        "sources": {
            "source.p.cqmis.complaints": {
                "schema": "cqmis",
                "name": "complaints",
                "identifier": "complaints",
                "meta": {"external_location": location},
            },
            "source.p.reference.other": {
                "schema": "ref",
                "name": "other",
                "identifier": "other",
                "meta": {},
            },
        }
    }


def test_source_reads_fill_the_template_as_dbt_duckdb_does(tmp_path: Path):
    manifest = _manifest(tmp_path)
    manifest["sources"]["source.p.cqmis.complaints"]["meta"]["external_location"] += (
        ", columns = {{a: 'int'}}"
    )
    assert peer.source_reads(manifest) == [
        (
            "cqmis",
            "complaints",
            f"read_parquet('{tmp_path}/cqmis/complaints/*/data.parquet', hive_partitioning = true, "
            "union_by_name = true), columns = {a: 'int'}",
        )
    ]


def test_landed_types_map_to_postgres_types():
    assert peer.pg_type("DOUBLE") == "double precision"
    assert peer.pg_type("DECIMAL(14,2)") == "numeric(14,2)"
    assert peer.pg_type("TIMESTAMP WITH TIME ZONE") == "timestamptz"
    assert peer.pg_type("VARCHAR[]") == "text"


@pytest.mark.postgres
def test_landed_partitions_are_copied_into_postgres_whole(tmp_path: Path, postgres_database):
    landing = tmp_path / "landing"
    for month, ids in (("2024-01-01", [1, 2]), ("2024-02-01", [3])):
        folder = landing / "cqmis" / "complaints" / f"partition={month}"
        folder.mkdir(parents=True)
        pl.DataFrame(
            {
                "complaint_id": ids,
                "district": ["Quetta", "", None][: len(ids)],
                "received": [date(2024, 1, 5)] * len(ids),
                "amount": [1.5] * len(ids),
            }
        ).write_parquet(folder / "data.parquet")
    url = make_url(postgres_database)
    pg = peer.conninfo(postgres_database, url.database)

    loaded = peer.load_sources(_manifest(landing), pg, tmp_path / "copy")

    assert loaded["cqmis.complaints"]["rows"] == 3
    with psycopg.connect(**pg) as con:
        rows = con.execute(
            "select complaint_id, district, received, amount, partition "
            "from cqmis.complaints order by complaint_id"
        ).fetchall()
    # Empty text stays empty, NULL stays NULL; the hive partition column comes along.
    assert rows == [
        (1, "Quetta", date(2024, 1, 5), 1.5, date(2024, 1, 1)),
        (2, "", date(2024, 1, 5), 1.5, date(2024, 1, 1)),
        (3, "Quetta", date(2024, 1, 5), 1.5, date(2024, 2, 1)),
    ]
