import polars as pl
import pytest

from expectations import hrmis
from expectations.runner import validate
from orchestration.defs.hrmis import extract
from orchestration.lib import landing
from simulator import hrmis as simulator

KEY = "2026-10-01"


@pytest.fixture
def landed(warehouse) -> dict[str, pl.DataFrame]:
    url = f"sqlite:///{warehouse / 'hr.sqlite'}"
    simulator.generate(url, scale=0.002, seed=3)
    extract.land_month(url, KEY)
    return {
        entity: pl.read_parquet(landing.partition_dir("hrmis", entity, KEY) / "data.parquet")
        for entity in hrmis.SUITES
    }


def test_the_employee_suite_passes_on_a_landed_month_and_fails_on_a_repeat_and_grade_99(landed):
    people = landed["employees"]
    assert validate(people, "hrmis_employees", hrmis.employees).success
    bad = pl.concat([people, people.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(99)
        .otherwise("bps_grade")
        .cast(pl.Int16)
        .alias("bps_grade")
    )
    failed = {f["expectation"] for f in validate(bad, "hrmis_employees", hrmis.employees).failed}
    assert {"expect_compound_columns_to_be_unique", "expect_column_values_to_be_between"} <= failed


def test_the_post_and_deletion_suites_catch_negative_counts_and_unnamed_records(landed):
    posts = landed["sanctioned_posts"]
    assert validate(posts, "hrmis_posts", hrmis.sanctioned_posts).success
    negative = posts.with_columns(pl.lit(-1, pl.Int32).alias("sanctioned"))
    assert not validate(negative, "hrmis_posts", hrmis.sanctioned_posts).success
    deletions = landed["deletions"]
    assert validate(deletions, "hrmis_deletions", hrmis.deletions).success
    unnamed = pl.DataFrame(
        {
            "entity": ["people"],
            "record_id": [None],
            "detected_at": [None],
            "last_landed_record": ["{}"],
        },
        schema=extract.DELETION_SCHEMA,
    )
    assert not validate(unnamed, "hrmis_deletions", hrmis.deletions).success
