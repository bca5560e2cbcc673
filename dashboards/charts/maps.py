"""District choropleth maps."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

NO_DATA_COLOUR = "#d9d9d9"
BORDER_COLOUR = "#ffffff"
HIGHLIGHT_COLOUR = "#000000"
# Cividis is designed to read the same with the common colour-vision deficiencies.
SEQUENTIAL_SCALE = "Cividis"


def district_choropleth(
    values: pd.DataFrame,
    geojson: dict[str, Any],
    *,
    value_label: str,
    unit: str,
    higher_is_better: bool | None,
    value_format: str = ",.1f",
    height: int = 560,
    highlight: str | None = None,
) -> go.Figure:
    """Map of district values.

    ``values`` has district_pcode, district_name and value (NaN where there is none);
    ``geojson`` is a FeatureCollection keyed by ``properties.district_pcode``. The scale is
    oriented so the bright end is always the better end; districts without a value are
    drawn in grey rather than left out, so a gap never looks like a border. The figure's
    first trace holds the districts with a value, a second one (if needed) the rest, and a
    last one outlines the ``highlight`` district (a P-code), if any.
    """
    featureidkey = "properties.district_pcode"
    has_value = values.dropna(subset=["value"])
    coloured = set(has_value["district_pcode"])
    features = geojson.get("features", [])
    # Each trace carries only the shapes it draws: boundaries are most of the page weight.
    with_value = [f for f in features if f["properties"]["district_pcode"] in coloured]
    without_value = [f for f in features if f["properties"]["district_pcode"] not in coloured]

    fig = go.Figure()
    if with_value:
        # An indicator without a better end (None) is drawn bright where it is highest.
        direction = {True: "higher is better", False: "lower is better"}.get(
            higher_is_better, "neither end is better"
        )
        fig.add_trace(
            go.Choroplethmap(
                geojson={"type": "FeatureCollection", "features": with_value},
                featureidkey=featureidkey,
                locations=has_value["district_pcode"].tolist(),
                z=has_value["value"].astype(float).tolist(),
                colorscale=SEQUENTIAL_SCALE,
                reversescale=higher_is_better is False,
                marker_line_color=BORDER_COLOUR,
                marker_line_width=0.5,
                customdata=has_value[["district_name"]].to_numpy().tolist(),
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>{value_label}: "
                    f"%{{z:{value_format}}} {unit}<extra></extra>"
                ),
                # Under the map, so the districts get the full width.
                colorbar={
                    "title": {"text": _scale_title(value_label, unit, direction), "side": "top"},
                    "tickformat": value_format,
                    "orientation": "h",
                    "x": 0.5,
                    "xanchor": "center",
                    "y": 0,
                    "yanchor": "top",
                    "thickness": 14,
                    "len": 0.9,
                },
                name=value_label,
            )
        )
    if without_value:
        codes = [f["properties"]["district_pcode"] for f in without_value]
        fig.add_trace(
            go.Choroplethmap(
                geojson={"type": "FeatureCollection", "features": without_value},
                featureidkey=featureidkey,
                locations=codes,
                z=[0] * len(codes),
                colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
                showscale=False,
                marker_line_color=BORDER_COLOUR,
                marker_line_width=0.5,
                customdata=[[f["properties"].get("district_name", "")] for f in without_value],
                hovertemplate="<b>%{customdata[0]}</b><br>No data<extra></extra>",
                name="No data",
            )
        )
    chosen = [f for f in features if f["properties"]["district_pcode"] == highlight]
    if chosen:
        fig.add_trace(
            go.Choroplethmap(
                geojson={"type": "FeatureCollection", "features": chosen},
                featureidkey=featureidkey,
                locations=[highlight],
                z=[0],
                # Only the outline: the district keeps its colour underneath.
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker_line_color=HIGHLIGHT_COLOUR,
                marker_line_width=3,
                hoverinfo="skip",
                name="Chosen district",
            )
        )
    # A MapLibre map on a blank background: it needs no tiles or world outline from the
    # internet, which government networks and the demo machine do not reach.
    fig.update_layout(
        map={"style": "white-bg", **_view(features)},
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 70},
    )
    return fig


def _scale_title(label: str, unit: str, direction: str) -> str:
    if label.lower().endswith(unit.lower()):
        return f"{label} ({direction})"
    return f"{label} ({unit}; {direction})"


def _view(features: list[dict[str, Any]]) -> dict[str, Any]:
    """Centre and zoom that fit every feature (Balochistan spans about 10 degrees)."""
    lons, lats = [], []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for f in features:
        walk(f["geometry"]["coordinates"])
    if not lons:
        return {}
    span = max(max(lons) - min(lons), max(lats) - min(lats), 0.01)
    zoom = max(0.0, min(12.0, math.log2(360 / span) - 0.3))
    return {
        "center": {"lon": (min(lons) + max(lons)) / 2, "lat": (min(lats) + max(lats)) / 2},
        "zoom": zoom,
    }
