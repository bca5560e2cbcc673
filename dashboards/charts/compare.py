"""Charts that compare districts on a registry indicator: ranking bars, a trend that marks
district splits, and small multiples.

Periods sit on a date axis at their first day (so a split on 7 June 2022 falls where it
happened) and are labelled the way the registry names them ("Oct 2026", "FY 2024-25",
"FY 2025-26 Q1"). Colours are Okabe-Ito; the province and division keep the line styles of
``charts.trends`` so every page draws them alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboards.charts.palette import GOOD, NEUTRAL
from dashboards.charts.trends import LEVEL_STYLE, axis_title

# Okabe-Ito without black and orange, which the province and division lines use.
DISTRICT_COLOURS = ("#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
DISTRICT_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x")
SPLIT_COLOUR = "#555555"
MAX_TICKS = 12
EVENT_WORDS = {
    "split_from": "split from",
    "renamed_from": "renamed from",
    "merged_into": "merged into",
}


def boundary_label(change: pd.Series | dict) -> str:
    """'Hub split from Lasbela, 7 Jun 2022' for a dim_district_lineage row."""
    when = pd.Timestamp(change["effective_from"])
    verb = EVENT_WORDS.get(str(change["event"]), str(change["event"]).replace("_", " "))
    return f"{change['unit_name']} {verb} {change['parent_district_name']}, {when.day} {when:%b %Y}"


def _ticks(periods: pd.DataFrame) -> dict:
    """At most MAX_TICKS labelled periods, counted back from the latest so it is labelled."""
    distinct = periods.drop_duplicates("period_start").sort_values("period_start")
    step = max(1, math.ceil(len(distinct) / MAX_TICKS))
    shown = distinct.iloc[::-1].iloc[::step].iloc[::-1]
    return {
        "tickmode": "array",
        "tickvals": list(pd.to_datetime(shown["period_start"])),
        "ticktext": list(shown["period_label"]),
    }


def _middle(series: pd.DataFrame) -> pd.Timestamp | None:
    if series.empty:
        return None
    starts = pd.to_datetime(series["period_start"])
    return starts.min() + (starts.max() - starts.min()) / 2


def _mark_changes(
    fig: go.Figure,
    changes: pd.DataFrame | None,
    *,
    xref: str = "x",
    yref: str = "y",
    with_district: bool = True,
    middle: pd.Timestamp | None = None,
) -> None:
    """A dotted vertical line at each split, rename or merger, with its label on top: to the
    right of the line in the first half of the series, to its left after ``middle``."""
    if changes is None or changes.empty:
        return
    for k, (_, change) in enumerate(changes.iterrows()):
        when = pd.Timestamp(change["effective_from"])
        label = boundary_label(change)
        if with_district and change.get("district_name") not in (
            change["unit_name"],
            change["parent_district_name"],
        ):
            label = f"{change['district_name']}: {label}"
        fig.add_shape(
            type="line",
            x0=when,
            x1=when,
            xref=xref,
            y0=0,
            y1=1,
            yref=f"{yref} domain",
            line={"color": SPLIT_COLOUR, "width": 1.5, "dash": "dot"},
        )
        fig.add_annotation(
            x=when,
            xref=xref,
            y=1 - 0.09 * (k % 4),
            yref=f"{yref} domain",
            text=f"⚑ {label}",
            showarrow=False,
            xanchor="right" if middle is not None and when > middle else "left",
            yanchor="top",
            xshift=-3 if middle is not None and when > middle else 3,
            font={"size": 11, "color": SPLIT_COLOUR},
            bgcolor="rgba(255,255,255,0.8)",
        )


def _line_style(level: str, district_index: int) -> dict:
    if level in ("province", "division"):
        style = LEVEL_STYLE[level]
        return {
            "line": {"color": style["color"], "dash": style["dash"], "width": 2},
            "symbol": "circle",
        }
    colour = DISTRICT_COLOURS[district_index % len(DISTRICT_COLOURS)]
    symbol = DISTRICT_SYMBOLS[district_index % len(DISTRICT_SYMBOLS)]
    return {"line": {"color": colour, "dash": "solid", "width": 2.5}, "symbol": symbol}


def indicator_trend(
    series: pd.DataFrame,
    *,
    value_label: str,
    unit: str,
    value_format: str = ",.1f",
    period_axis: str = "Period",
    changes: pd.DataFrame | None = None,
    height: int = 420,
) -> go.Figure:
    """One line per place from ``compare.series`` (period_start, period_label, geo_level,
    geo_code, geo_name, value), with ``compare.boundary_changes`` marked."""
    fig = go.Figure()
    district = 0
    for (level, _code), rows in series.groupby(["geo_level", "geo_code"], sort=False):
        style = _line_style(str(level), district)
        if level == "district":
            district += 1
        name = str(rows["geo_name"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(rows["period_start"]),
                y=rows["value"],
                customdata=rows[["period_label"]].to_numpy().tolist(),
                mode="lines+markers",
                name=f"{name} ({level})",
                line=style["line"],
                marker={"size": 6, "symbol": style["symbol"]},
                connectgaps=False,
                hovertemplate=(
                    f"<b>{name}</b><br>%{{customdata[0]}}: %{{y:{value_format}}} {unit}"
                    "<extra></extra>"
                ),
            )
        )
    _mark_changes(fig, changes, middle=_middle(series))
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 10, "t": 40, "b": 0},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hovermode="closest",
        separators=".,",
    )
    if not series.empty:
        fig.update_xaxes(**_ticks(series))
    fig.update_xaxes(title_text=period_axis)
    fig.update_yaxes(title_text=axis_title(value_label, unit), tickformat=",", rangemode="tozero")
    return fig


def small_multiples(
    series: pd.DataFrame,
    districts: Sequence[tuple[str, str]],
    *,
    value_label: str,
    unit: str,
    value_format: str = ",.1f",
    period_axis: str = "Period",
    changes: pd.DataFrame | None = None,
    height: int = 320,
) -> go.Figure:
    """One panel per district ((P-code, name) pairs, in order) on a shared scale, each with
    the province drawn behind it for reference and its own splits marked."""
    count = max(1, len(districts))
    fig = make_subplots(
        rows=1,
        cols=count,
        shared_yaxes=True,
        subplot_titles=[name for _, name in districts] or [""],
        horizontal_spacing=0.04,
    )
    province = series[series["geo_level"] == "province"]
    for i, (pcode, name) in enumerate(districts, start=1):
        rows = series[(series["geo_level"] == "district") & (series["geo_code"] == pcode)]
        if not province.empty:
            fig.add_trace(
                go.Scatter(
                    x=pd.to_datetime(province["period_start"]),
                    y=province["value"],
                    customdata=province[["period_label"]].to_numpy().tolist(),
                    mode="lines",
                    name="Balochistan (province)",
                    legendgroup="province",
                    showlegend=i == 1,
                    line={"color": LEVEL_STYLE["province"]["color"], "dash": "dash", "width": 1},
                    hovertemplate=(
                        f"Province, %{{customdata[0]}}: %{{y:{value_format}}} {unit}<extra></extra>"
                    ),
                ),
                row=1,
                col=i,
            )
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(rows["period_start"]),
                y=rows["value"],
                customdata=rows[["period_label"]].to_numpy().tolist(),
                mode="lines+markers",
                name=name,
                showlegend=False,
                line={"color": GOOD, "width": 2.5},
                marker={"size": 5},
                hovertemplate=(
                    f"<b>{name}</b>, %{{customdata[0]}}: %{{y:{value_format}}} {unit}"
                    "<extra></extra>"
                ),
            ),
            row=1,
            col=i,
        )
        if changes is not None and not changes.empty:
            suffix = "" if i == 1 else str(i)
            _mark_changes(
                fig,
                changes[changes["district_pcode"] == pcode],
                xref=f"x{suffix}",
                yref=f"y{suffix}",
                with_district=False,
                middle=_middle(series),
            )
        if not series.empty:
            fig.update_xaxes(**_ticks(series), row=1, col=i)
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 10, "t": 50, "b": 0},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.12, "x": 0},
        separators=".,",
    )
    fig.update_xaxes(title_text=period_axis, tickangle=-45)
    fig.update_yaxes(title_text=axis_title(value_label, unit), tickformat=",", row=1, col=1)
    fig.update_yaxes(rangemode="tozero")
    return fig


def ranking_bars(
    ranking: pd.DataFrame,
    *,
    value_label: str,
    unit: str,
    value_format: str = ",.1f",
    benchmarks: pd.DataFrame | None = None,
    highlight: Sequence[str] = (),
) -> go.Figure:
    """Horizontal bars, best at the top, from ``compare.district_ranking`` (district_pcode,
    district_name, value, crosses_boundary_change). Highlighted districts (P-codes) are
    dark blue, the rest grey; hatched bars are series that cross a district split. The
    province (and division) values from ``compare.benchmarks`` are reference lines."""
    ranked = ranking.dropna(subset=["value"])
    names = ranked["district_name"].tolist()
    crosses = ranked["crosses_boundary_change"].fillna(False).astype(bool)
    chosen = set(highlight)
    fig = go.Figure(
        go.Bar(
            x=ranked["value"],
            y=names,
            orientation="h",
            marker={
                "color": [GOOD if p in chosen else NEUTRAL for p in ranked["district_pcode"]],
                "pattern": {"shape": ["/" if c else "" for c in crosses], "fgcolor": "#333333"},
            },
            texttemplate=f"%{{x:{value_format}}}",
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>%{{y}}</b>: %{{x:{value_format}}} {unit}<extra></extra>",
            name=value_label,
        )
    )
    references = benchmarks if benchmarks is not None else pd.DataFrame(columns=["value"])
    for k, row in enumerate(references.itertuples()):
        if pd.isna(row.value):
            continue
        style = LEVEL_STYLE.get(str(row.geo_level), LEVEL_STYLE["province"])
        fig.add_vline(x=float(row.value), line={"color": style["color"], "dash": style["dash"]})
        fig.add_annotation(
            x=float(row.value),
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=2 + 14 * k,
            text=f"{row.geo_name}: {float(row.value):{value_format}}",
            showarrow=False,
            font={"size": 11, "color": style["color"]},
        )
    fig.update_layout(
        height=max(260, 26 * len(names) + 110),
        margin={"l": 0, "r": 40, "t": 40, "b": 0},
        showlegend=False,
        separators=".,",
        bargap=0.25,
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=names, autorange="reversed", title_text=""
    )
    fig.update_xaxes(title_text=axis_title(value_label, unit), tickformat=",", rangemode="tozero")
    return fig
