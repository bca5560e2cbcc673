"""Data health for the data engineer: loads, quarantine, unresolved districts, freshness.

Reads the data-health marts (transform/models/marts/data_health), built from the files the
landing step writes beside every extract, so every source that lands shows up here.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards.queries.snapshot import query

SOURCE = "Warehouse landing zone: load manifests and quarantine files of every source"
MARTS = (
    "rpt_data_health__loads",
    "rpt_data_health__quarantine",
    "rpt_data_health__unresolved_districts",
    "rpt_data_health__freshness",
)
FRESHNESS_ORDER = ("overdue", "on time", "no schedule", "not loaded")

_FRESHNESS_SQL = """
select
    source_code,
    source_name,
    department_name,
    cadence,
    period_type,
    expected_by_day_of_period,
    is_landed,
    entities,
    partitions,
    latest_partition_key,
    latest_period_start,
    expected_latest_period_start,
    periods_behind,
    last_extracted_at,
    extract_age_days,
    max_extract_age_days,
    freshness_status,
    assessed_at
from main.rpt_data_health__freshness
order by
    case freshness_status
        when 'overdue' then 0 when 'on time' then 1 when 'no schedule' then 2 else 3
    end,
    source_code
"""


def freshness() -> pd.DataFrame:
    """One row per source system; overdue first, sources not loaded last."""
    return query(_FRESHNESS_SQL)


_LATEST_LOADS_SQL = """
select
    source_code,
    entity,
    partition_key,
    rows_read,
    rows_loaded,
    rows_quarantined,
    quarantined_pct,
    rows_add_up,
    extracted_at,
    origin,
    landing_folder
from main.rpt_data_health__loads
where is_latest_partition
order by source_code, entity
"""


def latest_loads() -> pd.DataFrame:
    """The newest partition of every source and entity, with its row accounting."""
    return query(_LATEST_LOADS_SQL)


_LOAD_TOTALS_SQL = """
select
    source_code,
    entity,
    count(*) as partitions,
    sum(rows_read)::bigint as rows_read,
    sum(rows_loaded)::bigint as rows_loaded,
    sum(rows_quarantined)::bigint as rows_quarantined,
    bool_and(rows_add_up) as rows_add_up,
    max(extracted_at) as last_extracted_at
from main.rpt_data_health__loads
group by source_code, entity
order by source_code, entity
"""


def load_totals() -> pd.DataFrame:
    """Every source and entity over all its partitions."""
    return query(_LOAD_TOTALS_SQL)


_HISTORY_SQL = """
select
    entity,
    partition_key,
    partition_period_start,
    rows_read,
    rows_loaded,
    rows_quarantined,
    extracted_at
from main.rpt_data_health__loads
where source_code = $source
order by entity, partition_period_start nulls last, partition_key
"""


def load_history(source_code: str) -> pd.DataFrame:
    """Every partition of one source, oldest first."""
    return query(_HISTORY_SQL, {"source": source_code})


_LANDED_SOURCES_SQL = """
select distinct source_code from main.rpt_data_health__loads order by source_code
"""


def landed_sources() -> list[str]:
    return query(_LANDED_SOURCES_SQL)["source_code"].tolist()


_QUARANTINE_SUMMARY_SQL = """
select
    source_code,
    reason_kind,
    sum(quarantined_rows)::bigint as quarantined_rows,
    count(distinct partition_key) as partitions
from main.rpt_data_health__quarantine
group by source_code, reason_kind
order by quarantined_rows desc, source_code, reason_kind
"""


def quarantine_summary() -> pd.DataFrame:
    """Quarantined rows per source and reason kind, over every partition."""
    return query(_QUARANTINE_SUMMARY_SQL)


_QUARANTINE_SQL = """
select
    q.source_code,
    q.entity,
    q.partition_key,
    q.reason_kind,
    q.quarantined_rows,
    q.distinct_reasons,
    q.example_reason,
    q.example_suggestion,
    q.example_origin,
    q.example_row_number
from main.rpt_data_health__quarantine as q
left join main.rpt_data_health__loads as l
    on l.source_code = q.source_code
    and l.entity = q.entity
    and l.partition_key = q.partition_key
where ($source is null or q.source_code = $source)
    and (
        $month is null
        or date_trunc('month', l.partition_period_start) = $month
    )
order by l.partition_period_start desc nulls last, q.partition_key desc, q.source_code,
    q.entity, q.quarantined_rows desc
"""


def quarantine(source_code: str | None = None, month: date | None = None) -> pd.DataFrame:
    """Quarantine by partition and reason kind, newest partition first.

    ``month`` keeps the partitions whose period starts in that month (monthly partitions).
    """
    return query(_QUARANTINE_SQL, {"source": source_code, "month": month})


_UNRESOLVED_SQL = """
select
    source_code,
    name_as_typed,
    is_blank,
    quarantined_rows,
    partitions,
    entities,
    first_partition_key,
    last_partition_key,
    suggested_match
from main.rpt_data_health__unresolved_districts
where $source is null or source_code = $source
order by quarantined_rows desc, source_code, name_as_typed
"""


def unresolved_districts(source_code: str | None = None) -> pd.DataFrame:
    """District names that did not resolve, most rows first."""
    return query(_UNRESOLVED_SQL, {"source": source_code})
