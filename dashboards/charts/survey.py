"""Survey charts: diverging answer bars, wave-to-wave change, effect sizes, reconciliation.

They draw what the marts computed (segment positions, net agreement, effect sizes) and
compute nothing themselves.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboards.charts.palette import GOOD, MUTED, OKABE_ITO, answer_colour

LABEL_WIDTH = 48
PCT_TICKS = [-100, -75, -50, -25, 0, 25, 50, 75, 100]


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def _item_axis_labels(frame: pd.DataFrame) -> dict[str, str]:
    """Item code -> 'Label (n=44)', keeping the frame's item order."""
    firsts = frame.drop_duplicates("item_code")
    return {
        row.item_code: f"{wrap(row.item_label)} (n={row.item_respondents:,})"
        for row in firsts.itertuples(index=False)
    }


def _height(items: int, per_item: int = 44, extra: int = 150) -> int:
    return max(260, extra + per_item * items)


def diverging_bars(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    negative: str = "disagreement",
    positive: str = "agreement",
) -> go.Figure:
    """Diverging stacked bars centred on the neutral answer, one bar per item.

    ``frame``: one wave's rows of rpt_survey__item_distribution for one answer scale, items
    in the order to show them (highest net agreement first), with item_code, item_label,
    item_respondents, category, category_label, polarity, score/category_order, pct,
    n_respondents and bar_start_pct.
    """
    labels = _item_axis_labels(frame)
    order = list(labels)
    fig = go.Figure()
    # Legend and stacking run from the most negative answer to the most positive.
    categories = (
        frame.drop_duplicates("category")
        .assign(_side=lambda f: f["polarity"])
        .sort_values(["_side", "category_order"], ascending=[True, False])
    )
    for cat in categories.itertuples(index=False):
        rows = frame[frame["category"] == cat.category].set_index("item_code").reindex(order)
        fig.add_trace(
            go.Bar(
                y=[labels[c] for c in order],
                x=rows["pct"].fillna(0).tolist(),
                base=rows["bar_start_pct"].fillna(0).tolist(),
                orientation="h",
                name=cat.category_label,
                marker={"color": answer_colour(cat.category, cat.polarity), "line": {"width": 0}},
                customdata=rows[["n_respondents", "item_respondents"]].fillna(0).to_numpy(),
                hovertemplate=(
                    f"<b>{cat.category_label}</b>: %{{x:.1f}} % "
                    "(%{customdata[0]:,} of %{customdata[1]:,} respondents)<extra></extra>"
                ),
            )
        )
    fig.add_vline(x=0, line_width=1, line_color="#333")
    fig.update_layout(
        barmode="overlay",
        height=_height(len(order)),
        margin={"l": 10, "r": 10, "t": 60 if title else 40, "b": 50},
        title={"text": title} if title else None,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "traceorder": "normal"},
        separators=".,",
        bargap=0.35,
    )
    fig.update_xaxes(
        title_text=f"Share of respondents (%): {negative} left, {positive} right of centre",
        range=[-100, 100],
        tickvals=PCT_TICKS,
        ticktext=[f"{abs(v)}" for v in PCT_TICKS],
        zeroline=False,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=[labels[c] for c in reversed(order)])
    return fig


