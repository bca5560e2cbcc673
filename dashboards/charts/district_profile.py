"""The district scorecard as one picture: how far ahead of (or behind) the province the
district is on each indicator, with the better side always to the right."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.palette import BAD, GOOD


def gap_to_province(scorecard: pd.DataFrame, *, district_name: str) -> go.Figure:
    """Horizontal bars from ``district_profile.scorecard`` (indicator_name, period_label,
    province_gap_pct, district_value, province_value, unit): blue where the district does
    better than the province, orange where worse, largest lead at the top. Indicators
    without a better end (and counts) have no gap and are left out."""
    rows = scorecard.dropna(subset=["province_gap_pct"]).sort_values(
        "province_gap_pct", ascending=False
    )
    better = rows["province_gap_pct"] >= 0
    fig = go.Figure(
        go.Bar(
            x=rows["province_gap_pct"],
            y=rows["indicator_name"],
            orientation="h",
            marker={
                "color": [GOOD if b else BAD for b in better],
                # Pattern as well as colour: worse bars are hatched.
                "pattern": {"shape": ["" if b else "/" for b in better], "fgcolor": "#ffffff"},
            },
            customdata=rows[["period_label", "district_value", "province_value", "unit"]]
            .astype(object)
            .to_numpy()
            .tolist(),
            texttemplate="%{x:+,.0f} %",
            textposition="outside",
            cliponaxis=False,
            hovertemplate=(
                f"<b>%{{y}}</b>, %{{customdata[0]}}<br>{district_name}: %{{customdata[1]:,.1f}} "
                "%{customdata[3]}<br>Province: %{customdata[2]:,.1f} %{customdata[3]}<br>"
                "%{x:+,.1f} % of the province's value<extra></extra>"
            ),
        )
    )
    fig.add_vline(x=0, line={"color": "#000000", "width": 1})
    fig.update_layout(
        height=max(260, 26 * len(rows) + 100),
        margin={"l": 0, "r": 50, "t": 10, "b": 0},
        showlegend=False,
        separators=".,",
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=rows["indicator_name"].tolist(),
        autorange="reversed",
        title_text="",
    )
    fig.update_xaxes(
        title_text="Ahead of the province (% of the province's value; right is better)",
        ticksuffix=" %",
        tickformat=",",
        zeroline=True,
    )
    return fig
