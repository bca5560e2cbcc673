"""dashboards.charts.data_health: rows per partition and quarantine by reason."""

from __future__ import annotations

import pandas as pd

from dashboards.charts.data_health import loads_by_partition, quarantine_by_reason
from dashboards.charts.palette import BAD, GOOD


def test_rows_per_partition_stack_loaded_and_quarantined_with_a_pattern(facts):
    loads = facts.fixture.data_health_loads()
    history = loads[(loads["source_code"] == "cqmis") & (loads["entity"] == "complaints")]
    fig = loads_by_partition(history, entity="complaints")
    loaded, quarantined = fig.data
    assert (loaded.marker.color, quarantined.marker.color) == (GOOD, BAD)
    assert quarantined.marker.pattern.shape == "/"
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis.title.text == "Rows (count)"
    assert fig.layout.yaxis.tickformat == ","


def test_partitions_that_are_not_months_are_categories(facts):
    loads = facts.fixture.data_health_loads()
    waves = loads[loads["source_code"] == "survey"]
    fig = loads_by_partition(waves, entity="responses")
    assert list(fig.data[0].x) == ["2009-wave1", "2010-wave2"]
    assert fig.layout.xaxis.type == "category"


def test_quarantine_by_reason_puts_the_largest_reason_on_top():
    summary = pd.DataFrame(
        {
            "source_code": ["cqmis", "cqmis", "survey"],
            "reason_kind": ["duplicate", "unknown district", "unknown district"],
            "quarantined_rows": [100, 30, 1],
            "partitions": [20, 10, 1],
        }
    )
    fig = quarantine_by_reason(summary)
    assert [t.name for t in fig.data] == ["cqmis", "survey"]
    assert list(fig.layout.yaxis.categoryarray) == ["unknown district", "duplicate"]
