"""A tiny published serving snapshot for the dashboard tests.

It has exactly the tables the dashboards read (see DESIGN.md §6 and the dashboards'
contract) for six districts over five months, with boundaries drawn as small squares.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pandas as pd
import pytest
import streamlit as st

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_FILE = REPO_ROOT / "dashboards" / "streamlit_app.py"

DISTRICTS = [
    # pcode, name, division, population_2023, area_km2
    ("PK201", "Awaran", "Kalat", 178_958, 29_510.0),
    ("PK202", "Barkhan", "Loralai", 210_249, 3_514.0),
    ("PK204", "Dera Bugti", "Sibi", 355_274, 10_160.0),
    ("PK205", "Gwadar", "Mekran", 305_160, 12_637.0),
    ("PK206", "Harnai", "Sibi", 127_571, 2_492.0),
    ("PK234", "Duki", "Loralai", 205_044, 4_233.0),
]
MONTHS = [
    date(2026, 7, 1),
    date(2026, 8, 1),
    date(2026, 9, 1),
    date(2026, 10, 1),
    date(2026, 11, 1),
]
PUBLISHED_AT = datetime(2026, 11, 28, 10, 15)
LATEST_COMPLETE_MONTH = date(2026, 10, 1)
# Gwadar has not reported the month in progress; Harnai resolved nothing in September.
MISSING = {("PK205", date(2026, 11, 1))}
NONE_RESOLVED = {("PK206", date(2026, 9, 1))}


def _square(i: int, clockwise: bool) -> list[list[float]]:
    x, y = 62.0 + i, 27.0
    ring = [[x, y], [x + 0.5, y], [x + 0.5, y + 0.5], [x, y + 0.5], [x, y]]  # counter-clockwise
    return ring[::-1] if clockwise else ring


def _geometry(i: int) -> dict:
    # A mix of geometry types and windings, as real boundary files have.
    if i % 2:
        return {"type": "Polygon", "coordinates": [_square(i, clockwise=False)]}
    return {"type": "MultiPolygon", "coordinates": [[_square(i, clockwise=True)]]}


def _district_rows(scale: int) -> list[dict]:
    rows = []
    for m, month in enumerate(MONTHS):
        for i, (pcode, name, division, population, _) in enumerate(DISTRICTS):
            if (pcode, month) in MISSING:
                continue
            # (i * 5 + m * 3) % 11 reorders districts from month to month.
            received = (12 + ((i * 5 + m * 3) % 11) * 9) * scale
            resolved = 0 if (pcode, month) in NONE_RESOLVED else received * 7 // 10
            rows.append(
                {
                    "month_start": month,
                    "geo_level": "district",
                    "geo_code": pcode,
                    "geo_name": name,
                    "division": division,
                    "population_2023": population,
                    "complaints_received": received,
                    "complaints_resolved": resolved,
                    "median_days_to_resolve": (12.5 + ((i * 7 + m) % 13) * 3) if resolved else None,
                    "resolved_within_40d_pct": (35.0 + ((i * 3 + m * 2) % 9) * 7.5)
                    if resolved
                    else None,
                    "backlog_over_40d": ((i * 4 + m) % 7) * scale,
                    "complaints_quarantined": 0,
                }
            )
    return rows


def _rollup(districts: pd.DataFrame, level: str, scale: int) -> pd.DataFrame:
    key = ["month_start"] if level == "province" else ["month_start", "division"]
    sums = districts.groupby(key, as_index=False)[
        ["population_2023", "complaints_received", "complaints_resolved", "backlog_over_40d"]
    ].sum()
    sums["geo_level"] = level
    if level == "province":
        sums["geo_code"], sums["geo_name"], sums["division"] = "PK2", "Balochistan", None
        sums["complaints_quarantined"] = 2 * scale
    else:
        sums["geo_code"] = sums["geo_name"] = sums["division"]
        sums["complaints_quarantined"] = 0
    sums["median_days_to_resolve"] = 20.0
    sums["resolved_within_40d_pct"] = 60.0 + scale
    return sums


def build_snapshot(path: Path, *, synthetic: bool = True, scale: int = 1) -> Path:
    """Write a serving snapshot with the dashboards' tables; ``scale`` changes the numbers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    district = pd.DataFrame(_district_rows(scale))
    monthly = pd.concat(
        [_rollup(district, "province", scale), _rollup(district, "division", scale), district],
        ignore_index=True,
    )
    monthly["complaints_per_100k"] = (
        monthly["complaints_received"] / monthly["population_2023"] * 100_000
    )
    dim = pd.DataFrame(
        DISTRICTS,
        columns=["district_pcode", "district_name", "division", "population_2023", "area_km2"],
    )
    boundary = pd.DataFrame(
        {
            "district_pcode": dim["district_pcode"],
            "district_name": dim["district_name"],
            "geometry_geojson": [json.dumps(_geometry(i)) for i in range(len(dim))],
        }
    )
    con = duckdb.connect(str(path))
    try:
        con.register("dim_df", dim)
        con.register("boundary_df", boundary)
        con.register("monthly_df", monthly)
        con.execute(
            """
            create table main.dim_district as
            select district_pcode::varchar as district_pcode, district_name::varchar
                as district_name, division::varchar as division,
                population_2023::bigint as population_2023, area_km2::double as area_km2
            from dim_df;
            create table main.dim_district_boundary as
            select district_pcode::varchar as district_pcode,
                district_name::varchar as district_name,
                geometry_geojson::varchar as geometry_geojson
            from boundary_df;
            create table main.rpt_complaints__monthly as
            select
                month_start::date as month_start,
                geo_level::varchar as geo_level,
                geo_code::varchar as geo_code,
                geo_name::varchar as geo_name,
                division::varchar as division,
                population_2023::bigint as population_2023,
                complaints_received::bigint as complaints_received,
                complaints_per_100k::double as complaints_per_100k,
                complaints_resolved::bigint as complaints_resolved,
                median_days_to_resolve::double as median_days_to_resolve,
                resolved_within_40d_pct::double as resolved_within_40d_pct,
                backlog_over_40d::bigint as backlog_over_40d,
                complaints_quarantined::bigint as complaints_quarantined
            from monthly_df;
            """
        )
        con.execute(
            "create table main.meta_snapshot as select ?::timestamp as published_at, "
            "?::boolean as synthetic, ?::varchar as sources",
            [PUBLISHED_AT, synthetic, "cqmis,census2023,boundaries"],
        )
    finally:
        con.close()
    return path


