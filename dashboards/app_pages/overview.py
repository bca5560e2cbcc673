"""Overview: the headline figures of every department whose data the warehouse holds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import filters
from dashboards.components import (
    change_colour,
    local_time,
    number,
    table_with_downloads,
)
from dashboards.queries import catalog, overview
from dashboards.queries.overview import Geography, Kpi

st.title("Overview")
chosen = filters.current()
st.caption(
    f"Headline figures for **{chosen.geo_name}**, {chosen.period_caption}, each against the "
    "period before. One block per departmental system in the snapshot; change the period, "
    "division or district in the sidebar."
)

LOW_COMPLETENESS = 90  # % of expected reports received

BADGES = {
    "on time": ("on time", ":material/check_circle:", "blue"),
    "overdue": ("overdue", ":material/warning:", "orange"),
    "no schedule": ("loaded, no schedule", ":material/event_busy:", "gray"),
    "not loaded": ("not loaded yet", ":material/block:", "gray"),
}


def _badge(status: object) -> None:
    if isinstance(status, str) and status in BADGES:
        label, icon, colour = BADGES[status]
        st.badge(label, icon=icon, color=colour)


def _kpi(row, kpi: Kpi, compared_with: str | None) -> None:
    change = kpi.change
    delta = None
    if change is not None:
        # A zero delta as the number 0 shows grey, without an arrow.
        delta = 0 if change == 0 else number(change, "+" + kpi.fmt, kpi.suffix)
    trend = f" The line shows the last {len(kpi.trend)} periods." if len(kpi.trend) > 1 else ""
    label = kpi.label
    reported = ""
    if kpi.completeness is not None:
        # Beside the value, so a fall that is really missing reports reads as such.
        reported = f" Reporting completeness of the source here: {kpi.completeness:.0f} %."
        if kpi.completeness < LOW_COMPLETENESS:
            label = f"{kpi.label} · ⚠ {kpi.completeness:.0f} % reported"
    row.metric(
        label,
        number(kpi.value, kpi.fmt, kpi.suffix),
        delta=delta,
        delta_color=change_colour(change, kpi.higher_is_better),
        delta_description=f"vs {compared_with}" if delta is not None and compared_with else None,
        help=f"{kpi.help} Unit: {kpi.unit}.{trend}{reported}",
        border=True,
        width=250,
        chart_data=list(kpi.trend) if len(kpi.trend) > 1 else None,
        chart_type="line",
    )


sources = overview.sources()
status = dict(zip(sources["source_code"], sources["freshness_status"], strict=True))
names = sources.set_index("source_code")
geography = Geography(chosen.geo_level, chosen.geo_code, chosen.geo_name)

headlines = overview.available_headlines()
for headline in headlines:
    with st.container(border=True, key=f"overview_{headline.source_code}"):
        department = (
            names.at[headline.source_code, "department"]
            if headline.source_code in names.index
            else ""
        )
        system = (
            names.at[headline.source_code, "source_name"]
            if headline.source_code in names.index
            else headline.source_code
        )
        title_col, badge_col = st.columns([5, 1], vertical_alignment="center")
        title_col.subheader(f"{department}: {headline.title}" if department else headline.title)
        with badge_col:
            _badge(status.get(headline.source_code))
        figures = headline.figures(chosen.period, geography)
        if figures is None:
            st.info(f"No figures for {geography.name} in this snapshot.")
            continue
        where = figures.place if headline.by_geography else "Balochistan (province-wide)"
        compared = f", against {figures.compared_with}" if figures.compared_with else ""
        st.caption(f"{system}. {where}, {figures.period}{compared}. {figures.note}".strip())
        row = st.container(horizontal=True, gap="small")
        for kpi in figures.kpis:
            _kpi(row, kpi, figures.compared_with)
        if headline.page:
            st.page_link(headline.page, label="Open the full page", icon=":material/arrow_forward:")

if not headlines:
    st.info(
        "No departmental figures in this snapshot yet: load a source and rebuild.",
        icon=":material/hourglass_empty:",
    )

# -- Every other system --------------------------------------------------------------------
with_headline = {h.source_code for h in headlines}
others = sources[~sources["source_code"].isin(with_headline)]
if not others.empty:
    st.subheader("Other departmental systems")
    st.caption(
        "Systems of the province's departments the warehouse is built to load. A system gets "
        "its block above as soon as its figures are in the snapshot."
    )
    shown = others.assign(
        state=others["freshness_status"].map(
            lambda s: BADGES[s][0] if isinstance(s, str) and s in BADGES else "not loaded yet"
        ),
        last=others["last_extracted_at"].map(lambda v: local_time(v) if not pd.isna(v) else "–"),
    )
    table_with_downloads(
        shown,
        key="overview_sources",
        title="Departmental systems",
        source="dim_source_system and rpt_data_health__freshness",
        shown={
            "department_name": st.column_config.TextColumn("Department"),
            "source_name": st.column_config.TextColumn("System", width=330),
            "cadence": st.column_config.TextColumn("Cadence"),
            "state": st.column_config.TextColumn("Status"),
            "last": st.column_config.TextColumn("Last extract"),
        },
        exported={
            "source_code": "Source",
            "department_name": "Department",
            "source_name": "System",
            "cadence": "Cadence",
            "state": "Status",
            "latest_partition_key": "Latest partition",
            "last": "Last extract (PKT)",
        },
    )

with st.expander("What this snapshot holds"):
    contents = catalog.snapshot_contents()
    st.caption(
        "Every mart the dashboards can read, as published. Staging and intermediate tables "
        "(record-level rows) are not in the snapshot."
    )
    table_with_downloads(
        contents,
        key="overview_contents",
        title="Snapshot contents",
        source="Serving snapshot catalog",
        shown={
            "table_name": st.column_config.TextColumn("Mart"),
            "kind": st.column_config.TextColumn("Kind"),
            "domain": st.column_config.TextColumn("Domain"),
            "row_count": st.column_config.NumberColumn("Rows", format="localized"),
            "column_count": st.column_config.NumberColumn("Columns", format="localized"),
        },
        exported={
            "table_name": "Mart",
            "kind": "Kind",
            "domain": "Domain",
            "row_count": "Rows",
            "column_count": "Columns",
        },
    )
