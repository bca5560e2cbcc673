"""District reference data: the list of districts and their boundaries."""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
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


# The features are built and simplified once per build (dim_district_map_feature), so a
# request only joins the texts of the districts the reader may see into one collection.
_BOUNDARIES_SQL = """
select
    '{"type":"FeatureCollection","features":['
    || coalesce(string_agg(feature_geojson, ',' order by district_pcode), '')
    || ']}' as feature_collection
from main.dim_district_map_feature
"""


def district_boundaries() -> dict[str, Any]:
    """A GeoJSON FeatureCollection, one feature per district, by P-code.

    Each feature has ``id`` and ``properties.district_pcode`` (use
    ``featureidkey="properties.district_pcode"``) and ``properties.district_name``. Shapes are
    simplified for display (about 100 m) with rings wound the way Plotly expects; see the
    ``dim_district_map_feature`` mart.
    """
    return _boundaries(str(current_snapshot().path), scope_key())


# Keyed by the snapshot path (not the pointer) so a new publication rebuilds it, and by the
# reader's scope so one reader's districts are never served to another.
@st.cache_data(ttl=QUERY_TTL_SECONDS, max_entries=32, show_spinner=False)
def _boundaries(snapshot_path: str, scope_key: str) -> dict[str, Any]:
    text = query_at(snapshot_path, _BOUNDARIES_SQL)["feature_collection"].iloc[0]
    with _collector_paused():
        return json.loads(text)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Parsing the collection allocates some ten thousand lists at once. With the cycle
    # collector on, that alone runs a dozen young-generation passes and, every few calls, a
    # full pass over the whole process heap, which costs several times the parse. Parsed JSON
    # holds no reference cycles, so nothing is lost by not collecting while it is built.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
