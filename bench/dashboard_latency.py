"""Latency of every dashboard query against the serving snapshot, p50 and p95.

The query functions are found, not listed: every public function of every module under
``dashboards/queries/`` that reads the snapshot when called (so helpers that only format,
and the audit log, drop out by themselves). Their arguments come from the snapshot itself:
functions that need none run first and what they return (districts, divisions, months,
indicator codes, survey waves, ...) supplies the representative values the others need, by
parameter name; optional parameters keep their defaults, as a page's first view does.

Streamlit's data cache is cleared before every call, so each timing is a real query (the
shared read-only connection stays open, as it does in the app). Calls run in a reader's
scope (``dashboards.auth``), by default the public one and the policy maker's.

    python -m bench.dashboard_latency --repeats 20 --out latency.json
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import importlib
import inspect
import json
import pkgutil
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROLES = ("public", "policy_maker")
# How many places a "districts" / "divisions" list parameter gets (compare the bottom four).
LIST_ARGUMENTS = 4
# Parameter names that mean the same thing as a value the snapshot offers under another name.
ALIASES = {
    "month": "month_start",
    "period": "month_start",
    "districts": "district_pcode",
    "divisions": "division",
    "geo_code": "district_pcode",
    "geo_name": "district_name",
}
# A dataclass argument's fields, named as the values they take (a Geography's code is a
# district's P-code, not an indicator code).
FIELD_ALIASES = {"level": "geo_level", "code": "geo_code", "name": "geo_name"}
FIXED = {"geo_level": "district"}


class Unresolvable(LookupError):
    """No representative value for a parameter."""


@dataclasses.dataclass
class QueryFunction:
    module: str
    name: str
    function: Callable

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.name}"


def discover(package: str = "dashboards.queries") -> list[QueryFunction]:
    """Public functions defined in each module of the package, in a stable order."""
    root = importlib.import_module(package)
    found = []
    for info in sorted(pkgutil.iter_modules(root.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package}.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ != module.__name__:
                continue  # imported from elsewhere
            found.append(QueryFunction(info.name, name, value))
    return found


def _returns_nothing(fn: Callable) -> bool:
    # Functions that return nothing act (write an audit record, purge): never call them.
    return inspect.signature(fn).return_annotation in (None, "None")


class Harvest:
    """Values the snapshot offers, by name, gathered from what query functions return."""

    def __init__(self) -> None:
        self.values: dict[str, list[Any]] = {}

    def add(self, name: str, value: Any) -> None:
        if value is None or value != value:  # None, NaN, NaT
            return
        if isinstance(value, datetime):  # pandas gives month starts as midnight Timestamps
            if value.time() != datetime.min.time():
                return
            value = date(value.year, value.month, value.day)
        bucket = self.values.setdefault(name, [])
        if len(bucket) < 200 and value not in bucket:
            bucket.append(value)

    def take(self, function_name: str, result: Any) -> None:
        import pandas as pd

        if isinstance(result, pd.DataFrame):
            for column in result.columns:
                for value in result[column].head(200).tolist():
                    if isinstance(value, str | int | date) and not isinstance(value, bool):
                        self.add(str(column), value)
        elif isinstance(result, list | tuple | frozenset | set):
            for item in list(result)[:200]:
                if dataclasses.is_dataclass(item):
                    self.take(function_name, item)
                elif isinstance(item, str | date):
                    self.add(function_name.removesuffix("s"), item)
        elif dataclasses.is_dataclass(result):
            for f in dataclasses.fields(result):
                value = getattr(result, f.name)
                if isinstance(value, str | int | date) and not isinstance(value, bool):
                    self.add(f.name, value)
        elif isinstance(result, Mapping):
            for key, value in result.items():
                if isinstance(value, str | int | date) and not isinstance(value, bool):
                    self.add(str(key), value)

    def first(self, name: str) -> Any:
        values = self.values.get(name)
        if not values:
            raise Unresolvable(name)
        return values[0]

    def latest_complete_month(self) -> date:
        today = date.today().replace(day=1)
        months = [v for v in self.values.get("month_start", []) if isinstance(v, date)]
        complete = [m for m in months if m < today]
        if not complete:
            raise Unresolvable("month")
        return max(complete)


def _is_date(annotation: str) -> bool:
    return "date" in annotation and "datetime" not in annotation


def _module_constant(fn: Callable, name: str) -> Any:
    """A first value from the function's module constant named after the parameter."""
    module = sys.modules[fn.__module__]
    stem = name.removesuffix("_key").upper()
    for constant in (stem + "S", stem):
        value = getattr(module, constant, None)
        if isinstance(value, Mapping) and value:
            return next(iter(value))
        if isinstance(value, tuple | list) and value and isinstance(value[0], str):
            return value[0]
    raise Unresolvable(name)


def _value_for(fn: Callable, name: str, annotation: Any, harvest: Harvest) -> Any:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if name in FIXED:
        return FIXED[name]
    key = ALIASES.get(name, name)
    plural = name.endswith("s") and ("Sequence" in text or "list[" in text)
    if plural:
        values = harvest.values.get(key) or []
        if not values:
            raise Unresolvable(name)
        return tuple(values[:LIST_ARGUMENTS])
    if _is_date(text) and key in ("month_start", name):
        return harvest.latest_complete_month()
    with contextlib.suppress(Unresolvable):
        return harvest.first(key)
    cls = _dataclass_named(fn, text)
    if cls is not None:
        return cls(
            **{
                f.name: _value_for(fn, FIELD_ALIASES.get(f.name, f.name), f.type, harvest)
                for f in dataclasses.fields(cls)
            }
        )
    return _module_constant(fn, name)


