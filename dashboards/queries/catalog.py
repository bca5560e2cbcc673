"""What the published snapshot holds: its marts, so pages can grow with the data.

A page asks ``has_tables`` before it reads a mart and says what is missing instead of
failing: a source that has not landed yet leaves its marts out of the snapshot, and a mart
the reader's scope may not see is not in their catalog either. Only the reader's own
catalog (``current_database()``) is listed, never the snapshot attached behind its views.
"""

from __future__ import annotations

import pandas as pd

from dashboards.queries.snapshot import query

_TABLES_SQL = """
select table_name
from information_schema.tables
where table_catalog = current_database() and table_schema = 'main'
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
    v.view_name as table_name,
    case
        when v.view_name like 'dim\\_%' escape '\\' then 'dimension'
        when v.view_name like 'fct\\_%' escape '\\' then 'fact'
        when v.view_name like 'rpt\\_%' escape '\\' then 'report'
        else 'other'
    end as kind,
    nullif(regexp_extract(v.view_name, '^(?:dim|fct|rpt)_([a-z0-9]+)', 1), '') as domain,
    (
        select count(*)
        from duckdb_columns() as c
        where c.database_name = v.database_name and c.schema_name = 'main'
            and c.table_name = v.view_name
    ) as column_count
from duckdb_views() as v
where v.database_name = current_database() and v.schema_name = 'main' and not v.internal
order by kind, v.view_name
"""


def snapshot_contents() -> pd.DataFrame:
    """One row per mart the reader can see: table_name, kind, domain, row_count (the rows
    in their scope), column_count."""
    marts = query(_CONTENTS_SQL)
    if marts.empty:
        return marts.assign(row_count=pd.Series(dtype="int64"))
    # Identifiers come from the reader's own catalog, never from input.
    counts = "\nunion all\n".join(
        f"select '{name}' as table_name, count(*) as row_count from main.\"{name}\""
        for name in marts["table_name"]
        if "'" not in name and '"' not in name
    )
    rows = query(counts) if counts else pd.DataFrame(columns=["table_name", "row_count"])
    out = marts.merge(rows, on="table_name", how="left")
    return out[["table_name", "kind", "domain", "row_count", "column_count"]]


_COLUMN_TABLES_SQL = """
select table_name
from information_schema.columns
where table_catalog = current_database() and table_schema = 'main' and column_name = $column
order by table_name
"""


def tables_with_column(column: str) -> list[str]:
    """Marts having a column of that name (e.g. every monthly mart has ``month_start``)."""
    return query(_COLUMN_TABLES_SQL, {"column": column})["table_name"].tolist()
