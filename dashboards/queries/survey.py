"""The e-Governance need-assessment survey (UNDP / IT Department, KoboToolbox).

Reads the survey marts (transform/models/marts/survey). Cross-tab cells the privacy rule
hides are NULL in the mart itself, so nothing here can reveal them; pages show them as
suppressed. p-values are only ever read with their multiple-testing adjustment.
"""

from __future__ import annotations

import pandas as pd

from dashboards.queries.snapshot import query

SOURCE = "UNDP / IT Department — e-Governance need-assessment survey (KoboToolbox)"
MARTS = (
    "dim_survey_item",
    "rpt_survey__item_distribution",
    "rpt_survey__crosstab",
    "rpt_survey__group_differences",
    "rpt_survey__wave_comparison",
)
SUPPRESSED = "suppressed (n<5)"
MIN_CELL = 5

DIMENSIONS = {
    "level": "Level of government",
    "department": "Department",
    "district": "District",
}

_WAVES_SQL = """
select
    wave,
    any_value(wave_year) as wave_year,
    any_value(wave_number) as wave_number,
    max(item_respondents) as respondents
from main.rpt_survey__item_distribution
group by wave
order by any_value(wave_year) desc, any_value(wave_number) desc
"""


def waves() -> pd.DataFrame:
    """wave, wave_year, wave_number, respondents; newest first."""
    return query(_WAVES_SQL)


_SECTIONS_SQL = """
select section, any_value(section_label) as section_label, count(*) as items,
    min(item_order) as first_item
from main.dim_survey_item
group by section
order by first_item
"""


def sections() -> pd.DataFrame:
    """section, section_label, items; in questionnaire order."""
    return query(_SECTIONS_SQL)


_DISTRIBUTION_SQL = """
select
    d.item_code,
    d.item_order,
    d.section,
    d.item_label,
    i.item_letter,
    i.provenance,
    d.scale,
    d.category,
    d.category_label,
    d.category_order,
    d.polarity,
    d.n_respondents,
    d.item_respondents,
    d.pct,
    d.net_agreement_pct,
    d.bar_start_pct,
    d.bar_end_pct,
    d.data_provenance
from main.rpt_survey__item_distribution as d
left join main.dim_survey_item as i on i.item_code = d.item_code
where d.wave = $wave and ($section is null or d.section = $section)
order by d.net_agreement_pct desc, d.item_order, d.category_order
"""


def distribution(wave: str, section: str | None = None) -> pd.DataFrame:
    """One row per item x answer for a wave, items by net agreement (highest first)."""
    return query(_DISTRIBUTION_SQL, {"wave": wave, "section": section})


_ITEMS_SQL = """
select item_code, item_order, section, item_label, scale, provenance
from main.dim_survey_item
where $section is null or section = $section
order by item_order
"""


def items(section: str | None = None) -> pd.DataFrame:
    return query(_ITEMS_SQL, {"section": section})


_CROSSTAB_SQL = """
select
    group_code,
    group_label,
    category,
    category_label,
    category_order,
    group_respondents,
    n_respondents,
    pct,
    is_suppressed or is_group_suppressed as is_hidden,
    is_group_suppressed
from main.rpt_survey__crosstab
where wave = $wave and item_code = $item and dimension = $dimension
    and ($group is null or group_code = $group)
order by group_label, category_order
"""


def crosstab(wave: str, item_code: str, dimension: str, group: str | None = None) -> pd.DataFrame:
    """Cells of one item by one breakdown; hidden cells have NULL counts and shares.

    Columns: group_code, group_label, category, category_label, category_order,
    group_respondents, n_respondents, pct, is_hidden, is_group_suppressed.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown breakdown {dimension!r}; expected one of {list(DIMENSIONS)}")
    params = {"wave": wave, "item": item_code, "dimension": dimension, "group": group}
    return query(_CROSSTAB_SQL, params)


_GROUP_DIFFERENCES_SQL = """
select
    item_code,
    item_order,
    section,
    item_label,
    test_name,
    groups_compared,
    n_groups,
    n_respondents,
    groups_excluded_small,
    effect_size_measure,
    effect_size,
    effect_magnitude,
    highest_rated_group,
    lowest_rated_group,
    p_holm,
    p_bh,
    family_size,
    is_significant_holm
from main.rpt_survey__group_differences
where wave = $wave and comparison = 'between_groups' and dimension = $dimension
order by abs(effect_size) desc, item_order
"""


def group_differences(wave: str, dimension: str) -> pd.DataFrame:
    """Rank tests between the groups of a breakdown, strongest effect first.

    Only Holm and Benjamini-Hochberg adjusted p-values are returned: an unadjusted p-value
    read on its own overstates the evidence when 22 items are tested at once.
    """
    return query(_GROUP_DIFFERENCES_SQL, {"wave": wave, "dimension": dimension})


_WAVE_CHANGES_SQL = """
select
    item_code,
    any_value(item_order) as item_order,
    any_value(section) as section,
    any_value(item_label) as item_label,
    any_value(previous_wave) as previous_wave,
    max(item_respondents) as item_respondents,
    any_value(net_agreement_pct) as net_agreement_pct,
    any_value(previous_net_agreement_pct) as previous_net_agreement_pct,
    any_value(net_agreement_change_pp) as net_agreement_change_pp,
    any_value(change_rank_biserial) as change_rank_biserial,
    any_value(change_effect_magnitude) as change_effect_magnitude,
    any_value(change_p_holm) as change_p_holm
from main.rpt_survey__wave_comparison
where wave = $wave and ($section is null or section = $section)
group by item_code
order by any_value(net_agreement_change_pp) desc nulls last, any_value(item_order)
"""


def wave_changes(wave: str, section: str | None = None) -> pd.DataFrame:
    """One row per item: net agreement in the wave and the one before, and the change."""
    return query(_WAVE_CHANGES_SQL, {"wave": wave, "section": section})


_RECONCILIATION_SQL = """
select
    d.wave,
    d.item_code,
    d.item_order,
    i.item_letter,
    d.item_label,
    d.category,
    d.category_label,
    d.category_order,
    d.published_pct,
    d.pct as warehouse_pct,
    d.pct_rounded as warehouse_pct_rounded,
    d.pct_rounded - d.published_pct as difference_pp,
    d.pct_rounded = d.published_pct as matches,
    d.n_respondents,
    d.item_respondents,
    i.source_reference
from main.rpt_survey__item_distribution as d
left join main.dim_survey_item as i on i.item_code = d.item_code
where d.is_published_figure
order by d.wave, d.item_order, d.category_order
"""


def reconciliation() -> pd.DataFrame:
    """Every percentage the report prints beside the warehouse's own figure."""
    return query(_RECONCILIATION_SQL)


_PROVENANCE_SQL = """
select item_code, item_order, section, section_label, item_letter, item_label, provenance,
    source_reference, has_published_figures
from main.dim_survey_item
order by item_order
"""


def item_provenance() -> pd.DataFrame:
    """Every item with its provenance: published (Figure C1) or synthetic."""
    return query(_PROVENANCE_SQL)
