"""A reader's own catalog: views over the published snapshot holding only their rows.

For each (snapshot, scope) we write a small DuckDB file of views, one per mart the scope may
read, each ``select * from <snapshot>.main.<mart> where <the scope's rows>``, and serve it
read-only with the snapshot attached read-only beside it. Every query of every page runs in
that catalog, so a page that asks for another district, or a filter value that carries SQL,
finds nothing outside the scope: those rows are not in any table the query can name.

How a mart is filtered follows from its columns, the same way for every mart:
- ``geo_level`` + ``geo_code`` (the indicator marts): rows of the scope's districts, plus the
  levels the role compares with (province; division of the scope's districts); any other
  level (facility, tehsil) is left out for a district-restricted scope;
- ``district_pcode`` (or ``harmonised_district_pcode``): the scope's districts;
- ``department_code``: the scope's departments; else ``source_code``: the sources those
  departments run (from ``dim_source_system``); else the rule's owning ``department``;
- ``dimension`` (survey breakdowns): the district breakdown keeps only the scope's districts,
  the department breakdown is dropped for a department scope (the survey's department
  groups are not warehouse departments, so no row can be shown as "theirs");
- ``geo_level`` again for roles limited to some levels (the public: no facility rows).
A mart with no column to filter on is shown to a restricted scope only if access.yaml says
it is shared by every district (department); otherwise it is left out. A mart of a kind the
role may not read is left out, and so is one no rule names.

The scope's values (districts, divisions, sources, levels) are stored in tables of the file
(schema ``bgw_scope``) with bound parameters, never written into SQL text. Identifiers come
from the snapshot's own catalog. The snapshot is attached under a random name, so no query
can be written against the unfiltered snapshot by accident.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import duckdb

from dashboards.auth.access import Scope

SCOPE_SCHEMA = "bgw_scope"
_GEO = ("geo_level", "geo_code")
_DISTRICT_COLUMNS = ("district_pcode", "harmonised_district_pcode")


@dataclass(frozen=True)
class ScopedCatalog:
    """A built catalog file and the name the snapshot must be attached under to serve it."""

    path: Path
    snapshot_alias: str
    views: tuple[str, ...]
    # Each view's columns (its mart's): what the catalog holds never changes once built, so
    # the questions "which marts may this reader read, with which columns" need no query.
    columns: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    # ATTACH takes no bound parameter for its path; the path is our own snapshot's.
    return "'" + text.replace("'", "''") + "'"


def attach_snapshot(con: duckdb.DuckDBPyConnection, snapshot_path: str, alias: str) -> None:
    con.execute(f"attach {_literal(snapshot_path)} as {_ident(alias)} (read_only)")


def _fill(con: duckdb.DuckDBPyConnection, table: str, column: str, values: list[str]) -> None:
    con.execute(f"create table {SCOPE_SCHEMA}.{table} ({column} varchar)")
    if values:
        con.executemany(f"insert into {SCOPE_SCHEMA}.{table} values (?)", [[v] for v in values])


def _in(column: str, table: str, value_column: str) -> str:
    return f"{_ident(column)} in (select {value_column} from {SCOPE_SCHEMA}.{table})"


_GEO_CONDITION = f"""(
    (geo_level = 'province' and 'province' in (select geo_level from {SCOPE_SCHEMA}.comparison))
    or (
        geo_level = 'division'
        and 'division' in (select geo_level from {SCOPE_SCHEMA}.comparison)
        and geo_code in (select division from {SCOPE_SCHEMA}.divisions)
    )
    or (
        geo_level = 'district'
        and geo_code in (select district_pcode from {SCOPE_SCHEMA}.districts)
    )
)"""


def _district_condition(columns: set[str], shared: bool) -> str | None:
    """Rows of a district-restricted scope; None when the mart must be left out."""
    if set(_GEO) <= columns:
        return _GEO_CONDITION
    for column in _DISTRICT_COLUMNS:
        if column in columns:
            return _in(column, "districts", "district_pcode")
    if not shared:
        return None
    if "dimension" in columns:
        own = ""
        if "group_code" in columns:
            own = f" or {_in('group_code', 'districts', 'district_pcode')}"
        return f"(dimension is distinct from 'district'{own})"
    return "true"


def _department_condition(
    columns: set[str], shared: bool, owner: str | None, departments: frozenset[str]
) -> str | None:
    """Rows of a department-restricted scope; None when the mart must be left out."""
    if "department_code" in columns:
        return _in("department_code", "departments", "department_code")
    if "source_code" in columns:
        return _in("source_code", "sources", "source_code")
    if owner is not None:
        return "true" if owner in departments else None
    if not shared:
        return None
    if "dimension" in columns:
        return "(dimension is distinct from 'department')"
    return "true"


def _snapshot_columns(con: duckdb.DuckDBPyConnection, alias: str) -> dict[str, set[str]]:
    rows = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = ? and schema_name = 'main' order by table_name",
        [alias],
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def _scope_values(
    con: duckdb.DuckDBPyConnection, alias: str, scope: Scope, tables: dict[str, set[str]]
) -> None:
    """The scope's districts, their divisions, departments and their sources, as tables."""
    con.execute(f"create schema {SCOPE_SCHEMA}")
    districts = sorted(scope.districts or [])
    _fill(con, "districts", "district_pcode", districts)
    divisions: list[str] = []
    if districts and {"district_pcode", "division"} <= tables.get("dim_district", set()):
        divisions = [
            r[0]
            for r in con.execute(
                f"select distinct division from {_ident(alias)}.main.dim_district "
                f"where district_pcode in (select district_pcode from {SCOPE_SCHEMA}.districts) "
                "and division is not null"
            ).fetchall()
        ]
    _fill(con, "divisions", "division", sorted(divisions))
    departments = sorted(scope.departments or [])
    _fill(con, "departments", "department_code", departments)
    sources: list[str] = []
    if departments and {"source_code", "department_code"} <= tables.get("dim_source_system", set()):
        sources = [
            r[0]
            for r in con.execute(
                f"select source_code from {_ident(alias)}.main.dim_source_system "
                f"where department_code in (select department_code from {SCOPE_SCHEMA}.departments)"
            ).fetchall()
        ]
    _fill(con, "sources", "source_code", sorted(sources))
    _fill(con, "comparison", "geo_level", sorted(scope.comparison))
    _fill(con, "geo_levels", "geo_level", sorted(scope.geo_levels or []))


