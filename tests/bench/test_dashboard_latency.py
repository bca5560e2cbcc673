from __future__ import annotations

import sys
import textwrap
import types
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from bench import dashboard_latency as latency


def _package(root: Path, name: str, modules: dict[str, str]) -> str:
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for module, source in modules.items():
        (package / f"{module}.py").write_text(textwrap.dedent(source))
    return name


def test_discovery_finds_public_functions_defined_in_every_module(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    name = _package(
        tmp_path,
        "fake_queries_pkg",
        {
            "alpha": """
            from datetime import date
            from fake_queries_pkg.beta import shared

            def rows(): ...
            def _private(): ...
        """,
            "beta": "def shared(): ...\ndef more(month): ...\n",
        },
    )
    found = [f.qualified for f in latency.discover(name)]
    assert found == ["alpha.rows", "beta.shared", "beta.more"]


def test_arguments_are_representative_values_from_the_snapshot():
    harvest = latency.Harvest()
    harvest.take(
        "district_list",
        pd.DataFrame({"district_pcode": ["PK201", "PK202"], "division": ["Kalat", "Makran"]}),
    )
    harvest.take(
        "months",
        pd.DataFrame({"month_start": pd.to_datetime(["2020-01-01", "2020-02-01", "2999-01-01"])}),
    )

    def ranking(period: date, districts: list[str], division: str | None = None): ...

    kwargs = latency.arguments(ranking, harvest)
    # The latest month that is over; optional parameters keep their defaults.
    assert kwargs == {"period": date(2020, 2, 1), "districts": ("PK201", "PK202")}


def test_a_geography_argument_is_built_field_by_field(monkeypatch):
    harvest = latency.Harvest()
    harvest.take(
        "district_list", pd.DataFrame({"district_pcode": ["PK201"], "district_name": ["Awaran"]})
    )
    module = types.ModuleType("fake_overview")
    monkeypatch.setitem(sys.modules, "fake_overview", module)
    exec(
        textwrap.dedent("""
        from __future__ import annotations
        from dataclasses import dataclass

        @dataclass(frozen=True)
        class Geography:
            level: str
            code: str
            name: str

        def figures(geo: Geography): ...
    """),
        module.__dict__,
    )
    kwargs = latency.arguments(module.figures, harvest)
    assert kwargs == {"geo": module.Geography("district", "PK201", "Awaran")}


def test_a_parameter_nothing_offers_is_unresolvable():
    def needs(sql_text: str): ...

    with pytest.raises(latency.Unresolvable):
        latency.arguments(needs, latency.Harvest())


def test_functions_that_return_nothing_are_never_called():
    calls = []

    def record(event: str) -> None:
        calls.append(event)

    rows, not_measured = latency.measure(
        [latency.QueryFunction("audit", "record", record)], repeats=3
    )
    assert (rows, not_measured, calls) == ([], [], [])


def test_every_timed_call_runs_past_the_streamlit_cache():
    calls = []

    @st.cache_data
    def cached_query(x: int) -> int:
        calls.append(x)
        return x

    samples = latency.time_calls(cached_query, {"x": 1}, repeats=3)
    assert len(samples) == 3
    assert calls == [1, 1, 1]


def test_queries_are_counted_once_however_the_module_imported_them(monkeypatch):
    from dashboards.queries import snapshot

    def fake_query_at(path, sql, params=None):
        return pd.DataFrame()

    monkeypatch.setattr(snapshot, "query_at", fake_query_at)
    monkeypatch.setattr(
        snapshot, "current_snapshot", lambda: snapshot.Snapshot(Path("x"), None, True)
    )
    page_module = types.ModuleType("dashboards.fake_page_queries")
    page_module.query_at = fake_query_at  # as after `from ...snapshot import query_at`
    monkeypatch.setitem(sys.modules, "dashboards.fake_page_queries", page_module)
    with latency.counting_queries() as counted:
        snapshot.query("select 1")  # query() calls query_at: one query, not two
        page_module.query_at("x", "select 2")
    assert counted == [2]
    assert snapshot.query_at is fake_query_at and page_module.query_at is fake_query_at


def test_pages_are_found_by_the_query_functions_they_call(tmp_path):
    (tmp_path / "app_pages").mkdir()
    (tmp_path / "app_pages" / "complaints.py").write_text(
        textwrap.dedent("""
        from dashboards.queries import complaints as cq
        from dashboards.queries.districts import district_boundaries
        cq.trend("x")
    """)
    )
    (tmp_path / "filters.py").write_text(
        "from dashboards.queries import filters\nfilters.months()\n"
    )
    assert latency.pages_using(tmp_path) == {
        "complaints.trend": ["complaints"],
        "districts.district_boundaries": ["complaints"],
        "filters.months": ["filters"],
    }


def test_percentiles_are_nearest_rank():
    samples = [float(n) for n in range(1, 21)]
    assert latency.percentile(samples, 50) == 10.0
    assert latency.percentile(samples, 95) == 19.0
    assert latency.percentile([3.0], 95) == 3.0
