"""How a registry indicator is explained wherever its figures appear: definition, numerator,
denominator, how the value is made, unit, direction and source, all from ``dim_indicator``;
and how its values are written (thousands separators, its own decimals, "%" where due).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboards.components import number
from dashboards.queries.indicator_registry import Indicator

# Marks that do not rely on colour: an arrow and a word.
VERSUS_MARKS = {"better": "▲ better", "worse": "▼ worse", "same": "= same"}


def value_text(indicator: Indicator, value: Any) -> str:
    """'73.0 %', '31,500', '0.95'; a dash when there is no value."""
    return number(value, indicator.value_format, indicator.suffix)


def change_text(indicator: Indicator, change: Any) -> str:
    """'+1.5 pp' for a percentage (a change of a share is in percentage points), '-1,200'
    for a count; a dash when there is no change to show."""
    suffix = " pp" if indicator.suffix == " %" else ""
    return number(change, "+" + indicator.value_format, suffix)


def versus_text(verdict: Any) -> str:
    """'▲ better' / '▼ worse' / '= same'; a dash where the registry gives no direction."""
    if verdict is None or (not isinstance(verdict, str) and pd.isna(verdict)):
        return "–"
    return VERSUS_MARKS.get(str(verdict), str(verdict))


def formula(indicator: Indicator) -> str:
    """How the value is made from the numerator and denominator, in words."""
    factor = indicator.factor or 1
    times = f" × {factor:,g}" if factor != 1 else ""
    return {
        "count": "the numerator itself (a count)",
        "median": "the median over the cases counted",
        "p90": "the 90th percentile over the cases counted",
        "ratio_of_rates": "numerator ÷ denominator (a ratio of two rates)",
    }.get(indicator.aggregation, f"numerator ÷ denominator{times}")


def definition_markdown(indicator: Indicator) -> str:
    denominator = indicator.denominator or ("none (a count)" if indicator.is_count else "–")
    return "\n".join(
        [
            f"**{indicator.name}** — {indicator.definition}",
            "",
            f"- **Numerator:** {indicator.numerator or '–'}",
            f"- **Denominator:** {denominator}",
            f"- **Value:** {formula(indicator)}; unit: {indicator.unit}; {indicator.direction}.",
            f"- **Source:** {indicator.source_name} ({indicator.department_name}); "
            f"{indicator.period_axis.lower()} figures. Division and province values are made "
            "from summed numerators and denominators, never averaged district values.",
        ]
    )


def show_definition(indicator: Indicator, *, key: str) -> None:
    """The registry's explanation of the indicator, in a bordered box, with its assumptions
    folded away beneath."""
    with st.container(border=True, key=f"{key}_definition"):
        st.markdown(definition_markdown(indicator))
        if indicator.assumptions:
            with st.expander("Assumptions and caveats"):
                st.markdown(indicator.assumptions)
        st.caption(f"Indicator code `{indicator.code}` in the registry (dim_indicator).")