def _dataclass_named(fn: Callable, text: str) -> type | None:
    cls = fn.__globals__.get(text.strip())
    return cls if isinstance(cls, type) and dataclasses.is_dataclass(cls) else None


def arguments(fn: Callable, harvest: Harvest) -> dict[str, Any]:
    """Keyword arguments for every required parameter; raises Unresolvable."""
    kwargs = {}
    for param in inspect.signature(fn).parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.default is not param.empty:
            continue
        kwargs[param.name] = _value_for(fn, param.name, param.annotation, harvest)
    return kwargs


@contextlib.contextmanager
def counting_queries() -> Iterator[list[int]]:
    """Count the queries sent to the snapshot while the block runs.

    Every query goes through ``snapshot.query_at`` (``query`` calls it too); modules that
    imported it by name are patched as well, so none is missed and none counted twice.
    """
    from dashboards.queries import snapshot

    counter = [0]
    original = snapshot.query_at

    def counted(*args: Any, **kwargs: Any) -> Any:
        counter[0] += 1
        return original(*args, **kwargs)

    patched = [
        module
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith("dashboards.")
        and getattr(module, "query_at", None) is original
    ]
    for module in patched:
        module.query_at = counted
    try:
        yield counter
    finally:
        for module in patched:
            module.query_at = original


def clear_data_cache() -> None:
    import streamlit as st

    st.cache_data.clear()


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of the samples."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


def time_calls(fn: Callable, kwargs: dict, repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        clear_data_cache()
        started = time.perf_counter()
        fn(**kwargs)
        seconds.append(time.perf_counter() - started)
    return seconds


def pages_using(dashboards_dir: Path) -> dict[str, list[str]]:
    """``module.function`` of dashboards.queries -> the page files that call it.

    Pages are ``app_pages/*.py``; the shared parts beside them (the sidebar filters, the
    page header) count under their own file name, since every page runs them.
    """
    used: dict[str, set[str]] = {}
    files = [*dashboards_dir.glob("app_pages/*.py"), *dashboards_dir.glob("*.py")]
    for page in sorted(files):
        tree = ast.parse(page.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "dashboards.queries":
                for a in node.names:
                    aliases[a.asname or a.name] = a.name
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "dashboards.queries."
            ):
                module = node.module.rsplit(".", 1)[-1]
                for a in node.names:
                    used.setdefault(f"{module}.{a.name}", set()).add(page.stem)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
            ):
                used.setdefault(f"{aliases[node.value.id]}.{node.attr}", set()).add(page.stem)
    return {k: sorted(v) for k, v in used.items()}


def measure(functions: list[QueryFunction], repeats: int) -> tuple[list[dict], list[dict]]:
    """Time each query function; also what could not be measured and why."""
    harvest = Harvest()
    pending = [f for f in functions if not _returns_nothing(f.function)]
    resolved: list[tuple[QueryFunction, dict, int]] = []
    skipped: dict[str, str] = {}
    # Functions needing nothing run first; what they return supplies the others' arguments.
    progress = True
    while pending and progress:
        progress = False
        still = []
        for qf in pending:
            try:
                kwargs = arguments(qf.function, harvest)
            except Unresolvable as missing:
                skipped[qf.qualified] = f"no representative value for '{missing.args[0]}'"
                still.append(qf)
                continue
            clear_data_cache()
            try:
                with counting_queries() as queries:
                    result = qf.function(**kwargs)
            except Exception as exc:  # a query that fails is reported, not hidden
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                skipped[qf.qualified] = f"failed: {type(exc).__name__}: {first_line}"[:240]
                progress = True
                continue
            skipped.pop(qf.qualified, None)
            progress = True
            harvest.take(qf.name, result)
            if queries[0]:
                resolved.append((qf, kwargs, queries[0]))
        pending = still
    rows = []
    for qf, kwargs, n_queries in resolved:
        samples = time_calls(qf.function, kwargs, repeats)
        rows.append(
            {
                "function": qf.qualified,
                "arguments": {k: _show(v) for k, v in kwargs.items()},
                "queries": n_queries,
                "repeats": repeats,
                "p50_ms": round(percentile(samples, 50) * 1000, 2),
                "p95_ms": round(percentile(samples, 95) * 1000, 2),
                "max_ms": round(max(samples) * 1000, 2),
            }
        )
    not_measured = [{"function": k, "reason": v} for k, v in sorted(skipped.items())]
    return rows, not_measured


def _show(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _show(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_show(v) for v in value]
    return value if isinstance(value, int | float | str | type(None)) else str(value)


def run(repeats: int, roles: Sequence[str]) -> dict:
    from dashboards.auth.access import load_policy
    from dashboards.auth.identity import acting_as

    policy = load_policy()
    functions = discover()
    pages = pages_using(REPO_ROOT / "dashboards")
    out: dict = {"repeats": repeats, "roles": {}, "not_measured": {}}
    for role in roles:
        if role not in policy.roles:
            continue
        with acting_as(policy.scope_of(role), subject="bench"):
            rows, not_measured = measure(functions, repeats)
        for row in rows:
            row["pages"] = pages.get(row["function"], [])
        out["roles"][role] = rows
        out["not_measured"][role] = not_measured
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard_latency", description=__doc__)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--roles", default=",".join(DEFAULT_ROLES))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    result = run(args.repeats, [r for r in args.roles.split(",") if r])
    args.out.write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
