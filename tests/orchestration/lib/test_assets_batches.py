import polars as pl

from orchestration.lib import assets, landing


def _land(key: str, values: list[int]) -> None:
    landing.write_partition(
        source="demo",
        entity="things",
        partition_key=key,
        origin="test",
        rows_read=len(values),
        loaded=pl.DataFrame({"n": values}),
        quarantined=landing.empty_quarantine(),
    )


def _suite(e):
    return [e.ExpectColumnValuesToBeBetween(column="n", min_value=0, max_value=10)]


def test_large_backfills_are_validated_partition_batch_by_batch_and_any_failure_fails(
    warehouse, monkeypatch
):
    _land("2024-01-01", [1, 2])
    _land("2024-02-01", [3, 99])  # out of range
    _land("2024-03-01", [4, 5])
    monkeypatch.setattr(assets, "BATCH_ROWS", 2)
    result = assets._validate_in_batches(
        "demo", "things", ["2024-01-01", "2024-02-01", "2024-03-01"], _suite
    )
    assert result.metadata["batches"].value == 3
    assert result.metadata["rows_validated"].value == 6
    assert not result.passed
    assert "2024-02-01..2024-02-01" in result.metadata["failures"].value


def test_one_batch_when_the_partitions_are_small(warehouse):
    _land("2024-01-01", [1])
    _land("2024-02-01", [2])
    result = assets._validate_in_batches("demo", "things", ["2024-01-01", "2024-02-01"], _suite)
    assert result.passed and result.metadata["batches"].value == 1