def wave_change_dumbbell(changes: pd.DataFrame, *, wave: str, previous: str) -> go.Figure:
    """Net agreement of each item in the previous wave (open) and this one (filled).

    ``changes``: one row per item (queries.survey.wave_changes), in display order.
    """
    changes = changes.dropna(subset=["previous_net_agreement_pct"])
    labels = [wrap(v) for v in changes["item_label"]]
    fig = go.Figure()
    for label, before, after in zip(
        labels,
        changes["previous_net_agreement_pct"],
        changes["net_agreement_pct"],
        strict=True,
    ):
        fig.add_trace(
            go.Scatter(
                x=[before, after],
                y=[label, label],
                mode="lines",
                line={"color": "#9E9E9E", "width": 2},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=changes["previous_net_agreement_pct"],
            y=labels,
            mode="markers",
            name=previous,
            marker={"symbol": "circle-open", "size": 11, "color": MUTED, "line": {"width": 2}},
            hovertemplate=f"{previous}: %{{x:+.1f}} points<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=changes["net_agreement_pct"],
            y=labels,
            mode="markers",
            name=wave,
            marker={"symbol": "circle", "size": 11, "color": GOOD},
            customdata=changes[["net_agreement_change_pp"]].to_numpy(),
            hovertemplate=(
                f"{wave}: %{{x:+.1f}} points (change %{{customdata[0]:+.1f}})<extra></extra>"
            ),
        )
    )
    fig.add_vline(x=0, line_width=1, line_color="#333")
    fig.update_layout(
        height=_height(len(labels), per_item=40),
        margin={"l": 10, "r": 10, "t": 40, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        separators=".,",
    )
    fig.update_xaxes(
        title_text="Net agreement (percentage points: agree minus disagree; yes minus no)",
        range=[-105, 105],
        tickvals=PCT_TICKS,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    return fig


MAGNITUDE_THRESHOLDS = {
    "rank_biserial": (0.1, 0.3, 0.5),
    "epsilon_squared": (0.01, 0.06, 0.14),
}
MEASURE_LABELS = {
    "rank_biserial": "rank-biserial r",
    "epsilon_squared": "epsilon-squared",
}


def effect_sizes(tests: pd.DataFrame) -> go.Figure:
    """Effect size of each item's rank test; filled where significant after Holm.

    ``tests``: rows of queries.survey.group_differences (one breakdown, one wave).
    """
    fig = go.Figure()
    labels = [wrap(v, 60) for v in tests["item_label"]]
    measures = list(dict.fromkeys(tests["effect_size_measure"]))
    for i, measure in enumerate(measures):
        rows = tests[tests["effect_size_measure"] == measure]
        for significant in (False, True):
            part = rows[rows["is_significant_holm"].fillna(False) == significant]
            if part.empty:
                continue
            part_labels = [wrap(v, 60) for v in part["item_label"]]
            fig.add_trace(
                go.Scatter(
                    x=part["effect_size"],
                    y=part_labels,
                    mode="markers",
                    name=f"{MEASURE_LABELS.get(measure, measure)}: "
                    + ("significant" if significant else "not significant")
                    + " after Holm",
                    marker={
                        "symbol": ("diamond" if i else "circle") + ("" if significant else "-open"),
                        "size": 12,
                        "color": OKABE_ITO[i % len(OKABE_ITO)],
                        "line": {"width": 2},
                    },
                    customdata=part[
                        [
                            "effect_magnitude",
                            "p_holm",
                            "p_bh",
                            "n_respondents",
                            "highest_rated_group",
                            "lowest_rated_group",
                        ]
                    ]
                    .astype(object)
                    .to_numpy(),
                    hovertemplate=(
                        "%{x:+.2f} (%{customdata[0]}); agrees most: %{customdata[4]}, least: "
                        "%{customdata[5]}<br>Holm-adjusted p %{customdata[1]:.3f}, "
                        "BH-adjusted p %{customdata[2]:.3f}; n = %{customdata[3]:,}"
                        "<extra></extra>"
                    ),
                )
            )
        for threshold in MAGNITUDE_THRESHOLDS.get(measure, ()):
            for x in {threshold, -threshold} if measure == "rank_biserial" else {threshold}:
                fig.add_vline(x=x, line_width=1, line_dash="dot", line_color="#BDBDBD")
    axis = " / ".join(MEASURE_LABELS.get(m, m) for m in measures)
    fig.add_vline(x=0, line_width=1, line_color="#333")
    fig.update_layout(
        height=_height(len(labels), per_item=40),
        margin={"l": 10, "r": 10, "t": 40, "b": 60},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        showlegend=True,
        separators=".,",
    )
    fig.update_xaxes(
        title_text=f"Effect size ({axis}; dotted lines: small / medium / large)",
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    return fig


def reconciliation_scatter(rows: pd.DataFrame) -> go.Figure:
    """Published percentage against the warehouse's, with the line where they agree."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 100],
            y=[0, 100],
            mode="lines",
            line={"color": "#9E9E9E", "dash": "dash"},
            name="Warehouse = report",
            hoverinfo="skip",
        )
    )
    for matches, symbol, colour, name in (
        (True, "circle", GOOD, "Matches the report (rounded)"),
        (False, "x", "#D55E00", "Differs from the report"),
    ):
        part = rows[rows["matches"].fillna(False) == matches]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["published_pct"],
                y=part["warehouse_pct"],
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": 9, "color": colour},
                customdata=part[["item_letter", "category_label"]].astype(object).to_numpy(),
                hovertemplate=(
                    "Item %{customdata[0]}, %{customdata[1]}<br>report %{x} %, "
                    "warehouse %{y:.1f} %<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        height=360,
        margin={"l": 10, "r": 10, "t": 40, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    )
    fig.update_xaxes(title_text="Published in the report (%)", range=[-2, 102])
    fig.update_yaxes(title_text="Warehouse, unrounded (%)", range=[-2, 102])
    return fig
