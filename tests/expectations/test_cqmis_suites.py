import polars as pl
import pytest

from expectations import cqmis
from expectations.runner import validate
from orchestration.defs.cqmis import extract


@pytest.fixture
def landed_complaints(cqmis_db) -> pl.DataFrame:
    key = extract.changed_partitions(cqmis_db, None)[0][0]
    extract.land_month(cqmis_db, key)
    from orchestration.lib import landing

    return pl.read_parquet(landing.partition_dir("cqmis", "complaints", key) / "data.parquet")


def test_the_complaints_suite_passes_on_a_clean_landed_extract(landed_complaints):
    result = validate(landed_complaints, "cqmis_complaints", cqmis.complaints)
    assert result.success, result.failed


def test_the_complaints_suite_fails_on_duplicates_and_unknown_districts(landed_complaints):
    bad = pl.concat([landed_complaints, landed_complaints.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("PK999"))
        .otherwise("district_pcode")
        .alias("district_pcode")
    )
    result = validate(bad, "cqmis_complaints", cqmis.complaints)
    assert not result.success
    failed = {f["expectation"] for f in result.failed}
    assert {"expect_column_values_to_be_unique", "expect_column_values_to_be_in_set"} <= failed


def test_the_history_suite_fails_on_an_unknown_status():
    frame = pl.DataFrame(
        {
            "event_id": [1],
            "complaint_id": [1],
            "status": ["lost"],
            "changed_at": [None],
            "remarks": [None],
        },
        schema_overrides={"changed_at": pl.Datetime("us")},
    )
    result = validate(frame, "cqmis_status_history", cqmis.status_history)
    assert not result.success
