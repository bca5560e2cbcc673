"""The e-Governance need-assessment survey: answers, groups, waves, and the report check."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import filters
from dashboards.charts.survey import (
    MEASURE_LABELS,
    diverging_bars,
    effect_sizes,
    reconciliation_scatter,
    wave_change_dumbbell,
)
from dashboards.components import (
    download_table,
    number,
    show_chart,
    table,
    table_with_downloads,
)
from dashboards.queries import catalog, survey
from dashboards.queries.survey import DIMENSIONS, SUPPRESSED

st.title("e-Governance need-assessment survey")
st.caption(
    f"Source: {survey.SOURCE}. Questionnaire of government officials, one row per "
    "respondent and wave; marts `rpt_survey__*`."
)

missing = catalog.missing_tables(*survey.MARTS)
if missing:
    st.info(
        "The published snapshot has no survey figures yet (missing: "
        f"{', '.join(missing)}). Load the survey export and rebuild the warehouse.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

waves = survey.waves()
if waves.empty:
    st.info("The survey marts are empty: no wave has loaded yet.")
    st.stop()
respondents = dict(zip(waves["wave"], waves["respondents"], strict=True))
sections = survey.sections()
section_labels = dict(zip(sections["section"], sections["section_label"], strict=True))

SHORT_SECTION = {"ict_infrastructure": "ICT infrastructure"}


def _section_name(code: str | None) -> str:
    if code is None:
        return "All sections"
    return SHORT_SECTION.get(code, code.replace("_", " ").capitalize())


wave_col, section_col = st.columns(2)
wave = wave_col.selectbox(
    "Survey wave",
    options=waves["wave"].tolist(),
    key="wave",
    bind="query-params",
    help="The survey is by wave, not by month: the sidebar's period does not apply here.",
)
section = section_col.selectbox(
    "Section of the questionnaire",
    options=[None, *sections["section"]],
    format_func=_section_name,
    key="section",
    bind="query-params",
)
wave_col.caption(f"{number(respondents[wave])} respondents in {wave}.")
if section:
    section_col.caption(section_labels[section])

# -- Which figures are real ------------------------------------------------------------------
provenance = survey.item_provenance()
synthetic = provenance[provenance["provenance"] != "published"]
published = provenance[provenance["provenance"] == "published"]
st.info(
    f"**Which items are synthetic.** {len(published)} items (Figure C1, letters "
    f"{', '.join(published['item_letter'].dropna())}) reproduce the percentages the UNDP "
    f"report prints, in the first wave only. The other {len(synthetic)} items, every "
    "breakdown by group and every later wave are synthetic demo answers: the report "
    "prints no legible numbers for them.",
    icon=":material/science:",
)
with st.expander(f"The {len(synthetic)} items with synthetic answers"):
    table(
        synthetic[["item_order", "section", "item_label", "source_reference"]],
        key="survey_synthetic_items",
        column_config={
            "item_order": st.column_config.NumberColumn("#", format="%d"),
            "section": st.column_config.TextColumn("Section"),
            "item_label": st.column_config.TextColumn("Item", width="large"),
            "source_reference": st.column_config.TextColumn("Where the report shows it"),
        },
    )

# -- 1. Answers -----------------------------------------------------------------------------
distribution = survey.distribution(wave, section)
st.header("How officials answered", divider="gray")
st.caption(
    "Each bar is one item: disagreement (or *no*) left of the centre line, agreement (or "
    "*yes*) right, the neutral answer straddling it. Items are ordered by net agreement "
    "(agree minus disagree), highest first; n is the number who answered the item."
)
scale_titles = {"agreement": "Agreement items", "yes_no": "Yes / no items"}
for scale, rows in distribution.groupby("scale", sort=False):
    show_chart(
        diverging_bars(
            rows,
            title=f"{scale_titles.get(str(scale), scale)}, {wave}",
            negative="no" if scale == "yes_no" else "disagreement",
            positive="yes" if scale == "yes_no" else "agreement",
        ),
        key=f"survey_likert_{scale}",
        filename=f"survey {wave} {section or 'all'} {scale}",
        alt=f"Diverging bars of answers to the {scale} items, {wave}",
    )
download_table(
    distribution,
    key="survey_distribution",
    title=f"Survey answers {wave}",
    source=survey.SOURCE,
    columns={
        "item_code": "Item code",
        "item_label": "Item",
        "section": "Section",
        "category_label": "Answer",
        "n_respondents": "Respondents giving the answer",
        "item_respondents": "Respondents answering the item",
        "pct": "Share of respondents (%)",
        "net_agreement_pct": "Net agreement (percentage points)",
        "data_provenance": "Provenance",
    },
)

# -- 2. Cross-tabs ----------------------------------------------------------------------------
st.header("Answers by group", divider="gray")
chosen = filters.current()
items = survey.items(section)
item_col, dim_col = st.columns([3, 2])
item_labels = dict(zip(items["item_code"], items["item_label"], strict=True))
item = item_col.selectbox(
    "Item", options=list(item_labels), format_func=item_labels.get, key="survey_item"
)
dimension = dim_col.radio(
    "Breakdown",
    options=list(DIMENSIONS),
    format_func=DIMENSIONS.get,
    horizontal=True,
    key="survey_dimension",
)
only_group = chosen.district_pcode if dimension == "district" else None
cells = survey.crosstab(wave, item, dimension, only_group)
st.caption(
    "Privacy: no count below 5 respondents is shown, and further cells are hidden where a "
    f"hidden one could otherwise be worked out; every hidden value reads “{SUPPRESSED}”. "
    "The breakdown of respondents by office is synthetic."
    + (
        f" Showing {chosen.district_name} only (sidebar district)."
        if only_group and chosen.district_name
        else ""
    )
)


def _cell(row: pd.Series) -> str:
    # The mart holds NULL for every hidden value; the flag decides what is written.
    if row["is_hidden"] or pd.isna(row["n_respondents"]) or pd.isna(row["pct"]):
        return SUPPRESSED
    return f"{row['pct']:.1f} % ({int(row['n_respondents']):,})"


if cells.empty:
    st.info("No answers for this item and breakdown in this wave.")
else:
    cells = cells.assign(cell=cells.apply(_cell, axis=1))
    overall = distribution[distribution["item_code"] == item].sort_values("category_order")
    # Every answer of the item's scale, in form order (the cross-tab lists only the answers
    # someone gave in the wave).
    scale_rows = overall if not overall.empty else cells.sort_values("category_order")
    categories = list(dict.fromkeys(scale_rows["category_label"]))
    grid = cells.pivot(index=["group_code", "group_label"], columns="category_label", values="cell")
    grid = grid.reindex(columns=categories).reset_index()
    totals = cells.drop_duplicates("group_code").set_index("group_code")
    grid.insert(
        2,
        "Respondents",
        [
            SUPPRESSED
            if totals.at[g, "is_group_suppressed"] or pd.isna(totals.at[g, "group_respondents"])
            else f"{int(totals.at[g, 'group_respondents']):,}"
            for g in grid["group_code"]
        ],
    )
    grid = grid.rename(columns={"group_label": DIMENSIONS[dimension]}).drop(columns="group_code")
    if not overall.empty:
        overall_row = {
            DIMENSIONS[dimension]: "All respondents (province)",
            "Respondents": f"{int(overall['item_respondents'].iloc[0]):,}",
        }
        for r in overall.itertuples(index=False):
            overall_row[r.category_label] = f"{r.pct:.1f} % ({int(r.n_respondents):,})"
        grid = pd.concat([grid, pd.DataFrame([overall_row])], ignore_index=True)
    grid = grid.astype(object).fillna("–")
    grid.columns.name = None
    first = DIMENSIONS[dimension]
    table(
        grid,
        key="survey_crosstab",
        column_config={
            c: st.column_config.TextColumn(c, width=200 if c == first else 125)
            for c in grid.columns
        },
    )
    st.caption("– : nobody in the wave gave this answer.")
    download_table(
        grid,
        key="survey_crosstab",
        title=f"Survey {item} by {dimension} {wave}",
        source=survey.SOURCE,
    )

# -- 3. Group differences -------------------------------------------------------------------
st.header(f"Do groups differ? ({DIMENSIONS[dimension].lower()})", divider="gray")
tests = survey.group_differences(wave, dimension)
if section:
    tests = tests[tests["section"] == section]
if tests.empty:
    st.info(
        "No rank tests for this breakdown: too few groups with at least 5 respondents, or "
        "no agreement items in the section."
    )
else:
    family = int(tests["family_size"].max())
    st.caption(
        "One rank test per agreement item (Mann–Whitney for two groups, Kruskal–Wallis for "
        "more; groups under 5 respondents left out). Read the effect size first; p-values "
        f"are adjusted for testing {family} items at once (Holm; Benjamini–Hochberg), and "
        "no unadjusted p-value is shown. With two groups the effect is a rank-biserial r "
        "(−1 to 1; its sign says which group agrees more, named under *Agrees most*); with "
        "more, epsilon-squared (0 to 1)."
    )
    show_chart(
        effect_sizes(tests),
        key="survey_effects",
        filename=f"survey {wave} effect sizes by {dimension}",
        alt="Effect sizes of the differences between groups",
    )
    table_with_downloads(
        tests.assign(measure=tests["effect_size_measure"].map(MEASURE_LABELS)),
        key="survey_tests",
        title=f"Survey group differences by {dimension} {wave}",
        source=survey.SOURCE,
        shown={
            "item_label": st.column_config.TextColumn("Item", width=230),
            "effect_size": st.column_config.NumberColumn("Effect size", format="%+.2f"),
            "measure": st.column_config.TextColumn("Measure"),
            "effect_magnitude": st.column_config.TextColumn("Magnitude"),
            "highest_rated_group": st.column_config.TextColumn("Agrees most"),
            "lowest_rated_group": st.column_config.TextColumn("Agrees least"),
            "p_holm": st.column_config.NumberColumn(
                "p (Holm)", format="%.3f", help="Holm-adjusted p-value", width=80
            ),
            "p_bh": st.column_config.NumberColumn(
                "p (BH)", format="%.3f", help="Benjamini–Hochberg-adjusted p-value", width=80
            ),
            "is_significant_holm": st.column_config.CheckboxColumn(
                "Significant", help="Holm-adjusted p below 0.05", width=90
            ),
        },
        exported={
            "item_code": "Item code",
            "item_label": "Item",
            "test_name": "Test",
            "groups_compared": "Groups compared",
            "n_respondents": "Respondents",
            "effect_size_measure": "Effect size measure",
            "effect_size": "Effect size",
            "effect_magnitude": "Magnitude",
            "p_holm": "p (Holm-adjusted)",
            "p_bh": "p (Benjamini-Hochberg-adjusted)",
            "family_size": "Tests in the family",
            "is_significant_holm": "Significant after Holm (5 %)",
            "highest_rated_group": "Agrees most",
            "lowest_rated_group": "Agrees least",
        },
    )

# -- 4. Wave comparison ---------------------------------------------------------------------
st.header("Change since the previous wave", divider="gray")
changes = survey.wave_changes(wave, section)
previous_wave = changes["previous_wave"].dropna()
if previous_wave.empty:
    st.info(f"{wave} is the first wave: there is nothing to compare it with yet.")
else:
    before = str(previous_wave.iloc[0])
    st.caption(
        f"Net agreement of each item in {before} (open circle) and {wave} (filled), items "
        "ordered by the change. For agreement items the table gives the between-waves "
        "rank-biserial r and its Holm-adjusted p-value."
    )
    show_chart(
        wave_change_dumbbell(changes, wave=wave, previous=before),
        key="survey_waves",
        filename=f"survey net agreement {before} to {wave}",
        alt=f"Net agreement by item, {before} and {wave}",
    )
    table_with_downloads(
        changes,
        key="survey_waves",
        table_key="survey_wave_table",
        title=f"Survey change {before} to {wave}",
        source=survey.SOURCE,
        shown={
            "item_label": st.column_config.TextColumn("Item", width="medium"),
            "previous_net_agreement_pct": st.column_config.NumberColumn(
                f"Net agreement {before} (points)", format="%+.1f"
            ),
            "net_agreement_pct": st.column_config.NumberColumn(
                f"Net agreement {wave} (points)", format="%+.1f"
            ),
            "net_agreement_change_pp": st.column_config.NumberColumn(
                "Change (points)", format="%+.1f"
            ),
            "change_rank_biserial": st.column_config.NumberColumn(
                "Rank-biserial r", format="%+.2f"
            ),
            "change_effect_magnitude": st.column_config.TextColumn("Magnitude"),
            "change_p_holm": st.column_config.NumberColumn("p (Holm-adjusted)", format="%.3f"),
        },
        exported={
            "item_code": "Item code",
            "item_label": "Item",
            "previous_wave": "Previous wave",
            "previous_net_agreement_pct": "Net agreement, previous wave (points)",
            "net_agreement_pct": f"Net agreement, {wave} (points)",
            "net_agreement_change_pp": "Change (percentage points)",
            "change_rank_biserial": "Rank-biserial r",
            "change_effect_magnitude": "Magnitude",
            "change_p_holm": "p (Holm-adjusted)",
        },
    )

# -- 5. Reconciliation with the report ------------------------------------------------------
st.header("Published report against the warehouse", divider="gray")
check = survey.reconciliation()
if check.empty:
    st.info("No published figures to check against.")
else:
    matched = int(check["matches"].sum())
    references = check["source_reference"].dropna()
    reference = references.iloc[0] if not references.empty else "the UNDP report"
    chart_col, note_col = st.columns([1, 1])
    with note_col:
        st.metric(
            "Published percentages the warehouse reproduces",
            f"{matched} of {len(check)}",
            help="The report prints whole percentages; the warehouse's share, rounded half "
            "up, must equal each one.",
            border=True,
            width="content",
        )
        st.caption(
            "Every percentage the UNDP report prints for Figure C1 (the seed "
            "`survey_published_figures`) beside the warehouse's own figure from the loaded "
            f"answers. Source: {reference}."
        )
    with chart_col:
        show_chart(
            reconciliation_scatter(check),
            key="survey_reconciliation_chart",
            filename="survey report reconciliation",
            alt="Published against warehouse percentages",
        )
    table_with_downloads(
        check,
        key="survey_reconciliation",
        title="Survey report reconciliation",
        source=survey.SOURCE,
        shown={
            "item_letter": st.column_config.TextColumn("C1", width=40, help="Figure C1 letter"),
            "item_label": st.column_config.TextColumn("Item", width=300),
            "category_label": st.column_config.TextColumn("Answer", width=190),
            "published_pct": st.column_config.NumberColumn("Report (%)", format="%d"),
            "warehouse_pct": st.column_config.NumberColumn("Warehouse (%)", format="%.2f"),
            "warehouse_pct_rounded": st.column_config.NumberColumn(
                "Rounded (%)", format="%d", help="Warehouse share rounded half up"
            ),
            "difference_pp": st.column_config.NumberColumn("Diff. (points)", format="%+d"),
            "matches": st.column_config.CheckboxColumn("Match", width=60),
        },
        exported={
            "wave": "Wave",
            "item_letter": "Figure C1 letter",
            "item_label": "Item",
            "category_label": "Answer",
            "published_pct": "Published in the report (%)",
            "warehouse_pct": "Warehouse (%)",
            "warehouse_pct_rounded": "Warehouse rounded half up (%)",
            "difference_pp": "Difference (percentage points)",
            "matches": "Matches",
            "source_reference": "Source",
        },
    )
