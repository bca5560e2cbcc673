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


def _land_frame(key: str, frame: pl.DataFrame) -> None:
    landing.write_partition(
        source="demo",
        entity="things",
        partition_key=key,
        origin="test",
        rows_read=frame.height,
        loaded=frame,
        quarantined=landing.empty_quarantine(),
    )


def test_only_the_columns_asked_for_are_read_and_a_partition_without_one_gives_nulls(warehouse):
    _land_frame("2024-01-01", pl.DataFrame({"n": [1], "label": ["a"], "note": ["x"]}))
    _land_frame("2024-02-01", pl.DataFrame({"n": [2], "note": ["y"]}))
    keys = ["2024-01-01", "2024-02-01"]
    frame = assets.read_landed("demo", "things", keys, columns={"n", "label"})
    assert frame.columns == ["n", "label"]
    assert frame.rows() == [(1, "a"), (2, None)]
    assert list(assets.landed_schema("demo", "things", keys)) == ["n", "label", "note"]


def test_a_column_the_suite_does_not_read_still_fails_its_column_set_check(warehouse):
    _land_frame("2024-01-01", pl.DataFrame({"n": [1, 2]}))
    _land_frame("2024-02-01", pl.DataFrame({"n": [3], "surprise": ["!"]}))

    def suite(e):
        return [*_suite(e), e.ExpectTableColumnsToMatchSet(column_set=["n"], exact_match=True)]

    result = assets._validate_in_batches("demo", "things", ["2024-01-01", "2024-02-01"], suite)
    assert not result.passed
    assert result.metadata["rows_validated"].value == 3
    assert "expect_table_columns_to_match_set" in result.metadata["failures"].value
