"""What the published snapshot holds: its marts, so pages can grow with the data.

A page asks ``has_tables`` before it reads a mart and says what is missing instead of
failing: a source that has not landed yet leaves its marts out of the snapshot.
"""

from __future__ import annotations

import pandas as pd

from dashboards.queries.snapshot import query

_TABLES_SQL = """
select table_name
from information_schema.tables
where table_schema = 'main'
order by table_name
"""


def tables() -> frozenset[str]:
    """Names of the tables in the snapshot's ``main`` schema."""
    return frozenset(query(_TABLES_SQL)["table_name"])


def has_tables(*names: str) -> bool:
    """True when every named mart is in the snapshot."""
    return set(names) <= tables()


def missing_tables(*names: str) -> list[str]:
    available = tables()
    return [n for n in names if n not in available]


_CONTENTS_SQL = """
select
    t.table_name,
    case
        when t.table_name like 'dim\\_%' escape '\\' then 'dimension'
        when t.table_name like 'fct\\_%' escape '\\' then 'fact'
        when t.table_name like 'rpt\\_%' escape '\\' then 'report'
        else 'other'
    end as kind,
    nullif(regexp_extract(t.table_name, '^(?:dim|fct|rpt)_([a-z0-9]+)', 1), '') as domain,
    t.estimated_size as row_count,
    t.column_count
from duckdb_tables() as t
where t.schema_name = 'main'
order by kind, t.table_name
"""


def snapshot_contents() -> pd.DataFrame:
    """One row per mart: table_name, kind, domain, row_count, column_count."""
    return query(_CONTENTS_SQL)


_COLUMN_TABLES_SQL = """
select table_name
from information_schema.columns
where table_schema = 'main' and column_name = $column
order by table_name
"""


def tables_with_column(column: str) -> list[str]:
    """Marts having a column of that name (e.g. every monthly mart has ``month_start``)."""
    return query(_COLUMN_TABLES_SQL, {"column": column})["table_name"].tolist()
