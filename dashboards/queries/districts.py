"""District reference data: the list of districts and their boundaries."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from dashboards.queries.snapshot import (
    QUERY_TTL_SECONDS,
    current_snapshot,
    query,
    query_at,
    scope_key,
)

_DISTRICTS_SQL = """
select district_pcode, district_name, division
from main.dim_district
order by district_name
"""


def district_list() -> pd.DataFrame:
    """All districts: district_pcode, district_name, division (by name)."""
    return query(_DISTRICTS_SQL)


_BOUNDARIES_SQL = """
select district_pcode, district_name, geometry_geojson
from main.dim_district_boundary
order by district_pcode
"""


def district_boundaries() -> dict[str, Any]:
    """A GeoJSON FeatureCollection, one feature per district.

    Each feature has ``properties.district_pcode`` and ``properties.district_name`` (use
    ``featureidkey="properties.district_pcode"``). Rings are wound the way Plotly expects.
    """
    return _boundaries(str(current_snapshot().path), scope_key())


# Keyed by the snapshot path (not the pointer) so a new publication rebuilds it, and by the
# reader's scope so one reader's districts are never served to another.
@st.cache_data(ttl=QUERY_TTL_SECONDS, max_entries=32, show_spinner=False)
def _boundaries(snapshot_path: str, scope_key: str) -> dict[str, Any]:
    rows = query_at(snapshot_path, _BOUNDARIES_SQL)
    features = [
        {
            "type": "Feature",
            "id": row.district_pcode,
            "properties": {
                "district_pcode": row.district_pcode,
                "district_name": row.district_name,
            },
            "geometry": d3_winding(json.loads(row.geometry_geojson)),
        }
        for row in rows.itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


def _signed_area(ring: list[list[float]]) -> float:
    return sum(
        x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False)
    )


def _wind(ring: list[list[float]], clockwise: bool) -> list[list[float]]:
    is_clockwise = _signed_area(ring) < 0
    return ring if is_clockwise == clockwise else ring[::-1]


def d3_winding(geometry: dict[str, Any]) -> dict[str, Any]:
    """Wind polygon rings the way Plotly's map engine (d3-geo) reads them.

    d3-geo treats a counter-clockwise outer ring (the RFC 7946 convention) as "the whole
    globe except this shape" and floods the map; it wants outer rings clockwise and holes
    counter-clockwise. Boundaries can come from tools with either habit, so we normalise.
    """

    def polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
        return [_wind(r, clockwise=(i == 0)) for i, r in enumerate(rings)]

    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {**geometry, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    return geometry
