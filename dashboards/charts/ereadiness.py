"""Charts of the E-readiness page: the ranking in band colours, the three components,
rank changes without each component, ranks over the years, and the departments on the UN
five-stage model and the checklist.

Band colours run from blue (Very high) to vermillion (Low), Okabe-Ito hues that stay apart
with the common colour-vision deficiencies; every bar also carries its value as text, so
nothing is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.palette import GOOD, MUTED, NEUTRAL, OKABE_ITO
from dashboards.queries.ereadiness import COMPONENTS

BAND_COLOURS = {
    "Very high": "#0072B2",
    "High": "#56B4E9",
    "Middle": "#E69F00",
    "Low": "#D55E00",
    "Not rated": NEUTRAL,
    "Not assessed": NEUTRAL,
}
BAND_EDGES = (0.25, 0.5, 0.75)
# Blue, bluish green, reddish purple: one hue per component, never red against green.
COMPONENT_COLOURS = ("#0072B2", "#009E73", "#CC79A7")
HIGHLIGHT_COLOUR = "#000000"
# ColorBrewer PuOr: orange = falls without the component, purple = rises.
RANK_CHANGE_SCALE = [[0.0, "#542788"], [0.5, "#F7F7F7"], [1.0, "#B35806"]]


def _layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 10, "t": 40, "b": 0},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        separators=".,",
        plot_bgcolor="white",
        **extra,
    )
    return fig


def _height(rows: int, per_row: int = 22, minimum: int = 260) -> int:
    return max(minimum, 80 + per_row * rows)


def ranking_bars(ranking: pd.DataFrame, *, highlight: str | None = None) -> go.Figure:
    """Horizontal bars of the index, best district on top, coloured by band.

    ``ranking`` has district_pcode, district_name, district_rank, ereadiness_index, band.
    Dotted lines mark the band edges; the ``highlight`` district (a P-code) is outlined.
    """
    frame = ranking.dropna(subset=["ereadiness_index"]).sort_values("district_rank")
    labels = [f"{r.district_rank}. {r.district_name}" for r in frame.itertuples()]
    frame = frame.assign(label=labels)
    fig = go.Figure()
    for band, colour in BAND_COLOURS.items():
        rows = frame[frame["band"] == band]
        if rows.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=rows["ereadiness_index"],
                y=rows["label"],
                orientation="h",
                name=band,
                marker={
                    "color": colour,
                    "line": {
                        "color": [
                            HIGHLIGHT_COLOUR if p == highlight else colour
                            for p in rows["district_pcode"]
                        ],
                        "width": [3 if p == highlight else 0 for p in rows["district_pcode"]],
                    },
                },
                text=[f"{v:.2f}" for v in rows["ereadiness_index"]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b><br>Index %{x:.3f} (" + band + ")<extra></extra>",
            )
        )
    for edge in BAND_EDGES:
        fig.add_vline(x=edge, line_dash="dot", line_color=MUTED, line_width=1)
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(frame["label"])[::-1], title_text=None
    )
    fig.update_xaxes(
        range=[0, 1.08],
        title_text="E-readiness index (0-1; higher is more ready)",
        tickformat=".2f",
        showgrid=True,
        gridcolor="#eeeeee",
    )
    return _layout(fig, _height(len(frame)), barmode="overlay", legend_title_text="Band")


def component_bars(ranking: pd.DataFrame, *, raw: bool = False) -> go.Figure:
    """The three components per district, grouped, best district (by index) on top.

    Rescaled scores (0-1) by default; ``raw`` shows the mean z-scores before rescaling,
    which keep the distances an outlier stretches on the 0-1 scale.
    """
    frame = ranking.dropna(subset=["ereadiness_index"]).sort_values("district_rank")
    fig = go.Figure()
    for component, colour in zip(COMPONENTS, COMPONENT_COLOURS, strict=True):
        column = component.column.replace("_score", "_raw") if raw else component.column
        fig.add_trace(
            go.Bar(
                x=frame[column],
                y=frame["district_name"],
                orientation="h",
                name=component.label,
                marker_color=colour,
                hovertemplate=(f"<b>%{{y}}</b><br>{component.label}: %{{x:.2f}}<extra></extra>"),
            )
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(frame["district_name"])[::-1], title_text=None
    )
    title = (
        "Component, mean z-score (0 = the districts' average)"
        if raw
        else "Component score (0-1; 0 = least ready district, 1 = most ready)"
    )
    fig.update_xaxes(title_text=title, tickformat=".2f", showgrid=True, gridcolor="#eeeeee")
    return _layout(fig, _height(len(frame), per_row=30), barmode="group")


def sensitivity_heatmap(sensitivity: pd.DataFrame) -> go.Figure:
    """Rank change when each component is dropped: districts (best first) × component.

    Positive (orange) = the district falls without the component, so it rests on it;
    negative (purple) = it rises.
    """
    frame = sensitivity.sort_values(["district_rank", "district_name"])
    order = list(dict.fromkeys(frame["district_name"]))
    present = set(frame["dropped_component_name"])
    columns = [c.label for c in COMPONENTS if c.label in present]
    columns += sorted(present - set(columns))
    grid = frame.pivot_table(
        index="district_name", columns="dropped_component_name", values="rank_change"
    ).reindex(index=order, columns=columns)
    limit = max(1, int(grid.abs().max().max())) if grid.notna().any().any() else 1
    text = grid.map(lambda v: "" if pd.isna(v) else f"{int(v):+d}" if v else "0")
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[f"Without {c.lower()}" for c in columns],
            y=order,
            colorscale=RANK_CHANGE_SCALE,
            zmin=-limit,
            zmax=limit,
            text=text.to_numpy(),
            texttemplate="%{text}",
            colorbar={"title": {"text": "Rank change<br>(+ = falls)"}},
            hovertemplate="<b>%{y}</b><br>%{x}: %{z:+d} places<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(side="top")
    return _layout(fig, _height(len(order)))


def rank_history(history: pd.DataFrame, *, highlight: str | None = None) -> go.Figure:
    """Each district's rank over the rated fiscal years (1 at the top); the ``highlight``
    district in black, the others in grey, so one line can be followed."""
    fig = go.Figure()
    years = history.drop_duplicates("fiscal_year_start").sort_values("fiscal_year_start")
    chosen = None
    for pcode, rows in history.sort_values("fiscal_year_start").groupby("district_pcode"):
        trace = go.Scatter(
            x=rows["fiscal_year_start"],
            y=rows["district_rank"],
            mode="lines+markers",
            name=str(rows["district_name"].iloc[0]),
            line={
                "color": MUTED if pcode != highlight else HIGHLIGHT_COLOUR,
                "width": 1 if pcode != highlight else 3,
            },
            marker={"size": 4 if pcode != highlight else 8},
            opacity=0.45 if highlight and pcode != highlight else 0.9,
            customdata=rows[["district_name", "fiscal_year_label"]].to_numpy().tolist(),
            hovertemplate="<b>%{customdata[0]}</b>, %{customdata[1]}: rank %{y}<extra></extra>",
            showlegend=pcode == highlight,
        )
        if pcode == highlight:
            chosen = trace
        else:
            fig.add_trace(trace)
    if chosen is not None:
        fig.add_trace(chosen)  # drawn last, on top
    fig.update_yaxes(autorange="reversed", title_text="Rank (1 = most ready)", dtick=5)
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(years["fiscal_year_start"]),
        ticktext=list(years["fiscal_year_label"]),
        title_text="Fiscal year",
    )
    return _layout(fig, 420, hovermode="closest")


def stage_bars(stages: pd.DataFrame) -> go.Figure:
    """Live services at each UN stage; the stage the report found the province at and the
    one it expected next are named on the axis."""
    labels = []
    for row in stages.itertuples():
        note = (
            "<br><i>report: the province</i>"
            if row.is_report_stage
            else "<br><i>report: next</i>"
            if row.is_report_next_stage
            else ""
        )
        labels.append(f"{row.stage_number} {row.stage}{note}")
    colours = [
        GOOD if row.is_report_next_stage or row.stage_number > _report_stage(stages) else MUTED
        for row in stages.itertuples()
    ]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=stages["live_services_at_stage"],
            marker_color=colours,
            text=[
                f"{n:,} ({s:.0%})" if pd.notna(s) else f"{n:,}"
                for n, s in zip(
                    stages["live_services_at_stage"], stages["share_of_live_services"], strict=True
                )
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y} live services<extra></extra>",
        )
    )
    fig.update_yaxes(title_text="Live online services", rangemode="tozero", tickformat=",d")
    fig.update_xaxes(title_text="UN stage of e-government")
    return _layout(fig, 360, showlegend=False)


def _report_stage(stages: pd.DataFrame) -> int:
    flagged = stages.loc[stages["is_report_stage"].astype(bool), "stage_number"]
    return int(flagged.iloc[0]) if not flagged.empty else 0


AXES: Sequence[tuple[str, str]] = (
    ("intra_department_computerisation", "Intra-department computerisation"),
    ("inter_department_connectivity", "Inter-department connectivity"),
    ("public_information", "Information published for the public"),
)


def department_axes(departments: pd.DataFrame) -> go.Figure:
    """The three axes of the need assessment per department (0-1), grouped."""
    frame = departments.sort_values("maturity_score", ascending=False, na_position="last")
    fig = go.Figure()
    for (column, label), colour in zip(AXES, OKABE_ITO[:3], strict=True):
        fig.add_trace(
            go.Bar(
                x=frame[column],
                y=frame["short_name"],
                orientation="h",
                name=label,
                marker_color=colour,
                hovertemplate=f"<b>%{{y}}</b><br>{label}: %{{x:.2f}}<extra></extra>",
            )
        )
    for edge in BAND_EDGES:
        fig.add_vline(x=edge, line_dash="dot", line_color=MUTED, line_width=1)
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(frame["short_name"])[::-1], title_text=None
    )
    fig.update_xaxes(range=[0, 1], title_text="Score (0-1)", tickformat=".2f")
    return _layout(fig, _height(len(frame), per_row=34), barmode="group")


def portal_heatmap(scores: pd.DataFrame) -> go.Figure:
    """Checklist score of each assessed portal on each criterion and overall (0-1)."""
    assessed = scores.dropna(subset=["score"])
    portals = list(dict.fromkeys(assessed["portal_name"]))
    criteria = list(dict.fromkeys(assessed.sort_values("criterion_code")["criterion"]))
    if "Overall" in criteria:
        criteria = ["Overall", *[c for c in criteria if c != "Overall"]]
    grid = assessed.pivot_table(index="portal_name", columns="criterion", values="score").reindex(
        index=portals, columns=criteria
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=criteria,
            y=portals,
            zmin=0,
            zmax=1,
            colorscale="Cividis",
            text=grid.map(lambda v: "" if pd.isna(v) else f"{v:.0%}").to_numpy(),
            texttemplate="%{text}",
            colorbar={"title": {"text": "Share of<br>checks met"}, "tickformat": ".0%"},
            hovertemplate="<b>%{y}</b><br>%{x}: %{z:.0%}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(side="top")
    return _layout(fig, _height(len(portals), per_row=34))
