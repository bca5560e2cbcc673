"""Compare districts: map, ranking, up to four side by side and the trend, on any indicator
of the registry, with district splits marked where a series crosses one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import filters
from dashboards.charts.compare import boundary_label, indicator_trend, ranking_bars, small_multiples
from dashboards.charts.maps import district_choropleth
from dashboards.components import download_table, show_chart, table
from dashboards.indicator_notes import show_definition, value_text
from dashboards.queries import catalog, compare, districts
from dashboards.queries import indicator_registry as registry

st.title("Compare districts")
st.caption(
    "Rank and map the 34 districts on any indicator of the registry, put up to four side by "
    "side and follow them over time. Figures from `rpt_indicator_values`; definitions from "
    "the indicator registry."
)

if not catalog.has_tables(*registry.MARTS, "dim_district", "dim_district_map_feature"):
    st.info(
        "The published snapshot has no indicator figures yet: no departmental source has "
        "been loaded. The Data health page shows which sources have landed.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

options = registry.indicators()
if not options:
    st.info("No indicator in the snapshot has district figures yet.")
    st.stop()

chosen = filters.current()
by_code = {i.code: i for i in options}
code = st.selectbox(
    "Indicator",
    options=list(by_code),
    format_func=lambda c: by_code[c].choice_label,
    key="compare_indicator",
    bind="query-params",
    help="Every indicator of the registry with district figures. Type to search.",
)
indicator = by_code[code]
show_definition(indicator, key="compare")

period = registry.period_at(registry.periods(code), chosen.period)
if period is None:
    st.info(f"No district figures for {indicator.name} yet.")
    st.stop()
month_note = f" (the latest at or before {chosen.period_label})" if chosen.period else ""
scope = f"{chosen.division} division" if chosen.division else "Balochistan"
has_lineage = catalog.has_tables("dim_district_lineage")

# -- Map and ranking ---------------------------------------------------------------------
st.subheader(f"{indicator.name} by district, {scope}, {period.label}")
st.caption(
    f"{period.label}{month_note}; unit: {indicator.unit}; {indicator.direction}. Grey districts "
    "have no figure for the period; hatched bars are series that cross a district split."
)
ranking = compare.district_ranking(code, period.start, chosen.division)
# A count's province value is the sum of the bars: no reference line for it.
references = None if indicator.is_count else compare.benchmarks(code, period.start, chosen.division)
boundaries = districts.district_boundaries()
if chosen.division:
    keep = set(ranking["district_pcode"])
    features = [f for f in boundaries["features"] if f["properties"]["district_pcode"] in keep]
    boundaries = {**boundaries, "features": features}

map_col, bars_col = st.columns([1, 1])
with map_col:
    show_chart(
        district_choropleth(
            ranking,
            boundaries,
            value_label=indicator.name,
            unit=indicator.unit,
            higher_is_better=indicator.higher_is_better,
            value_format=indicator.value_format,
            highlight=chosen.district_pcode,
        ),
        key="compare_map",
        filename=f"{code} map {scope} {period.label}",
        alt=f"Map of {indicator.name} by district, {period.label}",
    )

# -- Up to four districts side by side (chosen here, highlighted in the ranking) ---------
names = dict(zip(ranking["district_pcode"], ranking["district_name"], strict=True))
all_districts = districts.district_list()
all_names = dict(zip(all_districts["district_pcode"], all_districts["district_name"], strict=True))
ranked = ranking.dropna(subset=["value"])
# By default the sidebar's district, else the four at the bottom of the ranking: where a
# policy maker looks first.
default = (
    [chosen.district_pcode] if chosen.district_pcode else ranked["district_pcode"].tolist()[-4:]
)
picked = st.session_state.get("compare_districts")
with bars_col:
    show_chart(
        ranking_bars(
            ranking,
            value_label=indicator.name,
            unit=indicator.unit,
            value_format=indicator.value_format,
            benchmarks=references,
            highlight=picked if picked is not None else default,
        ),
        key="compare_ranking_bars",
        filename=f"{code} ranking {scope} {period.label}",
        alt=f"Districts ranked on {indicator.name}, {period.label}",
    )

if chosen.district_pcode and chosen.district_pcode in names:
    row = ranking[ranking["district_pcode"] == chosen.district_pcode].iloc[0]
    if not pd.isna(row["rank"]):
        st.markdown(
            f"**{chosen.district_name}** ranks **{int(row['rank'])}** of {len(ranked)} "
            f"districts with a figure in {scope} ({indicator.direction})."
        )
decimals = {"step": 10**-indicator.decimals if indicator.decimals else 1}
table(
    ranking,
    key="compare_ranking",
    column_order=[
        "rank",
        "district_name",
        "division",
        "value",
        "numerator",
        "denominator",
        "reporting_completeness",
        "crosses_boundary_change",
    ],
    column_config={
        "rank": st.column_config.NumberColumn("Rank", format="%d", help="1 = best", width=50),
        "district_name": st.column_config.TextColumn("District"),
        "division": st.column_config.TextColumn("Division"),
        "value": st.column_config.NumberColumn(
            indicator.label_with_unit, format="localized", **decimals
        ),
        "numerator": st.column_config.NumberColumn(
            "Numerator", format="localized", help=indicator.numerator, step=1
        ),
        "denominator": st.column_config.NumberColumn(
            "Denominator", format="localized", help=indicator.denominator, step=1
        ),
        "reporting_completeness": st.column_config.NumberColumn(
            "Reporting completeness (%)", format="%.0f", help="Of the source, same period"
        ),
        "crosses_boundary_change": st.column_config.CheckboxColumn(
            "Crosses a split", help="The district's series spans a split, rename or merger"
        ),
    },
    full_rows=34,
)
download_table(
    ranking,
    key="compare_ranking",
    title=f"{indicator.name} by district {period.label}",
    source=f"{indicator.source_name}; {registry.SOURCE_NOTE}",
    file_stem=f"{code.lower()}_{period.label}",
    columns={
        "period_label": "Period",
        "rank": "Rank",
        "district_pcode": "District P-code",
        "district_name": "District",
        "division": "Division",
        "value": indicator.label_with_unit,
        "numerator": f"Numerator: {indicator.numerator}",
        "denominator": f"Denominator: {indicator.denominator}",
        "reporting_completeness": "Reporting completeness (%)",
        "crosses_boundary_change": "Series crosses a district split",
        "population_2023": "Population (Census 2023)",
    },
)

st.subheader("Side by side")
selection = st.multiselect(
    "Districts to compare (up to four)",
    options=list(all_names),
    default=[d for d in default if d in all_names],
    format_func=lambda p: all_names[p],
    max_selections=compare.MAX_DISTRICTS,
    key="compare_districts",
    help="By default the district chosen in the sidebar, or the four ranked last.",
)
if not selection:
    st.info("Choose up to four districts to put them side by side.")
else:
    pairs = [(p, all_names[p]) for p in selection]
    side = compare.side_by_side(indicator.domain, chosen.period, selection)
    department = indicator.department_name or indicator.domain
    st.caption(
        f"Every {department} indicator, each at its latest period{month_note}; the rank is "
        "among all districts with a figure (1 = best). ⚑ marks a series that crosses a "
        "district split."
    )
    by_indicator = {i.code: i for i in registry.indicators(indicator.domain)}
    places = [n for _, n in pairs] + ["Balochistan"]

    def _cell(row: pd.Series) -> str:
        shown = by_indicator.get(row["indicator_code"], indicator)
        text = value_text(shown, row["value"])
        if row["geo_level"] == "district" and not pd.isna(row["rank"]):
            text += f" (#{int(row['rank'])} of {int(row['districts_ranked'])})"
        return text + (" ⚑" if row["crosses_boundary_change"] else "")

    cells = side.assign(cell=[_cell(row) for _, row in side.iterrows()])
    wide = (
        cells.pivot_table(
            index=["indicator_name", "unit", "period_label"],
            columns="geo_name",
            values="cell",
            aggfunc="first",
            sort=False,
        ).reset_index()
        if not cells.empty
        else pd.DataFrame()
    ).reindex(columns=["indicator_name", "unit", "period_label", *places])
    table(
        wide,
        key="compare_side_by_side",
        column_config={
            "indicator_name": st.column_config.TextColumn("Indicator", width=260),
            "unit": st.column_config.TextColumn("Unit"),
            "period_label": st.column_config.TextColumn("Period"),
        },
    )
    download_table(
        side,
        key="compare_side_by_side",
        title=f"{department} indicators side by side",
        source=registry.SOURCE_NOTE,
        file_stem=f"{indicator.domain}_side_by_side",
        columns={
            "indicator_code": "Indicator code",
            "indicator_name": "Indicator",
            "unit": "Unit",
            "period_label": "Period",
            "geo_level": "Level",
            "geo_code": "Code",
            "geo_name": "Place",
            "value": "Value",
            "rank": "Rank among districts (1 = best)",
            "districts_ranked": "Districts ranked",
            "reporting_completeness": "Reporting completeness (%)",
            "crosses_boundary_change": "Series crosses a district split",
        },
    )

    panels = compare.series(code, selection, province=not indicator.is_count)
    changes = compare.boundary_changes(code, selection) if has_lineage else None
    show_chart(
        small_multiples(
            panels,
            pairs,
            value_label=indicator.name,
            unit=indicator.unit,
            value_format=indicator.value_format,
            period_axis=indicator.period_axis,
            changes=changes,
        ),
        key="compare_small_multiples",
        filename=f"{code} small multiples",
        alt=f"{indicator.name} over time, one panel per district",
    )

# -- Trend over time ---------------------------------------------------------------------
st.subheader(f"{indicator.name} over time")
shown = selection or ([chosen.district_pcode] if chosen.district_pcode else [])
divisions = [chosen.division] if chosen.division else []
# Counts are drawn without the division and province totals they are part of.
trend = (
    compare.series(code, shown, province=False)
    if indicator.is_count
    else compare.series(code, shown, divisions)
)
changes = compare.boundary_changes(code, shown) if has_lineage and shown else None
if trend.empty:
    st.info("No figures over time for this selection.")
else:
    show_chart(
        indicator_trend(
            trend,
            value_label=indicator.name,
            unit=indicator.unit,
            value_format=indicator.value_format,
            period_axis=indicator.period_axis,
            changes=changes,
        ),
        key="compare_trend",
        filename=f"{code} trend",
        alt=f"{indicator.name} over time",
    )
    places = "the districts compared above" if shown else "no district: choose some above"
    if indicator.is_count:
        st.caption(f"A count: {places}, without the totals they are part of.")
    else:
        division = f"{chosen.division} division, " if chosen.division else ""
        st.caption(f"The province, {division}{places}.")
if changes is not None and not changes.empty:
    st.warning(
        "These series cross a change of district boundaries. Figures are harmonised to the "
        "Census-2023 districts, but the reporting units changed on these dates; read a jump "
        "there with care:\n\n"
        + "\n".join(
            f"- **{row['district_name']}**: {boundary_label(row)}."
            + (f" {row['note']}" if isinstance(row["note"], str) else "")
            for _, row in changes.iterrows()
        ),
        icon=":material/flag:",
    )
