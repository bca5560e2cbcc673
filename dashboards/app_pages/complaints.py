"""Complaints: how districts handle citizens' complaints (Local Government Commission)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboards import filters
from dashboards.charts.maps import district_choropleth
from dashboards.charts.trends import trend_lines
from dashboards.components import change_colour, number, show_chart, table_with_downloads
from dashboards.queries import catalog, complaints, districts
from dashboards.queries.complaints import METRICS

st.title("Complaints")
st.caption(
    f"Source: {complaints.SOURCE}. Figures from the warehouse mart `{complaints.MART}`, "
    "one row per month and district, division and province."
)

if not catalog.has_tables(complaints.MART, "dim_district", "dim_district_map_feature"):
    st.info(
        "The published snapshot has no complaint figures yet: the Complaint & Inquiry MIS "
        "has not been loaded. The Data health page shows which sources have landed.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

months = complaints.months_available()
if not months:
    st.info("The published snapshot has no complaint figures yet.")
    st.stop()

chosen = filters.current()
latest_complete = complaints.latest_complete_month() or months[0]
month = chosen.period if chosen.period in months else latest_complete
if chosen.period is not None and chosen.period != month:
    st.info(
        f"No complaint figures for {chosen.period:%B %Y}; showing {month:%B %Y}, the latest "
        "complete month. Choose another period in the sidebar.",
        icon=":material/info:",
    )


def _metric_label(key: str) -> str:
    return METRICS[key].label_with_unit


metric_key = st.selectbox(
    "Indicator",
    options=list(METRICS),
    format_func=_metric_label,
    key="complaints_metric",
)
metric = METRICS[metric_key]
better = "higher is better" if metric.higher_is_better else "lower is better"
in_progress = " (month in progress)" if month > latest_complete else ""
previous_month = (pd.Timestamp(month) - pd.DateOffset(months=1)).date()

# -- The chosen place this month, against the month before ------------------------------
place = complaints.geography_month(month, chosen.geo_level, chosen.geo_code)
before = complaints.geography_month(previous_month, chosen.geo_level, chosen.geo_code)
st.subheader(f"{chosen.geo_name}, {month:%B %Y}{in_progress}")
if place is None:
    st.info(f"{chosen.geo_name} has no complaint figures for {month:%B %Y}.")
else:
    cards = [
        ("Complaints received", "complaints_received", ",.0f", "", None),
        ("Per 100,000 people", "complaints_per_100k", ",.1f", "", False),
        ("Median days to resolve", "median_days_to_resolve", ",.1f", "", False),
        ("Resolved within 40 days", "resolved_within_40d_pct", ",.1f", " %", True),
        ("Open > 40 days", "backlog_over_40d", ",.0f", "", False),
    ]
    for col, (label, column, fmt, suffix, higher_is_better) in zip(
        st.columns(len(cards)), cards, strict=True
    ):
        value = place[column]
        previous = before[column] if before else None
        delta = None if value is None or previous is None else value - previous
        col.metric(
            label,
            number(value, fmt, suffix),
            # A zero delta as the number 0 shows grey, without an arrow.
            delta=None
            if delta is None
            else (0 if delta == 0 else number(delta, "+" + fmt, suffix)),
            delta_color=change_colour(delta, higher_is_better),
            delta_description=f"vs {previous_month:%b %Y}" if delta is not None else None,
            border=True,
        )
    province = complaints.province_month(month) if chosen.geo_level != "province" else place
    quarantined = (province or {}).get("complaints_quarantined") or 0
    if quarantined:
        st.caption(
            f"{quarantined:,} complaint records received this month could not be placed in "
            "a district and are held in quarantine for review; they are not in the "
            "district figures below (see the Data health page)."
        )

# -- Map and ranking ---------------------------------------------------------------------
scope = f"{chosen.division} division" if chosen.division else "Balochistan"
st.subheader(f"{metric.label} by district, {scope}, {month:%B %Y}")
st.caption(f"Unit: {metric.unit}; {better}. Grey districts have no figure for this month.")

map_col, table_col = st.columns([1, 1])
values = complaints.district_values(month, metric_key, chosen.division)
boundaries = districts.district_boundaries()
if chosen.division:
    keep = set(values["district_pcode"])
    boundaries = {
        **boundaries,
        "features": [
            f for f in boundaries["features"] if f["properties"]["district_pcode"] in keep
        ],
    }
with map_col:
    figure = district_choropleth(
        values,
        boundaries,
        value_label=metric.label,
        unit=metric.unit,
        higher_is_better=metric.higher_is_better,
        value_format=metric.plot_format,
        highlight=chosen.district_pcode,
    )
    show_chart(
        figure,
        key="complaints_map",
        filename=f"complaints {metric_key} {scope} {month:%Y-%m}",
        alt=f"Map of {metric.label} by district, {month:%B %Y}",
    )

ranking = complaints.district_ranking(month, metric_key, chosen.division)
with table_col:
    if chosen.district_pcode:
        row = ranking[ranking["district_pcode"] == chosen.district_pcode]
        if not row.empty and not pd.isna(row["rank"].iloc[0]):
            ranked = int(ranking["rank"].notna().sum())
            st.markdown(
                f"**{chosen.district_name}** ranks **{int(row['rank'].iloc[0])}** of "
                f"{ranked} districts ranked in {scope} ({better})."
            )
    table_with_downloads(
        ranking.assign(month=month.strftime("%Y-%m")),
        key="complaints_ranking",
        title=f"Complaints ranking {month:%Y-%m}",
        source=complaints.SOURCE,
        file_stem=f"complaints_{metric_key}_{month:%Y-%m}",
        shown={
            "rank": st.column_config.NumberColumn(
                "Rank", format="%d", help=f"1 = best; {better}", width=50
            ),
            "district_name": st.column_config.TextColumn("District", width=120),
            "value": st.column_config.NumberColumn(
                metric.short_label or metric.label,
                format=metric.table_format,
                help=f"{metric.label} ({metric.unit}; {better})",
                width=100,
            ),
            "complaints_received": st.column_config.NumberColumn(
                "Received", format="localized", width=80
            ),
            "complaints_resolved": st.column_config.NumberColumn(
                "Resolved", format="localized", width=80
            ),
            "backlog_over_40d": st.column_config.NumberColumn(
                "Open > 40 d", format="localized", width=85, help="Open more than 40 days"
            ),
            "division": st.column_config.TextColumn("Division"),
            "population_2023": st.column_config.NumberColumn(
                "Population 2023", format="localized", help="Census 2023 (PBS)"
            ),
        },
        exported={
            "month": "Month",
            "rank": "Rank",
            "district_pcode": "District P-code",
            "district_name": "District",
            "division": "Division",
            "value": metric.label_with_unit,
            "complaints_received": "Complaints received",
            "complaints_resolved": "Complaints resolved",
            "backlog_over_40d": "Open complaints older than 40 days",
            "population_2023": "Population (Census 2023)",
        },
        full_rows=14,
        height=540,
    )

# -- Trend -------------------------------------------------------------------------------
st.subheader(f"{metric.label} over time")
compare = chosen.district_name or (f"{chosen.division} division" if chosen.division else None)
include_division = st.toggle(
    "Also show the district's division",
    value=True,
    key="complaints_trend_division",
    disabled=chosen.district_pcode is None,
    help="Choose a district in the sidebar to compare it with its division and the province.",
)
series = complaints.trend(
    metric_key,
    chosen.district_pcode,
    include_division=include_division or chosen.district_pcode is None,
    division=chosen.division,
)
if compare is None:
    st.caption("The province; choose a division or district in the sidebar to compare.")
if series.empty:
    st.info("No monthly figures for this selection.")
else:
    show_chart(
        trend_lines(
            series, value_label=metric.label, unit=metric.unit, value_format=metric.plot_format
        ),
        key="complaints_trend",
        filename=f"complaints {metric_key} trend {chosen.geo_name}",
        alt=f"Monthly {metric.label}",
    )


def _definitions(latest: date) -> str:
    lines = "\n".join(
        f"- **{m.label}** ({m.unit}; {'higher' if m.higher_is_better else 'lower'} is "
        f"better): {m.definition}"
        for m in METRICS.values()
    )
    return (
        f"{lines}\n\n"
        "Districts are ranked best first on the chosen indicator; districts with the same "
        "value share a rank, and districts without a value for the month are listed last "
        "without a rank. Complaint records whose district could "
        "not be identified are quarantined for review and left out of district figures. "
        f"A month is shown as *in progress* until the snapshot was published after it "
        f"ended; the default month, {latest:%B %Y}, is the latest complete one.\n\n"
        f"Source: {complaints.SOURCE}; population: Pakistan Bureau of Statistics, "
        "Census 2023."
    )


with st.expander("How this is calculated"):
    st.markdown(_definitions(latest_complete))
