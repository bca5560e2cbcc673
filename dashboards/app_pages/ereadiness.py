"""E-readiness: how ready each district is for e-government (an index built the way the UN
builds its EGDI), how much its rank rests on one component, how stable the ranking is, and
how far every department's online services have come since the need assessment."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import dashboards
from dashboards import filters
from dashboards.charts import ereadiness as charts
from dashboards.charts.maps import district_choropleth
from dashboards.components import change_colour, number, show_chart, table_with_downloads
from dashboards.queries import catalog, districts
from dashboards.queries import ereadiness as data

METHODOLOGY = Path(dashboards.__file__).resolve().parents[1] / "docs/methodology/ereadiness.md"

st.title("E-readiness")
st.caption(
    "A district e-readiness index built the way the United Nations builds its E-Government "
    "Development Index - infrastructure, human capital and online services, each "
    "standardised across the 34 districts and rescaled to 0-1 - and the maturity of every "
    f"department's online services on the UN five-stage model. Source: {data.SOURCE}."
)

index_missing = catalog.missing_tables(*data.INDEX_MARTS, "dim_district_map_feature")
maturity_missing = catalog.missing_tables(*data.MATURITY_MARTS)
if index_missing and maturity_missing:
    st.info(
        "The published snapshot has no e-readiness figures yet: they need the HMIS, BEMIS, "
        "HR MIS and the e-services catalogue to have been loaded. The Data health page shows "
        "which sources have landed.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

chosen = filters.current()
scope = f"{chosen.division} division" if chosen.division else "Balochistan"
years = [] if index_missing else data.rated_years()
by_start = {y.start: y for y in years}
headline = data.headline_year(years)

index_tab, components_tab, robustness_tab, departments_tab, method_tab = st.tabs(
    ["District index", "Components", "Sensitivity and stability", "Departments", "Method"]
)


def _year_note(year: data.FiscalYear) -> str:
    if year.is_complete_basket:
        return ""
    return (
        " Not every indicator has values this year (a source had not started or the year "
        "is under way); the indicator table says which the scores rest on."
    )


# -- District index ----------------------------------------------------------------------
with index_tab:
    if not years:
        st.info("No fiscal year has an e-readiness index in the published snapshot yet.")
        year = None
    else:
        start = st.selectbox(
            "Fiscal year",
            options=list(by_start),
            index=list(by_start).index(headline.start),
            format_func=lambda s: by_start[s].label,
            key="ereadiness_year",
            bind="query-params",
            help="The index is computed per fiscal year (July-June). The page opens on the "
            "latest year in which every indicator has values.",
        )
        year = by_start[start]

    if year is not None:
        ranking = data.district_index(year.start, chosen.division)
        st.subheader(f"E-readiness index by district, {scope}, {year.label}")
        st.caption(
            "0-1, higher is more ready; relative to the other districts of the year. Bands: "
            "Very high above 0.75, High 0.50-0.75, Middle 0.25-0.50, Low below 0.25. Ranks "
            "are among all districts of the province." + _year_note(year)
        )

        if chosen.district_pcode:
            row = data.district_row(year.start, chosen.district_pcode)
            if row is None:
                st.info(f"{chosen.district_name} has no index for {year.label}.")
            else:
                previous = row.get("previous_fiscal_year_label")
                cards = st.columns(5)
                index_change = row.get("index_change")
                cards[0].metric(
                    f"{chosen.district_name}: index",
                    number(row["ereadiness_index"], ".2f"),
                    delta=None if index_change is None else number(index_change, "+.2f"),
                    delta_color=change_colour(index_change, True),
                    delta_description=f"vs {previous}" if previous else None,
                    border=True,
                )
                rank_change = row.get("rank_change")
                cards[1].metric(
                    "Rank",
                    f"{int(row['district_rank'])} of {int(row['districts_ranked'])}",
                    delta=None if rank_change is None else f"{-int(rank_change):+d} places",
                    # Up the ranking (a smaller rank number) is better.
                    delta_color=change_colour(None if rank_change is None else -rank_change, True),
                    delta_description=f"vs {previous}" if previous else None,
                    border=True,
                )
                for card, component in zip(cards[2:], data.COMPONENTS, strict=True):
                    card.metric(
                        component.label,
                        number(row[component.column], ".2f"),
                        help=f"Like the UN {component.egdi_analogue}; 0-1 across districts.",
                        border=True,
                    )
                st.markdown(f"Band: **{row['band']}**.")

        map_col, bars_col = st.columns([1, 1])
        boundaries = districts.district_boundaries()
        if chosen.division:
            keep = set(ranking["district_pcode"])
            boundaries = {
                **boundaries,
                "features": [
                    f for f in boundaries["features"] if f["properties"]["district_pcode"] in keep
                ],
            }
        with map_col:
            show_chart(
                district_choropleth(
                    ranking.rename(columns={"ereadiness_index": "value"}),
                    boundaries,
                    value_label="E-readiness index",
                    unit="0-1",
                    higher_is_better=True,
                    value_format=".2f",
                    highlight=chosen.district_pcode,
                ),
                key="ereadiness_map",
                filename=f"e-readiness index map {scope} {year.label}",
                alt=f"Map of the e-readiness index by district, {year.label}",
            )
        with bars_col:
            show_chart(
                charts.ranking_bars(ranking, highlight=chosen.district_pcode),
                key="ereadiness_ranking_chart",
                filename=f"e-readiness ranking {scope} {year.label}",
                alt=f"E-readiness index by district, best first, {year.label}",
            )

        table_with_downloads(
            ranking,
            key="ereadiness_ranking",
            title=f"E-readiness index {year.label}",
            source=data.SOURCE,
            file_stem=f"ereadiness_index_{year.label.replace(' ', '_')}",
            shown={
                "district_rank": st.column_config.NumberColumn(
                    "Rank", format="%d", help="1 = most ready; ties share a rank", width=50
                ),
                "district_name": st.column_config.TextColumn("District", width=120),
                "band": st.column_config.TextColumn("Band", width=80),
                "ereadiness_index": st.column_config.ProgressColumn(
                    "Index", min_value=0.0, max_value=1.0, format="%.2f", width=110
                ),
                "infrastructure_score": st.column_config.NumberColumn(
                    "Infrastructure", format="%.2f", help="0-1 across districts"
                ),
                "human_capital_score": st.column_config.NumberColumn(
                    "Human capital", format="%.2f", help="0-1 across districts"
                ),
                "online_services_score": st.column_config.NumberColumn(
                    "Online services", format="%.2f", help="0-1 across districts"
                ),
                "rank_change": st.column_config.NumberColumn(
                    "Rank change",
                    format="%+d",
                    help="Rank this year minus rank the previous rated year (negative = up)",
                ),
                "indicators_available": st.column_config.NumberColumn(
                    "Indicators",
                    format="%d",
                    help="Indicators the district has a value for (of those included)",
                ),
                "division": st.column_config.TextColumn("Division"),
            },
            exported={
                "district_rank": "Rank",
                "district_pcode": "District P-code",
                "district_name": "District",
                "division": "Division",
                "ereadiness_index": "E-readiness index (0-1)",
                "band": "Band",
                "infrastructure_score": "Infrastructure (0-1)",
                "human_capital_score": "Human capital (0-1)",
                "online_services_score": "Online services (0-1)",
                "infrastructure_raw": "Infrastructure (mean z-score)",
                "human_capital_raw": "Human capital (mean z-score)",
                "online_services_raw": "Online services (mean z-score)",
                "components_available": "Components available",
                "indicators_available": "Indicators available",
                "indicators_included": "Indicators included",
                "previous_district_rank": "Rank the previous year",
                "rank_change": "Rank change",
                "fiscal_year_label": "Fiscal year",
            },
            full_rows=12,
            height=420,
        )

# -- Components --------------------------------------------------------------------------
with components_tab:
    if year is None:
        st.info("No e-readiness index yet.")
    else:
        st.subheader(f"The three components, {scope}, {year.label}")
        raw = st.toggle(
            "Show the raw components (mean z-scores) instead of the 0-1 scores",
            key="ereadiness_raw",
            help="Min-max rescaling can let one outlier compress every other district; the "
            "raw components keep the distances.",
        )
        show_chart(
            charts.component_bars(ranking, raw=raw),
            key="ereadiness_components_chart",
            filename=f"e-readiness components {scope} {year.label}",
            alt=f"The three e-readiness components by district, {year.label}",
        )
        st.caption(
            "Infrastructure: health facilities with a computer and internet, schools with "
            "electricity and with an IT lab. Human capital: literacy (Census 2023), pupils per "
            "100 residents, gender parity of enrolment, staff trained in IT. Online services: "
            "live services reaching the district weighted by UN stage, its district website's "
            "checklist score, HMIS reports sent on time."
        )
        if chosen.district_pcode is None:
            st.caption("Choose a district in the sidebar to see the indicators behind its scores.")
        else:
            scores = data.indicator_scores(year.start, chosen.district_pcode)
            st.subheader(f"What {chosen.district_name}'s scores rest on, {year.label}")
            table_with_downloads(
                scores,
                key="ereadiness_indicators",
                title=f"E-readiness indicators {chosen.district_name} {year.label}",
                source=data.SOURCE,
                file_stem=f"ereadiness_indicators_{chosen.district_pcode}_{year.start}",
                shown={
                    "component_name": st.column_config.TextColumn("Component"),
                    "indicator_name": st.column_config.TextColumn("Indicator", width=260),
                    "value": st.column_config.NumberColumn("Value", format="%.2f"),
                    "year_mean": st.column_config.NumberColumn(
                        "Districts' mean",
                        format="%.2f",
                        help="Mean across districts after orienting (higher = better)",
                    ),
                    "z_score": st.column_config.NumberColumn(
                        "z-score",
                        format="%+.2f",
                        help="Distance from the mean in standard "
                        "deviations; 0 when the districts do not differ",
                    ),
                    "districts_observed": st.column_config.NumberColumn(
                        "Districts with a value", format="%d"
                    ),
                    "is_constant": st.column_config.CheckboxColumn(
                        "Same everywhere", help="No spread across districts: z = 0"
                    ),
                },
                exported={
                    "component_name": "Component",
                    "indicator_code": "Indicator code",
                    "indicator_name": "Indicator",
                    "direction": "Direction",
                    "value": "Value",
                    "value_kind": "Kind of value",
                    "periods_observed": "Periods the value rests on",
                    "districts_observed": "Districts with a value",
                    "year_mean": "Mean across districts (oriented)",
                    "year_std": "Standard deviation across districts (oriented)",
                    "is_constant": "Same in every district",
                    "z_score": "z-score",
                    "indicator_weight": "Weight in the component",
                },
            )

# -- Sensitivity and stability -----------------------------------------------------------
with robustness_tab:
    if year is None:
        st.info("No e-readiness index yet.")
    else:
        st.subheader(f"Rank without each component, {scope}, {year.label}")
        st.caption(
            "The index recomputed without one component at a time. A positive change means "
            "the district falls without it (it rests on that component); a large change says "
            "its place depends on one component, for instance one stretched by an outlier."
        )
        dropped = data.sensitivity(year.start, chosen.division)
        if dropped.empty:
            st.info("No sensitivity figures for this selection.")
        else:
            show_chart(
                charts.sensitivity_heatmap(dropped),
                key="ereadiness_sensitivity_chart",
                filename=f"e-readiness sensitivity {scope} {year.label}",
                alt="Rank change of each district when each component is dropped",
            )
            wide = dropped.pivot_table(
                index=["district_rank", "district_name", "district_pcode"],
                columns="dropped_component_name",
                values="rank_change",
            ).reset_index()
            wide.columns = [str(c) for c in wide.columns]
            components = [c.label for c in data.COMPONENTS if c.label in wide.columns]
            table_with_downloads(
                wide,
                key="ereadiness_sensitivity",
                title=f"E-readiness rank change without each component {year.label}",
                source=data.SOURCE,
                file_stem=f"ereadiness_sensitivity_{year.start}",
                shown={
                    "district_rank": st.column_config.NumberColumn("Rank", format="%d"),
                    "district_name": st.column_config.TextColumn("District"),
                    **{
                        c: st.column_config.NumberColumn(f"Without {c.lower()}", format="%+d")
                        for c in components
                    },
                },
                exported={
                    "district_rank": "Rank",
                    "district_pcode": "District P-code",
                    "district_name": "District",
                    **{c: f"Rank change without {c.lower()}" for c in components},
                },
                full_rows=12,
                height=380,
            )

        st.subheader("Stability from year to year")
        summary = data.stability_summary()
        if summary.empty:
            st.info("Only one rated fiscal year so far: nothing to compare yet.")
        else:
            st.caption(
                "Spearman's rank correlation between consecutive rated years (1 = the same "
                "order) and how many places districts moved. Ranks also move when a source "
                "starts or stops ('Same indicators' unticked) or when another outlier stretches "
                "a component's scale."
            )
            table_with_downloads(
                summary,
                key="ereadiness_stability",
                title="E-readiness rank stability",
                source=data.SOURCE,
                file_stem="ereadiness_rank_stability",
                shown={
                    "fiscal_year_label": st.column_config.TextColumn("Fiscal year"),
                    "previous_fiscal_year_label": st.column_config.TextColumn("Against"),
                    "spearman_rho": st.column_config.NumberColumn("Spearman's ρ", format="%.2f"),
                    "mean_abs_rank_change": st.column_config.NumberColumn(
                        "Mean places moved", format="%.1f"
                    ),
                    "max_abs_rank_change": st.column_config.NumberColumn(
                        "Most places moved", format="%d"
                    ),
                    "districts_moving_5_or_more": st.column_config.NumberColumn(
                        "Districts moving 5+ places", format="%d"
                    ),
                    "same_indicators": st.column_config.CheckboxColumn("Same indicators"),
                },
                exported={
                    "fiscal_year_label": "Fiscal year",
                    "previous_fiscal_year_label": "Compared with",
                    "districts_compared": "Districts compared",
                    "spearman_rho": "Spearman's rank correlation",
                    "mean_abs_rank_change": "Mean absolute rank change",
                    "max_abs_rank_change": "Largest rank change",
                    "districts_moving_5_or_more": "Districts moving 5 places or more",
                    "same_indicators": "Same indicators in both years",
                },
            )
            history = data.rank_history(chosen.division)
            show_chart(
                charts.rank_history(history, highlight=chosen.district_pcode),
                key="ereadiness_history_chart",
                filename=f"e-readiness ranks over time {scope}",
                alt="Each district's e-readiness rank by fiscal year",
            )
            if chosen.district_pcode is None:
                st.caption("Choose a district in the sidebar to follow its line.")

# -- Departments -------------------------------------------------------------------------
with departments_tab:
    if maturity_missing:
        st.info(
            "No department maturity figures yet: the e-services catalogue has not been loaded.",
            icon=":material/hourglass_empty:",
        )
    else:
        summary = data.provincial_summary()
        st.subheader("The province on the UN five-stage model, against the need assessment")
        if summary is not None:
            share = summary["share_at_or_above_report_next_stage"]
            st.info(
                f"**The report:** {summary['report_finding']}\n\n"
                f"**Now:** the typical (median) live online service is at stage "
                f"{summary['median_stage_number']} ({summary['median_stage']}), the most "
                f"advanced at stage {summary['highest_stage_number']} "
                f"({summary['highest_stage']}); "
                f"{number(share, '.0%') if share is not None else '–'} of the "
                f"{summary['live_services']} live services and "
                f"{summary['departments_at_or_above_report_next_stage']} of "
                f"{summary['departments']} departments have reached stage "
                f"{summary['report_next_stage_number']} ({summary['report_next_stage']}) or "
                f"beyond. **{summary['progress_since_report']}.**",
                icon=":material/flag:",
            )
        show_chart(
            charts.stage_bars(data.provincial_stages()),
            key="ereadiness_stages_chart",
            filename="e-government stages of live services",
            alt="Live online services at each UN stage of e-government",
        )

        departments = data.department_maturity()
        st.subheader("Departments on the three axes of the need assessment")
        st.caption(
            "Each 0-1 and banded like the index. Intra-department computerisation: a live "
            "internal MIS and the share of staff trained in IT. Inter-department connectivity: "
            "a Connected-stage service and the share of the department's systems delivering "
            "to the provincial warehouse. Information published for the public: the checklist "
            "score of its live web portals (0 without one)."
        )
        show_chart(
            charts.department_axes(departments),
            key="ereadiness_departments_chart",
            filename="department e-government maturity",
            alt="Each department on the three axes of the need assessment",
        )
        table_with_downloads(
            departments,
            key="ereadiness_departments",
            title="Department e-government maturity",
            source=data.SOURCE,
            file_stem="ereadiness_department_maturity",
            shown={
                "department_name": st.column_config.TextColumn("Department", width=220),
                "stage": st.column_config.TextColumn(
                    "UN stage", help="The highest stage its live services reach"
                ),
                "live_services": st.column_config.NumberColumn("Live services", format="%d"),
                "intra_department_computerisation": st.column_config.ProgressColumn(
                    "Intra-department", min_value=0.0, max_value=1.0, format="%.2f"
                ),
                "inter_department_connectivity": st.column_config.ProgressColumn(
                    "Inter-department", min_value=0.0, max_value=1.0, format="%.2f"
                ),
                "public_information": st.column_config.ProgressColumn(
                    "Published for the public", min_value=0.0, max_value=1.0, format="%.2f"
                ),
                "maturity_score": st.column_config.NumberColumn("Mean of the axes", format="%.2f"),
            },
            exported={
                "department_code": "Department code",
                "department_name": "Department",
                "stage_number": "UN stage (highest live)",
                "stage": "UN stage name",
                "median_live_stage_number": "Median stage of live services",
                "services": "Services in the catalogue",
                "live_services": "Live services",
                "planned_services": "Planned services",
                "intra_department_computerisation": "Intra-department computerisation (0-1)",
                "intra_department_computerisation_band": "Intra-department band",
                "inter_department_connectivity": "Inter-department connectivity (0-1)",
                "inter_department_connectivity_band": "Inter-department band",
                "public_information": "Information published for the public (0-1)",
                "public_information_band": "Public information band",
                "maturity_score": "Mean of the three axes",
                "live_internal_systems": "Live internal systems",
                "live_web_portals": "Live web portals",
                "employees": "Employees (HR MIS, latest month)",
                "it_trained_share": "Share of employees trained in IT",
                "source_systems": "Source systems",
                "source_systems_delivering": "Source systems delivering to the warehouse",
                "has_connected_service": "Has a Connected-stage service",
            },
        )

        st.subheader("Services on the UN five-stage model")
        names = dict(
            zip(departments["department_code"], departments["department_name"], strict=True)
        )
        department = st.selectbox(
            "Department",
            options=[None, *names],
            format_func=lambda code: "All departments" if code is None else names[code],
            key="ereadiness_department",
        )
        services = data.services(department)
        table_with_downloads(
            services,
            key="ereadiness_services",
            title="E-services by UN stage",
            source=data.SOURCE,
            file_stem="ereadiness_services",
            shown={
                "department_name": st.column_config.TextColumn("Department", width=180),
                "service_name": st.column_config.TextColumn("Service", width=220),
                "un_stage": st.column_config.TextColumn("UN stage"),
                "service_status": st.column_config.TextColumn("Status"),
                "reach": st.column_config.TextColumn("Reach"),
                "district_name": st.column_config.TextColumn("District"),
                "is_beyond_report_stage": st.column_config.CheckboxColumn(
                    "Beyond the report's stage"
                ),
            },
            exported={
                "service_id": "Service ID",
                "service_name": "Service",
                "department_code": "Department code",
                "department_name": "Department",
                "un_stage_number": "UN stage",
                "un_stage": "UN stage name",
                "service_status": "Status",
                "reach": "Reach",
                "district_name": "District",
                "portal_name": "Portal",
                "channel": "Channel",
                "launched_on": "Launched on",
                "stage_basis": "Basis of the stage",
                "is_beyond_report_stage": "Beyond the report's stage",
                "is_synthetic": "Synthetic demo entry",
            },
            full_rows=15,
            height=420,
        )

        st.subheader("Portal checklist scores")
        st.caption(
            "Share of checks answered yes on the LOSI-style checklist, per criterion and "
            "overall, for each department portal and district website (UN Local Online "
            "Service Index manner; a 43-check subset, so not comparable with the UN's city "
            "scores). Portals not yet assessed are listed in the table only."
        )
        portals = data.portal_scores()
        if portals["score"].notna().any():
            show_chart(
                charts.portal_heatmap(portals),
                key="ereadiness_portals_chart",
                filename="portal checklist scores",
                alt="Checklist score of each portal by criterion",
            )
        overall = portals[portals["criterion_code"] == "ALL"]
        table_with_downloads(
            overall,
            key="ereadiness_portals",
            title="Portal checklist scores",
            source=data.SOURCE,
            file_stem="ereadiness_portal_scores",
            shown={
                "portal_name": st.column_config.TextColumn("Portal", width=240),
                "portal_kind": st.column_config.TextColumn("Kind"),
                "department_name": st.column_config.TextColumn("Department"),
                "district_name": st.column_config.TextColumn("District"),
                "score": st.column_config.ProgressColumn(
                    "Overall", min_value=0.0, max_value=1.0, format="%.2f"
                ),
                "band": st.column_config.TextColumn("Band"),
                "items_met": st.column_config.NumberColumn("Checks met", format="%d"),
                "items_assessed": st.column_config.NumberColumn("Checks answered", format="%d"),
            },
            exported={
                "portal_id": "Portal ID",
                "portal_name": "Portal",
                "portal_kind": "Kind",
                "department_name": "Department",
                "district_name": "District",
                "portal_status": "Status",
                "score": "Overall score (0-1)",
                "band": "Band",
                "items_met": "Checks met",
                "items_assessed": "Checks answered",
                "items_in_checklist": "Checks in the checklist",
                "assessed_on": "Assessed on",
            },
        )
        detail = portals.dropna(subset=["score"])
        if not detail.empty:
            with st.expander("Scores per criterion (all portals)"):
                table_with_downloads(
                    detail,
                    key="ereadiness_portal_criteria",
                    title="Portal checklist scores by criterion",
                    source=data.SOURCE,
                    file_stem="ereadiness_portal_scores_by_criterion",
                    shown={
                        "portal_name": st.column_config.TextColumn("Portal"),
                        "criterion": st.column_config.TextColumn("Criterion"),
                        "score": st.column_config.NumberColumn("Score", format="%.2f"),
                        "band": st.column_config.TextColumn("Band"),
                        "items_met": st.column_config.NumberColumn("Met", format="%d"),
                        "items_assessed": st.column_config.NumberColumn("Answered", format="%d"),
                    },
                    exported={
                        "portal_id": "Portal ID",
                        "portal_name": "Portal",
                        "criterion_code": "Criterion code",
                        "criterion": "Criterion",
                        "score": "Score (0-1)",
                        "band": "Band",
                        "items_met": "Checks met",
                        "items_assessed": "Checks answered",
                        "items_in_checklist": "Checks in the checklist",
                    },
                )

# -- Method ------------------------------------------------------------------------------
with method_tab:
    try:
        st.markdown(METHODOLOGY.read_text(encoding="utf-8"))
    except FileNotFoundError:
        st.warning(f"The method text ({METHODOLOGY.name}) is missing from this installation.")