def view_conditions(scope: Scope, table: str, columns: set[str]) -> list[str] | None:
    """The WHERE conditions of a mart's view for the scope; None: the scope has no view."""
    rule = scope.rule_for(table)
    if rule is None or not scope.may_read(rule.kind):
        return None
    conditions: list[str] = []
    if scope.districts is not None:
        condition = _district_condition(columns, "districts" in rule.shared_by)
        if condition is None:
            return None
        conditions.append(condition)
    if scope.departments is not None:
        condition = _department_condition(
            columns, "departments" in rule.shared_by, rule.department, scope.departments
        )
        if condition is None:
            return None
        conditions.append(condition)
    if scope.geo_levels is not None and "geo_level" in columns:
        conditions.append(_in("geo_level", "geo_levels", "geo_level"))
    return conditions


def build(
    snapshot_path: str,
    scope: Scope,
    target: Path,
    *,
    alias_factory: Callable[[], str] = lambda: f"unscoped_{secrets.token_hex(8)}",
) -> ScopedCatalog:
    """Write the scope's catalog of views over ``snapshot_path`` to ``target`` (atomically)."""
    alias = alias_factory()
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    views: list[str] = []
    con = duckdb.connect(str(partial))
    try:
        attach_snapshot(con, snapshot_path, alias)
        tables = _snapshot_columns(con, alias)
        _scope_values(con, alias, scope, tables)
        for table, columns in sorted(tables.items()):
            conditions = view_conditions(scope, table, columns)
            if conditions is None:
                continue
            where = " and ".join(conditions) or "true"
            con.execute(
                f"create view main.{_ident(table)} as "
                f"select * from {_ident(alias)}.main.{_ident(table)} where {where}"
            )
            views.append(table)
        con.execute(f"detach {_ident(alias)}")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(partial, target)
    return ScopedCatalog(
        path=target,
        snapshot_alias=alias,
        views=tuple(views),
        columns=MappingProxyType({view: frozenset(tables[view]) for view in views}),
    )


def open_read_only(catalog: ScopedCatalog, snapshot_path: str) -> duckdb.DuckDBPyConnection:
    """Serve a built catalog: read-only, snapshot attached read-only, no file access, locked."""
    con = duckdb.connect(str(catalog.path), read_only=True)
    try:
        attach_snapshot(con, snapshot_path, catalog.snapshot_alias)
        # Dashboards read the snapshot and nothing else; then no query may change that.
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con
