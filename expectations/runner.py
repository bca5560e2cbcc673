"""Run a Great Expectations suite on a landed extract.

Great Expectations is imported here, inside the call, because importing it costs seconds
and the Dagster code location must load fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

# Great Expectations must not reach out to its analytics service from a government network.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


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


def validate(
    frame: pl.DataFrame, suite_name: str, build: Callable[[Any], list[Any]]
) -> SuiteResult:
    """Validate ``frame`` against the expectations ``build(gx.expectations)`` returns."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Progress bars would interleave with Dagster's logs for every suite run.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("landing")
    batch_definition = source.add_dataframe_asset(suite_name).add_batch_definition_whole_dataframe(
        "extract"
    )
    suite = context.suites.add(gx.ExpectationSuite(name=suite_name))
    for expectation in build(gx.expectations):
        suite.add_expectation(expectation)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    result = batch.validate(suite)
    failed = []
    for r in result.results:
        if not r.success:
            cfg = r.expectation_config
            kwargs = {k: v for k, v in cfg.kwargs.items() if k not in ("batch_id", "value_set")}
            observed = r.result.get("unexpected_count", r.result.get("observed_value"))
            failed.append(
                {
                    "expectation": cfg.type,
                    "kwargs": kwargs,
                    "observed": observed,
                    "summary": f"{cfg.type}({kwargs}) observed {observed}",
                }
            )
    return SuiteResult(suite_name, bool(result.success), len(result.results), failed)
