import gc
import weakref

import polars as pl
import pytest

from expectations import runner


def _suite(e):
    return [
        e.ExpectTableColumnsToMatchSet(column_set=["id", "grade", "note"], exact_match=True),
        e.ExpectCompoundColumnsToBeUnique(column_list=["id", "grade"]),
        e.ExpectColumnValuesToBeBetween(column="grade", min_value=1, max_value=22),
    ]


def _frame(grades: list[int]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": list(range(len(grades))),
            "grade": pl.Series(grades, dtype=pl.Int16),
            "note": ["x"] * len(grades),
        }
    )


def test_a_suite_reads_only_the_columns_its_expectations_name_besides_the_column_set():
    assert runner.Suite("s", _suite).columns == {"id", "grade"}


def test_a_suite_with_an_expectation_on_the_whole_table_reads_every_column():
    def counted(e):
        return [*_suite(e), e.ExpectTableRowCountToEqual(value=3)]

    assert runner.Suite("s", counted).columns is None
    assert runner.validate(_frame([1, 2, 3]), "s", counted).success
    assert not runner.validate(_frame([1, 2]), "s", counted).success


def test_the_column_set_is_judged_on_the_extracts_schema_not_on_the_columns_read():
    suite = runner.Suite("s", _suite)
    read = _frame([1, 2]).select("id", "grade")
    assert suite.validate(read, _frame([]).schema).success
    renamed = _frame([]).rename({"note": "remark"}).schema
    result = suite.validate(read, renamed)
    assert [f["expectation"] for f in result.failed] == ["expect_table_columns_to_match_set"]


def test_narrow_integers_are_judged_value_by_value_like_wide_ones():
    result = runner.validate(_frame([1, 22, 23, 0, 5]), "s", _suite)
    assert not result.success
    assert [(f["expectation"], f["observed"]) for f in result.failed] == [
        ("expect_column_values_to_be_between", 2)
    ]
    assert result.evaluated == 3


def test_a_validated_batch_is_freed_without_waiting_for_the_cycle_collector(monkeypatch):
    fed: list[weakref.ref] = []
    to_pandas = runner._pandas

    def recording(frame, columns):
        converted = to_pandas(frame, columns)
        fed.append(weakref.ref(converted))
        return converted

    monkeypatch.setattr(runner, "_pandas", recording)
    gc.collect()
    gc.disable()
    try:
        assert runner.validate(_frame([1, 2, 3]), "s", _suite).success
        assert fed and all(ref() is None for ref in fed)
    finally:
        gc.enable()


@pytest.mark.parametrize("dtype", [pl.Int8, pl.Int32, pl.UInt16, pl.Float32])
def test_every_narrow_numeric_type_reaches_great_expectations_as_64_bits(dtype):
    frame = pl.DataFrame({"v": pl.Series([1, 2], dtype=dtype), "s": ["a", "b"]})
    converted = runner._pandas(frame, frozenset({"v"}))
    assert list(converted.columns) == ["v"]
    assert str(converted["v"].dtype) in ("int64", "float64")