def point_current_at(serving: Path, snapshot: Path, *, synthetic: bool) -> None:
    """Swap current.json the way the publish step does: write aside, then rename."""
    pointer = {
        "snapshot": snapshot.relative_to(serving).as_posix(),
        "published_at": PUBLISHED_AT.isoformat() + "+00:00",
        "synthetic": synthetic,
    }
    tmp = serving / "current.json.tmp"
    tmp.write_text(json.dumps(pointer), encoding="utf-8")
    os.replace(tmp, serving / "current.json")


@pytest.fixture(autouse=True)
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty warehouse folder the dashboards read from; caches cleared around each test."""
    monkeypatch.setenv("BGW_WAREHOUSE_DIR", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


Publish = Callable[..., Path]


@pytest.fixture
def facts() -> SimpleNamespace:
    """What the fixture snapshot contains, for assertions."""
    return SimpleNamespace(
        months=list(MONTHS),
        latest_complete_month=LATEST_COMPLETE_MONTH,
        published_at=PUBLISHED_AT,
        district_pcodes=[d[0] for d in DISTRICTS],
    )


@pytest.fixture
def publish(warehouse: Path) -> Publish:
    """Publish a fixture snapshot: ``publish(name, synthetic=True, scale=1)``."""

    def _publish(name: str = "20261128T101500Z", *, synthetic: bool = True, scale: int = 1):
        serving = warehouse / "serving"
        snapshot = build_snapshot(
            serving / "snapshots" / f"{name}.duckdb", synthetic=synthetic, scale=scale
        )
        point_current_at(serving, snapshot, synthetic=synthetic)
        return snapshot

    return _publish


@pytest.fixture
def run_app() -> Callable[[], object]:
    """Start the dashboard app in-process (Streamlit's AppTest) and run it once."""
    from streamlit.testing.v1 import AppTest

    def _run() -> AppTest:
        return AppTest.from_file(str(APP_FILE), default_timeout=60).run()

    return _run
