"""Time-series line charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; the dash style
# repeats the geography level so the lines do not rely on colour alone.
LEVEL_STYLE = {
    "province": {"color": "#000000", "dash": "solid"},
    "division": {"color": "#E69F00", "dash": "dash"},
    "district": {"color": "#0072B2", "dash": "dot"},
}


def axis_title(value_label: str, unit: str) -> str:
    """The label with its unit, unless the label already ends with it."""
    return value_label if value_label.lower().endswith(unit.lower()) else f"{value_label} ({unit})"


def trend_lines(
    series: pd.DataFrame,
    *,
    value_label: str,
    unit: str,
    value_format: str = ",.1f",
    height: int = 380,
) -> go.Figure:
    """One line per geography from a long frame: month_start, geo_level, geo_name, value."""
    fig = go.Figure()
    for (level, name), rows in series.groupby(["geo_level", "geo_name"], sort=False):
        style = LEVEL_STYLE.get(str(level), LEVEL_STYLE["district"])
        fig.add_trace(
            go.Scatter(
                x=rows["month_start"],
                y=rows["value"],
                mode="lines+markers",
                name=f"{name} ({level})",
                line={"color": style["color"], "dash": style["dash"], "width": 2},
                marker={"size": 5},
                hovertemplate=f"%{{y:{value_format}}} {unit}",
            )
        )
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="x unified",
        separators=".,",
    )
    # One tick per month, quarter, half-year or year, so a short series never repeats a label.
    months = series["month_start"].nunique()
    dtick = "M1" if months <= 14 else "M3" if months <= 36 else "M6" if months <= 72 else "M12"
    fig.update_xaxes(title_text="Month", tickformat="%b %Y", hoverformat="%B %Y", dtick=dtick)
    fig.update_yaxes(title_text=axis_title(value_label, unit), tickformat=",", rangemode="tozero")
    return fig
