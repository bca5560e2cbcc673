"""How a registry indicator is written and explained wherever its figures appear."""

from __future__ import annotations

from dashboards.indicator_notes import (
    change_text,
    definition_markdown,
    formula,
    value_text,
    versus_text,
)
from dashboards.queries.indicator_registry import Indicator


def indicator(**overrides) -> Indicator:
    fields = {
        "code": "HLT_PENTA3_COVERAGE_PCT",
        "name": "Penta-3 immunisation coverage",
        "domain": "health",
        "department_name": "Health Department",
        "source_code": "hmis",
        "source_name": "Health Management Information System (DHIS2)",
        "numerator": "Penta-3 doses given to children under 12 months in the month",
        "denominator": "Expected surviving infants in the month",
        "factor": 100.0,
        "unit": "% of surviving infants",
        "higher_is_better": True,
        "periodicity": "month",
        "aggregation": "ratio",
        "definition": "Out of every 100 infants expected, how many got their third dose.",
        "assumptions": "",
    }
    return Indicator(**{**fields, **overrides})


def test_values_carry_thousands_separators_their_decimals_and_the_percent_sign():
    assert value_text(indicator(), 73.04) == "73.0 %"
    pupils = indicator(unit="pupils", aggregation="count", factor=1.0)
    assert value_text(pupils, 1234567.0) == "1,234,567"
    parity = indicator(unit="girls per boy", factor=1.0)
    assert value_text(parity, 0.9512) == "0.95"
    assert value_text(indicator(), None) == "–"


def test_a_change_of_a_percentage_is_in_percentage_points():
    assert change_text(indicator(), -25.0) == "-25.0 pp"
    assert change_text(indicator(unit="pupils", aggregation="count"), 1200.0) == "+1,200"


def test_better_and_worse_are_written_with_an_arrow_not_only_a_colour():
    assert [versus_text(v) for v in ("better", "worse", "same", None)] == [
        "▲ better",
        "▼ worse",
        "= same",
        "–",
    ]


def test_the_definition_names_numerator_denominator_formula_unit_direction_and_source():
    text = definition_markdown(indicator())
    assert "**Numerator:** Penta-3 doses given" in text
    assert "**Denominator:** Expected surviving infants in the month" in text
    assert "numerator ÷ denominator × 100; unit: % of surviving infants; higher is better" in text
    assert "**Source:** Health Management Information System (DHIS2) (Health Department)" in text


def test_the_formula_follows_the_registry_aggregation():
    assert formula(indicator(aggregation="count")) == "the numerator itself (a count)"
    assert formula(indicator(aggregation="median")) == "the median over the cases counted"
    assert formula(indicator(factor=100000.0)) == "numerator ÷ denominator × 100,000"
    assert "none (a count)" in definition_markdown(indicator(aggregation="count", denominator=""))
