"""Service KPIs: one tab per department with its registry indicators for the chosen place,
over time and by district; in Health, the facilities that did not report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import filters
from dashboards.charts.compare import indicator_trend, ranking_bars
from dashboards.components import download_table, number, show_chart, table
from dashboards.filters import Filters
from dashboards.indicator_notes import change_text, show_definition, value_text, versus_text
from dashboards.queries import catalog, compare, service_kpis
from dashboards.queries import indicator_registry as registry
from dashboards.queries.service_kpis import FACILITY_MART, SECTIONS, Section

st.title("Service KPIs")
st.caption(
    "Each department's indicators from the registry: for the place chosen in the sidebar "
    "against the period before, over time, and by district. The tab is kept in the link."
)

if not catalog.has_tables(*registry.MARTS, "dim_district"):
    st.info(
        "The published snapshot has no indicator figures yet: no departmental source has "
        "been loaded. The Data health page shows which sources have landed.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

chosen = filters.current()


def _place_table(section: Section, indicators: dict[str, registry.Indicator]) -> None:
    frame = service_kpis.place_indicators(
        section.domain, chosen.geo_level, chosen.geo_code, chosen.period
    )
    when = f"at or before {chosen.period_label}" if chosen.period else "the latest"
    st.markdown(f"**{chosen.geo_name}: every {section.label.lower()} indicator, {when}**")
    if frame.empty:
        st.info(f"No {section.label.lower()} figures for {chosen.geo_name}.")
        return

    def shown(row: pd.Series, column: str) -> str:
        return value_text(indicators[row["indicator_code"]], row[column])

    def change(row: pd.Series) -> str:
        if pd.isna(row["change"]):
            return "–"
        verdict = row["change_direction"]
        mark = versus_text(verdict) if isinstance(verdict, str) else ""
        return f"{change_text(indicators[row['indicator_code']], row['change'])} {mark}".strip()

    view = frame.assign(
        indicator=[
            f"{r['indicator_name']} ⚑" if r["crosses_boundary_change"] else r["indicator_name"]
            for _, r in frame.iterrows()
        ],
        value_text=[shown(r, "value") for _, r in frame.iterrows()],
        previous_text=[shown(r, "previous") for _, r in frame.iterrows()],
        change_text=[change(r) for _, r in frame.iterrows()],
    )
    table(
        view,
        key=f"kpi_{section.domain}_place",
        column_order=[
            "indicator",
            "period_label",
            "value_text",
            "previous_label",
            "previous_text",
            "change_text",
            "unit",
            "reporting_completeness",
        ],
        column_config={
            "indicator": st.column_config.TextColumn("Indicator", width=280),
            "period_label": st.column_config.TextColumn("Period"),
            "value_text": st.column_config.TextColumn("Value"),
            "previous_label": st.column_config.TextColumn("Period before"),
            "previous_text": st.column_config.TextColumn("Value before"),
            "change_text": st.column_config.TextColumn("Change"),
            "unit": st.column_config.TextColumn("Unit"),
            "reporting_completeness": st.column_config.NumberColumn(
                "Reporting completeness (%)", format="%.0f", help="Of the source, same period"
            ),
        },
    )
    download_table(
        frame,
        key=f"kpi_{section.domain}_place",
        title=f"{section.label} indicators {chosen.geo_name}",
        source=registry.SOURCE_NOTE,
        file_stem=f"{section.domain}_indicators_{chosen.geo_name.lower().replace(' ', '-')}",
        columns={
            "indicator_code": "Indicator code",
            "indicator_name": "Indicator",
            "unit": "Unit",
            "period_label": "Period",
            "value": "Value",
            "previous_label": "Period before",
            "previous": "Value before",
            "change": "Change",
            "change_direction": "Change is",
            "reporting_completeness": "Reporting completeness (%)",
            "crosses_boundary_change": "Series crosses a district split",
        },
    )


def _indicator_detail(section: Section, indicators: dict[str, registry.Indicator]) -> None:
    code = st.selectbox(
        "Indicator",
        options=list(indicators),
        format_func=lambda c: indicators[c].label_with_unit,
        key=f"kpi_{section.domain}_indicator",
    )
    indicator = indicators[code]
    show_definition(indicator, key=f"kpi_{section.domain}")

    trend_col, rank_col = st.columns([1, 1])
    with trend_col:
        st.markdown(f"**Over time: {chosen.geo_name}**")
        place = [chosen.district_pcode] if chosen.district_pcode else []
        division = [chosen.division] if chosen.division else []
        series = (
            compare.series(code, place, division, province=not place and not division)
            if indicator.is_count
            else compare.series(code, place, division)
        )
        changes = (
            compare.boundary_changes(code, place)
            if place and catalog.has_tables("dim_district_lineage")
            else None
        )
        if series.empty:
            st.info("No figures over time for this place.")
        else:
            show_chart(
                indicator_trend(
                    series,
                    value_label=indicator.name,
                    unit=indicator.unit,
                    value_format=indicator.value_format,
                    period_axis=indicator.period_axis,
                    changes=changes,
                    height=380,
                ),
                key=f"kpi_{section.domain}_trend",
                filename=f"{code} trend {chosen.geo_name}",
                alt=f"{indicator.name} over time, {chosen.geo_name}",
            )
    period = registry.period_at(registry.periods(code), chosen.period)
    with rank_col:
        if period is None:
            st.info("No district figures yet.")
            return
        scope = f"{chosen.division} division" if chosen.division else "Balochistan"
        st.markdown(f"**By district: {scope}, {period.label}**")
        ranking = compare.district_ranking(code, period.start, chosen.division)
        references = (
            None if indicator.is_count else compare.benchmarks(code, period.start, chosen.division)
        )
        show_chart(
            ranking_bars(
                ranking,
                value_label=indicator.name,
                unit=indicator.unit,
                value_format=indicator.value_format,
                benchmarks=references,
                highlight=[chosen.district_pcode] if chosen.district_pcode else [],
            ),
            key=f"kpi_{section.domain}_ranking",
            filename=f"{code} by district {period.label}",
            alt=f"Districts ranked on {indicator.name}, {period.label}",
        )
        download_table(
            ranking,
            key=f"kpi_{section.domain}_ranking",
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
                "numerator": "Numerator",
                "denominator": "Denominator",
                "reporting_completeness": "Reporting completeness (%)",
                "crosses_boundary_change": "Series crosses a district split",
            },
        )
    st.page_link(
        "app_pages/compare_districts.py",
        label="Map and compare districts on this indicator",
        icon=":material/compare_arrows:",
        # The selector there is bound to the link by the label it shows.
        query_params={"compare_indicator": indicator.choice_label},
    )


def _facilities(filters_: Filters) -> None:
    """Which health facilities did not report (or reported late) in a district and month."""
    st.subheader("Facilities that did not report")
    if not catalog.has_tables(FACILITY_MART):
        st.info(
            "No facility reporting records you can see in this snapshot: the HMIS has not "
            "landed, or your role does not include record-level data."
        )
        return
    months = service_kpis.facility_months()
    if not months:
        st.info("No facility reporting records yet.")
        return
    month = filters_.period if filters_.period in months else months[0]
    if filters_.period is not None and filters_.period != month:
        st.caption(f"No facility records for {filters_.period:%B %Y}; showing {month:%B %Y}.")
    if filters_.district_pcode is None:
        st.caption(
            f"{month:%B %Y}: facility reports expected, received and on time, least complete "
            "district first. Choose a district in the sidebar to list its facilities."
        )
        summary = service_kpis.reporting_by_district(month, filters_.division)
        table(
            summary,
            key="kpi_facility_summary",
            column_order=[
                "district_name",
                "division",
                "facilities_expected",
                "reported",
                "reported_on_time",
                "not_reported",
                "completeness_pct",
                "timeliness_pct",
            ],
            column_config={
                "district_name": st.column_config.TextColumn("District"),
                "division": st.column_config.TextColumn("Division"),
                "facilities_expected": st.column_config.NumberColumn(
                    "Expected", format="localized", help="Facilities open in the month"
                ),
                "reported": st.column_config.NumberColumn("Reported", format="localized"),
                "reported_on_time": st.column_config.NumberColumn(
                    "On time", format="localized", help="By the 10th of the next month"
                ),
                "not_reported": st.column_config.NumberColumn("Did not report", format="localized"),
                "completeness_pct": st.column_config.NumberColumn(
                    "Completeness (%)", format="%.0f"
                ),
                "timeliness_pct": st.column_config.NumberColumn("Timeliness (%)", format="%.0f"),
            },
        )
        download_table(
            summary,
            key="kpi_facility_summary",
            title=f"HMIS facility reporting {month:%Y-%m}",
            source=service_kpis.FACILITY_SOURCE,
            columns={
                "district_pcode": "District P-code",
                "district_name": "District",
                "division": "Division",
                "facilities_expected": "Facilities expected to report",
                "reported": "Reported",
                "reported_on_time": "Reported on time",
                "not_reported": "Did not report",
                "completeness_pct": "Completeness (%)",
                "timeliness_pct": "Timeliness (%)",
            },
        )
        return

    facilities = service_kpis.facility_reports(filters_.district_pcode, month)
    expected = facilities[facilities["is_expected"]]
    missing = int((~expected["has_reported"]).sum())
    late = int(expected["is_late"].sum())
    st.caption(
        f"{filters_.district_name}, {month:%B %Y}: every facility open in the month owed a "
        "report by the 10th of the next month (DHIS2 completeDataSetRegistrations)."
    )
    cards = st.container(horizontal=True, gap="small")
    cards.metric("Facilities expected", number(len(expected)), border=True, width=200)
    cards.metric(
        "Reported",
        number(int(expected["has_reported"].sum())),
        help="Report marked complete in DHIS2",
        border=True,
        width=200,
    )
    cards.metric("Did not report", number(missing), border=True, width=200)
    cards.metric("Reported late", number(late), border=True, width=200)
    only_gaps = st.toggle(
        "Only facilities that did not report or were late",
        value=True,
        key="kpi_facilities_only_gaps",
    )
    shown = (
        facilities[facilities["report_status"] != "reported on time"] if only_gaps else facilities
    )
    if shown.empty:
        st.success("Every facility reported on time this month.", icon=":material/check:")
    else:
        table(
            shown,
            key="kpi_facilities",
            column_order=[
                "facility_name",
                "facility_type",
                "tehsil_name",
                "report_status",
                "has_reported",
                "is_late",
                "days_late",
                "completed_at",
                "data_values_sent",
            ],
            column_config={
                "facility_name": st.column_config.TextColumn("Facility", width=220),
                "facility_type": st.column_config.TextColumn("Type"),
                "tehsil_name": st.column_config.TextColumn("Tehsil"),
                "report_status": st.column_config.TextColumn("Report"),
                "has_reported": st.column_config.CheckboxColumn("Reported"),
                "is_late": st.column_config.CheckboxColumn("Late"),
                "days_late": st.column_config.NumberColumn("Days late", format="%d"),
                "completed_at": st.column_config.DatetimeColumn(
                    "Marked complete", format="D MMM YYYY, HH:mm"
                ),
                "data_values_sent": st.column_config.NumberColumn(
                    "Values sent",
                    format="localized",
                    help="A facility can send values without marking its report complete",
                ),
            },
        )
    download_table(
        facilities,
        key="kpi_facilities",
        title=f"HMIS facility reports {filters_.district_name} {month:%Y-%m}",
        source=service_kpis.FACILITY_SOURCE,
        columns={
            "org_unit_id": "DHIS2 org unit",
            "facility_name": "Facility",
            "facility_type": "Type",
            "tehsil_name": "Tehsil",
            "report_status": "Report",
            "has_reported": "Reported",
            "is_on_time": "On time",
            "days_late": "Days late",
            "completed_at": "Marked complete",
            "data_values_sent": "Values sent",
        },
    )


def _section(section: Section) -> None:
    indicators = {i.code: i for i in registry.indicators(section.domain)}
    if not indicators:
        st.info(
            f"No {section.department} figures in this snapshot yet: the {section.system} "
            "has not been loaded.",
            icon=":material/hourglass_empty:",
        )
    else:
        sources = ", ".join(dict.fromkeys(i.source_name for i in indicators.values()))
        st.caption(f"{section.department}. Source: {sources}.")
        _place_table(section, indicators)
        _indicator_detail(section, indicators)
    if section.page:
        st.page_link(
            section.page, label=f"Open the {section.label} page", icon=":material/arrow_forward:"
        )
    if section.domain == "health":
        _facilities(chosen)


# Only the open tab runs (its name is in the link, so a view can be shared).
tabs = st.tabs(
    [s.label for s in SECTIONS],
    key="department",
    bind="query-params",
    on_change="rerun",
)
for section, tab in zip(SECTIONS, tabs, strict=True):
    if tab.open:
        with tab:
            _section(section)
