"""Data-health charts: rows loaded and quarantined per partition, quarantine by reason."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.palette import BAD, GOOD, OKABE_ITO


def loads_by_partition(history: pd.DataFrame, *, entity: str) -> go.Figure:
    """Stacked bars per partition: rows loaded (blue) and quarantined (orange, hatched).

    ``history``: rows of queries.data_health.load_history for one entity, oldest first.
    """
    dated = history["partition_period_start"].notna().all()
    x = (
        pd.to_datetime(history["partition_period_start"])
        if dated
        else history["partition_key"].astype(str)
    )
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=x,
            y=history["rows_loaded"],
            name="Rows loaded",
            marker={"color": GOOD},
            hovertemplate="%{y:,} rows loaded<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=x,
            y=history["rows_quarantined"],
            name="Rows quarantined",
            # A pattern as well as a colour, so the two read apart in greyscale too.
            marker={"color": BAD, "pattern": {"shape": "/"}},
            hovertemplate="%{y:,} rows quarantined<extra></extra>",
        )
    )
    fig.update_layout(
        barmode="stack",
        height=340,
        margin={"l": 10, "r": 10, "t": 80, "b": 40},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "traceorder": "normal",
        },
        hovermode="x unified",
        separators=".,",
        # Title at the very top, the legend between it and the bars.
        title={
            "text": f"{entity}: rows per partition",
            "font": {"size": 14},
            "y": 0.97,
            "yref": "container",
            "yanchor": "top",
        },
    )
    if dated:
        fig.update_xaxes(title_text="Partition (month)", tickformat="%b %Y", hoverformat="%B %Y")
    else:
        fig.update_xaxes(title_text="Partition", type="category")
    fig.update_yaxes(title_text="Rows (count)", tickformat=",", rangemode="tozero")
    return fig


def quarantine_by_reason(summary: pd.DataFrame) -> go.Figure:
    """Horizontal bars: quarantined rows per reason kind, one colour per source.

    ``summary``: queries.data_health.quarantine_summary (source_code, reason_kind,
    quarantined_rows, partitions).
    """
    fig = go.Figure()
    # The summary comes largest first; the biggest reason goes on top.
    order = list(reversed(dict.fromkeys(summary["reason_kind"])))
    for i, (source, rows) in enumerate(summary.groupby("source_code", sort=True)):
        fig.add_trace(
            go.Bar(
                y=rows["reason_kind"],
                x=rows["quarantined_rows"],
                orientation="h",
                name=str(source),
                marker={"color": OKABE_ITO[i % len(OKABE_ITO)]},
                customdata=rows[["partitions"]].to_numpy(),
                hovertemplate=(
                    f"<b>{source}</b>: %{{x:,}} rows in %{{customdata[0]:,}} partitions"
                    "<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        barmode="stack",
        height=max(240, 90 + 36 * len(order)),
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": "Source"},
        separators=".,",
    )
    fig.update_xaxes(title_text="Rows quarantined (count, all partitions)", tickformat=",")
    fig.update_yaxes(title_text=None, categoryorder="array", categoryarray=order)
    return fig
