"""District profile: one district's Census-2023 figures and its scorecard against its
division and the province on every indicator of the registry."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import filters
from dashboards.charts.district_profile import gap_to_province
from dashboards.components import download_table, number, show_chart, table
from dashboards.indicator_notes import value_text, versus_text
from dashboards.queries import catalog, district_profile, districts
from dashboards.queries import indicator_registry as registry

st.title("District profile")

if not catalog.has_tables("dim_district"):
    st.info(
        "The published snapshot has no district reference data yet.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

chosen = filters.current()
pcode = chosen.district_pcode
if pcode is None:
    # The page is about one district: until one is chosen, show the first of the division
    # (or province) rather than an empty page, and say so.
    candidates = districts.district_list()
    if chosen.division:
        candidates = candidates[candidates["division"] == chosen.division]
    pcode = str(candidates["district_pcode"].iloc[0])
    st.info(
        f"Showing **{candidates['district_name'].iloc[0]}**, the first district "
        f"{'of ' + chosen.division + ' division' if chosen.division else 'by name'}. "
        "Choose a district in the sidebar for its profile.",
        icon=":material/location_on:",
    )

profile = district_profile.census_profile(pcode)
if profile is None:
    st.info("The published snapshot does not know this district.")
    st.stop()
name, division = profile["district_name"], profile["division"]

# -- Census 2023 -------------------------------------------------------------------------
st.subheader(f"{name}, {division} division")
st.caption(
    "Pakistan Bureau of Statistics, Census 2023 (real reference data; provenance in "
    "transform/seeds/reference/SOURCES.md). Ranks are among the "
    f"{profile['districts']} districts (1 = most)."
)
before = profile["population_2017_on_2023_boundaries"]
growth = None
if before:
    # Average yearly growth between the census dates (March 2017 to March 2023).
    growth = ((profile["population_2023"] / before) ** (1 / 6) - 1) * 100
cards = st.container(horizontal=True, gap="small")
cards.metric(
    "Population (2023)",
    number(profile["population_2023"]),
    delta=None if growth is None else number(growth, "+,.1f", " % a year"),
    delta_color="off",
    delta_description="since Census 2017" if growth is not None else None,
    help=f"{number(profile['province_population_share_pct'], ',.1f')} % of the province's "
    f"people and {number(profile['division_population_share_pct'], ',.1f')} % of "
    f"{division} division's; rank {profile['population_rank']}.",
    border=True,
    width="content",
)
cards.metric(
    "Area",
    number(profile["area_km2"], ",.0f", " km²"),
    help=f"{number(profile['province_area_share_pct'], ',.1f')} % of the province (PBS area).",
    border=True,
    width="content",
)
cards.metric(
    "People per km²",
    number(profile["population_density_2023"], ",.1f"),
    help=f"Rank {profile['density_rank']} of {profile['districts']} (1 = densest).",
    border=True,
    width="content",
)
cards.metric(
    "Literacy, aged 10+",
    number(profile["literacy_rate_10plus_2023"], ",.1f", " %"),
    help=f"Men {number(profile['literacy_rate_10plus_male_2023'], ',.1f')} %, women "
    f"{number(profile['literacy_rate_10plus_female_2023'], ',.1f')} %; rank "
    f"{profile['literacy_rank']} of {profile['districts']} (1 = most literate).",
    border=True,
    width="content",
)
cards.metric(
    "Urban population",
    number(profile["urban_share_2023_pct"], ",.1f", " %"),
    help=f"{number(profile['households_2023'])} households.",
    border=True,
    width="content",
)

# -- Scorecard ---------------------------------------------------------------------------
st.subheader(f"Scorecard: {name} against {division} division and Balochistan")
if not catalog.has_tables(*registry.MARTS):
    st.info(
        "No indicator figures in this snapshot yet: no departmental source has been loaded.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

card = district_profile.scorecard(pcode, chosen.period)
if card.empty:
    st.info(f"No indicator has figures for {name} up to {chosen.period_label or 'now'}.")
    st.stop()
when = f"at or before {chosen.period_label}" if chosen.period else "the latest"
st.caption(
    f"Every indicator of the registry at its latest period {when} (the period differs by "
    "source: months, fiscal quarters, school years). Division and province values are of "
    "the same period. ▲ better / ▼ worse follow each indicator's direction; counts are "
    "ranked but not set against the totals they are part of. ⚑ marks a series that "
    "crosses a district split."
)

compared = card["versus_province"].dropna()
division_compared = card["versus_division"].dropna()
summary = st.container(horizontal=True, gap="small")
summary.metric(
    "Better than the province",
    f"{(compared == 'better').sum()} of {len(compared)}",
    help="Indicators with a better end on which the district does better.",
    border=True,
    width=240,
)
summary.metric(
    "Worse than the province",
    f"{(compared == 'worse').sum()} of {len(compared)}",
    border=True,
    width=240,
)
summary.metric(
    f"Better than {division} division",
    f"{(division_compared == 'better').sum()} of {len(division_compared)}",
    border=True,
    width=240,
)

by_code = {i.code: i for i in registry.indicators()}


def _shown(row: pd.Series, column: str) -> str:
    indicator = by_code.get(row["indicator_code"])
    return value_text(indicator, row[column]) if indicator else number(row[column], ",.1f")


shown = card.assign(
    district=[_shown(r, "district_value") for _, r in card.iterrows()],
    division=[_shown(r, "division_value") for _, r in card.iterrows()],
    province=[_shown(r, "province_value") for _, r in card.iterrows()],
    vs_division=card["versus_division"].map(versus_text),
    vs_province=card["versus_province"].map(versus_text),
    rank_text=[
        "–" if pd.isna(r["rank"]) else f"{int(r['rank'])} of {int(r['districts_ranked'])}"
        for _, r in card.iterrows()
    ],
    indicator=[
        f"{r['indicator_name']} ⚑" if r["crosses_boundary_change"] else r["indicator_name"]
        for _, r in card.iterrows()
    ],
)
table(
    shown,
    key="profile_scorecard",
    column_order=[
        "department_name",
        "indicator",
        "period_label",
        "district",
        "vs_division",
        "division",
        "vs_province",
        "province",
        "rank_text",
        "unit",
        "reporting_completeness",
    ],
    column_config={
        "department_name": st.column_config.TextColumn("Department"),
        "indicator": st.column_config.TextColumn("Indicator", width=260),
        "period_label": st.column_config.TextColumn("Period"),
        "district": st.column_config.TextColumn(name),
        "vs_division": st.column_config.TextColumn("vs division"),
        "division": st.column_config.TextColumn(f"{division} division"),
        "vs_province": st.column_config.TextColumn("vs province"),
        "province": st.column_config.TextColumn("Balochistan"),
        "rank_text": st.column_config.TextColumn("Rank", help="Among districts; 1 = best"),
        "unit": st.column_config.TextColumn("Unit"),
        "reporting_completeness": st.column_config.NumberColumn(
            "Reporting completeness (%)", format="%.0f", help="Of the source, same period"
        ),
    },
    full_rows=70,
)
download_table(
    card,
    key="profile_scorecard",
    title=f"{name} scorecard",
    source=registry.SOURCE_NOTE,
    file_stem=f"{name.lower().replace(' ', '-')}_scorecard",
    columns={
        "department_name": "Department",
        "indicator_code": "Indicator code",
        "indicator_name": "Indicator",
        "unit": "Unit",
        "period_label": "Period",
        "district_value": name,
        "division_value": f"{division} division",
        "province_value": "Balochistan",
        "versus_division": "Against the division",
        "versus_province": "Against the province",
        "province_gap_pct": "Ahead of the province (% of its value)",
        "rank": "Rank among districts (1 = best)",
        "districts_ranked": "Districts ranked",
        "reporting_completeness": "Reporting completeness (%)",
        "crosses_boundary_change": "Series crosses a district split",
        "source_name": "Source",
    },
)

if card["province_gap_pct"].notna().any():
    st.subheader("Where the district is ahead of the province, and where behind")
    show_chart(
        gap_to_province(card, district_name=name),
        key="profile_gap",
        filename=f"{name} against the province",
        alt=f"{name}: lead or lag against the province on each indicator",
    )
    st.caption(
        "Each bar is the district's value minus the province's, in % of the province's "
        "value, turned so that right is always better (for lower-is-better indicators a "
        "lower value is a lead). Hatched orange bars are behind the province."
    )


def _definition(code: str) -> str:
    i = by_code[code]
    denominator = i.denominator or ("none (a count)" if i.is_count else "–")
    return (
        f"- **{i.name}** ({i.unit}; {i.direction}): {i.definition} *Numerator:* "
        f"{i.numerator or '–'}. *Denominator:* {denominator}. "
        f"*Source:* {i.source_name}."
    )


with st.expander("Definitions: numerator, denominator and source of each indicator"):
    for department, rows in card.groupby("department_name", sort=False):
        st.markdown(f"**{department}**")
        st.markdown("\n".join(_definition(c) for c in rows["indicator_code"] if c in by_code))
