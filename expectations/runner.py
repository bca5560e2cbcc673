"""Run a Great Expectations suite on a landed extract.

Great Expectations is imported here, inside the call, because importing it costs seconds
and the Dagster code location must load fast.

Great Expectations validates pandas DataFrames, so every batch is a copy of the landed rows
in pandas; what this module feeds it is chosen to keep that copy small and short-lived:

- Expectations about the table's columns (their names or count) read no values, so they are
  validated on the extract's columns with no rows, and every other expectation on only the
  columns it names: a suite that reads nine of seventeen columns converts nine.
- Narrow integer and float columns are widened to 64 bits, the only numeric types Great
  Expectations compares vectorised (``expect_column_values_to_be_between`` otherwise calls
  Python once per row); the values, and so every verdict, are unchanged.
- Great Expectations' objects refer to one another in cycles, so a validated batch would
  stay in memory until Python's cycle collector happened to run: batches piled up and a
  long backfill held gigabytes. After each batch the caches that hold the DataFrame are
  emptied, which frees it at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

# Great Expectations must not reach out to its analytics service from a government network.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

# Expectations decided by the column names alone; all others read the rows of their columns.
SCHEMA_EXPECTATIONS = frozenset(
    {
        "expect_table_columns_to_match_set",
        "expect_table_columns_to_match_ordered_list",
        "expect_table_column_count_to_equal",
        "expect_table_column_count_to_be_between",
        "expect_column_to_exist",
    }
)
_COLUMN_ARGUMENTS = ("column", "column_list", "column_A", "column_B")
_WIDER = {
    **dict.fromkeys((pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16, pl.UInt32), pl.Int64),
    pl.Float32: pl.Float64,
}
_DATASOURCE = "landing"


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failed: list[dict[str, Any]] = field(default_factory=list)

    def as_metadata(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "expectations_evaluated": self.evaluated,
            "expectations_failed": len(self.failed),
            "failures": "; ".join(f["summary"] for f in self.failed) or "none",
        }


class Suite:
    """A suite, defined by ``build(gx.expectations)``, to validate batch after batch."""

    def __init__(self, name: str, build: Callable[[Any], list[Any]]) -> None:
        import great_expectations as gx
        from great_expectations.execution_engine import pandas_execution_engine

        # Great Expectations fingerprints a pandas batch by hashing every value in it, for a
        # batch marker nothing here reads; that was near half of a suite's time. It already
        # skips the hash above this size, so a threshold of zero skips it for every batch.
        pandas_execution_engine.HASH_THRESHOLD = 0
        self.name = name
        self._gx = gx
        self._build = build
        self.columns = columns_read(build(gx.expectations))

    def validate(self, frame: pl.DataFrame, schema: pl.Schema | None = None) -> SuiteResult:
        """Validate ``frame``, which holds at least the columns the suite reads.

        ``schema`` is the extract's full schema when ``frame`` was read with fewer columns;
        the expectations about the table's columns are judged on it.
        """
        from great_expectations.data_context.types.base import ProgressBarsConfig

        gx = self._gx
        # A new context for every batch (cheap next to validating one): every batch of a
        # DataFrame asset gets the same id, by which the execution engine keeps batches and
        # computed metrics, so no batch can be judged on another's cached metrics.
        context = gx.get_context(mode="ephemeral")
        # Progress bars would interleave with Dagster's logs for every suite run.
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = context.data_sources.add_pandas(_DATASOURCE)
        batch_definition = source.add_dataframe_asset(
            self.name
        ).add_batch_definition_whole_dataframe("extract")
        on_schema = context.suites.add(gx.ExpectationSuite(name=f"{self.name}__columns"))
        on_values = context.suites.add(gx.ExpectationSuite(name=self.name))
        for expectation in self._build(gx.expectations):
            target = on_schema if expectation.expectation_type in SCHEMA_EXPECTATIONS else on_values
            target.add_expectation(expectation)
        results: list[Any] = []
        try:
            for suite, data in (
                (on_schema, lambda: pl.DataFrame(schema=schema or frame.schema).to_pandas()),
                (on_values, lambda: _pandas(frame, self.columns)),
            ):
                if suite.expectations:
                    batch = batch_definition.get_batch(batch_parameters={"dataframe": data()})
                    results += batch.validate(suite).results
                    del batch
        finally:
            _forget_batches(context, source)
        failed = [_failure(r) for r in results if not r.success]
        return SuiteResult(self.name, not failed, len(results), failed)


def validate(
    frame: pl.DataFrame, suite_name: str, build: Callable[[Any], list[Any]]
) -> SuiteResult:
    """Validate ``frame`` against the expectations ``build(gx.expectations)`` returns."""
    return Suite(suite_name, build).validate(frame)


def columns_read(expectations: Iterable[Any]) -> frozenset[str] | None:
    """The columns whose values the expectations read; None when one of them may read any."""
    columns: set[str] = set()
    for expectation in expectations:
        if expectation.expectation_type in SCHEMA_EXPECTATIONS:
            continue
        kwargs = expectation.configuration.kwargs
        named = [kwargs[a] for a in _COLUMN_ARGUMENTS if a in kwargs]
        if not named:
            return None
        for value in named:
            columns.update([value] if isinstance(value, str) else value)
    return frozenset(columns)


def _pandas(frame: pl.DataFrame, columns: frozenset[str] | None) -> Any:
    if columns is not None:
        frame = frame.select([c for c in frame.columns if c in columns])
    wider = {c: _WIDER[t] for c, t in frame.schema.items() if t in _WIDER}
    return frame.cast(wider).to_pandas() if wider else frame.to_pandas()


def _forget_batches(context: Any, source: Any) -> None:
    # The execution engine's caches are the only way back to the DataFrame from the cycles
    # Great Expectations' objects form; emptied, the DataFrame is freed when the caller drops
    # it instead of at the next full run of the cycle collector.
    manager = source.get_execution_engine().batch_manager
    manager.reset_batch_cache()
    manager.batch_data_cache.clear()
    context.data_sources.delete(_DATASOURCE)


def _failure(result: Any) -> dict[str, Any]:
    cfg = result.expectation_config
    kwargs = {k: v for k, v in cfg.kwargs.items() if k not in ("batch_id", "value_set")}
    observed = result.result.get("unexpected_count", result.result.get("observed_value"))
    return {
        "expectation": cfg.type,
        "kwargs": kwargs,
        "observed": observed,
        "summary": f"{cfg.type}({kwargs}) observed {observed}",
    }
