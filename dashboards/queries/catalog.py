"""What the published snapshot holds: its marts, so pages can grow with the data.

A page asks ``has_tables`` before it reads a mart and says what is missing instead of
failing: a source that has not landed yet leaves its marts out of the snapshot, and a mart
the reader's scope may not see is not in their catalog either. Only the reader's own
catalog is listed, never the snapshot attached behind its views; which marts it holds, and
their columns, is recorded when it is built (``snapshot.catalog_columns``), so these
questions cost no query.
"""

from __future__ import annotations

import pandas as pd

from dashboards.queries.snapshot import catalog_columns, query


def tables() -> frozenset[str]:
    """Names of the tables in the snapshot's ``main`` schema."""
    return frozenset(catalog_columns())


def has_tables(*names: str) -> bool:
    """True when every named mart is in the snapshot."""
    return set(names) <= tables()


def missing_tables(*names: str) -> list[str]:
    available = tables()
    return [n for n in names if n not in available]


_CONTENTS_SQL = """
with counts as (
    {counts}
)

select
    table_name,
    case
        when table_name like 'dim\\_%' escape '\\' then 'dimension'
        when table_name like 'fct\\_%' escape '\\' then 'fact'
        when table_name like 'rpt\\_%' escape '\\' then 'report'
        else 'other'
    end as kind,
    nullif(regexp_extract(table_name, '^(?:dim|fct|rpt)_([a-z0-9]+)', 1), '') as domain,
    row_count
from counts
order by kind, table_name
"""

_CONTENTS_COLUMNS = ["table_name", "kind", "domain", "row_count", "column_count"]


def _count_rows(name: str) -> str:
    # Identifiers come from the reader's own catalog, never from input; quoted all the same.
    literal = "'" + name.replace("'", "''") + "'"
    identifier = '"' + name.replace('"', '""') + '"'
    return f"select {literal} as table_name, count(*) as row_count from main.{identifier}"


def snapshot_contents() -> pd.DataFrame:
    """One row per mart the reader can see: table_name, kind, domain, row_count (the rows
    in their scope), column_count."""
    columns = catalog_columns()
    if not columns:
        return pd.DataFrame(
            {
                "table_name": pd.Series(dtype="object"),
                "kind": pd.Series(dtype="object"),
                "domain": pd.Series(dtype="object"),
                "row_count": pd.Series(dtype="int64"),
                "column_count": pd.Series(dtype="int64"),
            }
        )
    # Every count in one statement: one round trip, whatever the number of marts.
    counts = "\n    union all\n    ".join(_count_rows(name) for name in sorted(columns))
    out = query(_CONTENTS_SQL.format(counts=counts))
    out["column_count"] = out["table_name"].map(lambda name: len(columns[name])).astype("int64")
    return out[_CONTENTS_COLUMNS]


def tables_with_column(column: str) -> list[str]:
    """Marts having a column of that name (e.g. every monthly mart has ``month_start``)."""
    return sorted(name for name, names in catalog_columns().items() if column in names)
