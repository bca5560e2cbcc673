"""Complaints: how districts handle citizens' complaints (Local Government Commission)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboards.charts.maps import district_choropleth
from dashboards.charts.trends import trend_lines
from dashboards.queries import complaints, districts
from dashboards.queries.complaints import METRICS
from dashboards.queries.snapshot import snapshot_info

st.title("Complaints")
st.caption(
    f"Source: {complaints.SOURCE}. Figures from the warehouse mart `{complaints.MART}`, "
    "one row per month and district, division and province."
)

months = complaints.months_available()
if not months:
    st.info("The published snapshot has no complaint figures yet.")
    st.stop()

latest_complete = complaints.latest_complete_month() or months[0]


def _month_label(month: date) -> str:
    label = month.strftime("%B %Y")
    return f"{label} (month in progress)" if month > latest_complete else label


def _metric_label(key: str) -> str:
    return METRICS[key].label_with_unit


left, right = st.columns(2)
metric_key = left.selectbox(
    "Indicator",
    options=list(METRICS),
    format_func=_metric_label,
    key="complaints_metric",
)
month = right.selectbox(
    "Month",
    options=months,
    index=months.index(latest_complete) if latest_complete in months else 0,
    format_func=_month_label,
    key="complaints_month",
)
metric = METRICS[metric_key]
better = "higher is better" if metric.higher_is_better else "lower is better"


def _number(value: object, fmt: str = ",.0f", suffix: str = "") -> str:
    return "–" if value is None else f"{value:{fmt}}{suffix}"


province = complaints.province_month(month)
if province:
    st.subheader(f"{province['geo_name']}, {month:%B %Y}")
    cols = st.columns(5)
    cols[0].metric("Complaints received", _number(province["complaints_received"]))
    cols[1].metric("Per 100,000 people", _number(province["complaints_per_100k"], ",.1f"))
    cols[2].metric("Median days to resolve", _number(province["median_days_to_resolve"], ",.1f"))
    cols[3].metric(
        "Resolved within 40 days", _number(province["resolved_within_40d_pct"], ",.1f", " %")
    )
    cols[4].metric("Open > 40 days", _number(province["backlog_over_40d"]))
    quarantined = province["complaints_quarantined"] or 0
    if quarantined:
        st.caption(
            f"{quarantined:,} complaint records received this month could not be placed in "
            "a district and are held in quarantine for review; they are not in the "
            "district figures below."
        )

st.subheader(f"{metric.label} by district, {month:%B %Y}")
st.caption(f"Unit: {metric.unit}; {better}. Grey districts have no figure for this month.")

map_col, table_col = st.columns([3, 2])
with map_col:
    figure = district_choropleth(
        complaints.district_values(month, metric_key),
        districts.district_boundaries(),
        value_label=metric.label,
        unit=metric.unit,
        higher_is_better=metric.higher_is_better,
        value_format=metric.plot_format,
    )
    st.plotly_chart(figure, key="complaints_map")

ranking = complaints.district_ranking(month, metric_key)
with table_col:
    st.dataframe(
        ranking,
        hide_index=True,
        key="complaints_ranking",
        column_order=[
            "rank",
            "district_name",
            "division",
            "value",
            "complaints_received",
            "complaints_resolved",
            "backlog_over_40d",
            "population_2023",
        ],
        column_config={
            "rank": st.column_config.NumberColumn("Rank", format="%d", help=f"1 = best; {better}"),
            "district_name": st.column_config.TextColumn("District"),
            "division": st.column_config.TextColumn("Division"),
            "value": st.column_config.NumberColumn(
                metric.label, format=metric.table_format, help=metric.unit
            ),
            "complaints_received": st.column_config.NumberColumn("Received", format="localized"),
            "complaints_resolved": st.column_config.NumberColumn("Resolved", format="localized"),
            "backlog_over_40d": st.column_config.NumberColumn("Open > 40 days", format="localized"),
            "population_2023": st.column_config.NumberColumn(
                "Population (Census 2023)", format="localized"
            ),
        },
    )

    info = snapshot_info()
    download = ranking.rename(
        columns={
            "rank": "Rank",
            "district_pcode": "District P-code",
            "district_name": "District",
            "division": "Division",
            "value": metric.label_with_unit,
            "complaints_received": "Complaints received",
            "complaints_resolved": "Complaints resolved",
            "backlog_over_40d": "Open complaints older than 40 days",
            "population_2023": "Population (Census 2023)",
        }
    )
    download.insert(0, "Month", month.strftime("%Y-%m"))
    # The file travels without the page's banner, so it carries the warning itself.
    if info.synthetic:
        download["Note"] = "Synthetic demo data, not official statistics"
    st.download_button(
        "Download ranking (CSV)",
        data=download.to_csv(index=False).encode("utf-8"),
        file_name=(
            f"complaints_{metric_key}_{month:%Y-%m}"
            f"{'_synthetic-demo' if info.synthetic else ''}.csv"
        ),
        mime="text/csv",
        key="complaints_ranking_csv",
        on_click="ignore",
        icon=":material/download:",
    )

st.subheader(f"{metric.label} over time")
district_names = districts.district_list()
names = dict(zip(district_names["district_pcode"], district_names["district_name"], strict=True))
pick_col, division_col = st.columns([2, 1])
district_pcode = pick_col.selectbox(
    "Compare the province with a district",
    options=[None, *names],
    format_func=lambda code: "Province only" if code is None else names[code],
    key="complaints_trend_district",
)
include_division = division_col.toggle(
    "Also show the district's division",
    value=True,
    key="complaints_trend_division",
    disabled=district_pcode is None,
)
series = complaints.trend(metric_key, district_pcode, include_division=include_division)
if series.empty:
    st.info("No monthly figures for this selection.")
else:
    st.plotly_chart(
        trend_lines(
            series, value_label=metric.label, unit=metric.unit, value_format=metric.plot_format
        ),
        key="complaints_trend",
    )

with st.expander("How this is calculated"):
    definitions = "\n".join(
        f"- **{m.label}** ({m.unit}; {'higher' if m.higher_is_better else 'lower'} is "
        f"better): {m.definition}"
        for m in METRICS.values()
    )
    st.markdown(
        f"{definitions}\n\n"
        "Districts are ranked best first on the chosen indicator; districts with the same "
        "value share a rank, and districts without a value for the month are listed last "
        "without a rank. Complaint records whose district could "
        "not be identified are quarantined for review and left out of district figures. "
        f"A month is shown as *in progress* until the snapshot was published after it "
        f"ended; the default month, {latest_complete:%B %Y}, is the latest complete one.\n\n"
        f"Source: {complaints.SOURCE}; population: Pakistan Bureau of Statistics, "
        "Census 2023."
    )
