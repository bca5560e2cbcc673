"""dashboards.queries.compare and indicator_registry: districts ranked, benchmarked and
followed over time on any registry indicator, with the splits their series cross."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from dashboards.queries import compare
from dashboards.queries import indicator_registry as registry

OCTOBER = date(2026, 10, 1)
FY_2025_26 = date(2025, 7, 1)
PENTA3 = "HLT_PENTA3_COVERAGE"


@pytest.fixture
def snapshot(publish, facts):
    """The fixture snapshot with the school-census series (eleven fiscal years) added."""
    return facts.fixture.add_education_series(publish())


def fixture_values(facts, code, level="district", period=None):
    values = pd.concat(
        [
            facts.fixture.indicator_values(),
            facts.fixture.comparison_indicator_values(),
            facts.fixture.education_indicator_values(),
        ]
    )
    rows = values[(values["indicator_code"] == code) & (values["geo_level"] == level)]
    return rows if period is None else rows[rows["period_start"] == period]


def test_indicator_list_holds_every_registry_indicator_with_district_figures(snapshot, facts):
    found = registry.indicators()
    registered = pd.concat(
        [
            facts.fixture.dim_indicator(),
            facts.fixture.comparison_indicators(),
            facts.fixture.education_indicators(),
        ]
    )
    assert {i.code for i in found} == set(registered["indicator_code"])
    # By department, then name: the selector groups a department's indicators together.
    keys = [(i.department_name, i.name) for i in found]
    assert keys == sorted(keys)
    assert {i.code for i in registry.indicators("education")} == {
        "EDU_GIRLS_SHARE_PCT",
        "EDU_ENROLMENT_TOTAL",
    }


def test_an_indicator_carries_its_definition_numerator_denominator_and_source(snapshot):
    girls = registry.indicator("EDU_GIRLS_SHARE_PCT")
    assert girls.numerator == "Girls on roll"
    assert girls.denominator == "Pupils on roll (boys and girls)"
    assert girls.source_name == "Balochistan Education Management Information System"
    assert girls.definition.startswith("Girls' share of enrolment")
    assert (girls.value_format, girls.suffix, girls.direction) == (",.1f", " %", "higher is better")
    assert girls.period_axis == "Fiscal year (July–June)"
    enrolment = registry.indicator("EDU_ENROLMENT_TOTAL")
    assert enrolment.is_count and enrolment.value_format == ",.0f" and enrolment.suffix == ""


@pytest.mark.parametrize("code", ["HLT_PENTA3_COVERAGE' or '1'='1", "NOT_IN_REGISTRY", None])
def test_a_code_the_registry_does_not_hold_is_refused(snapshot, code):
    with pytest.raises(ValueError, match="not in the indicator registry"):
        registry.indicator(code)


def test_periods_are_labelled_as_the_registry_names_them(snapshot):
    years = registry.periods("EDU_GIRLS_SHARE_PCT")
    assert [p.label for p in years][:2] == ["FY 2015-16", "FY 2016-17"]
    assert years[-1] == registry.Period(FY_2025_26, date(2026, 6, 30), "FY 2025-26", "fiscal_year")
    assert [p.label for p in registry.periods(PENTA3)] == ["Aug 2026", "Sep 2026", "Oct 2026"]


def test_the_period_shown_is_the_latest_that_started_by_the_chosen_month(snapshot):
    years = registry.periods("EDU_GIRLS_SHARE_PCT")
    assert registry.period_at(years, date(2026, 3, 1)).label == "FY 2025-26"
    assert registry.period_at(years, date(2024, 7, 1)).label == "FY 2024-25"
    # Before every figure, or no month chosen: the newest figures.
    assert registry.period_at(years, date(2001, 1, 1)).label == "FY 2025-26"
    assert registry.period_at(years, None).label == "FY 2025-26"
    assert registry.period_at([], OCTOBER) is None


def test_ranking_lists_every_district_best_first(snapshot, facts):
    ranking = compare.district_ranking(PENTA3, OCTOBER)
    expected = fixture_values(facts, PENTA3, period=OCTOBER).sort_values("value", ascending=False)
    assert ranking["district_pcode"].tolist() == expected["geo_code"].tolist()
    assert ranking["rank"].tolist() == list(range(1, 7))
    assert set(ranking["period_label"]) == {"Oct 2026"}


def test_when_lower_is_better_the_ranking_turns_round(snapshot, facts):
    with duckdb.connect(str(snapshot)) as con:
        con.execute(
            "update main.dim_indicator set higher_is_better = false where indicator_code = ?",
            [PENTA3],
        )
    ranking = compare.district_ranking(PENTA3, OCTOBER)
    assert ranking["value"].is_monotonic_increasing
    assert ranking["rank"].iloc[0] == 1


def test_ranking_in_a_division_ranks_only_its_districts(snapshot):
    ranking = compare.district_ranking(PENTA3, OCTOBER, "Sibi")
    assert sorted(ranking["district_pcode"]) == ["PK204", "PK206"]
    assert ranking["rank"].tolist() == [1, 2]


def test_a_district_without_a_figure_is_listed_last_without_a_rank(snapshot):
    # Harnai resolved no complaint in September: no share resolved within 40 days.
    ranking = compare.district_ranking("CMP_RESOLVED_WITHIN_40D_PCT", date(2026, 9, 1))
    last = ranking.iloc[-1]
    assert (last["district_pcode"], pd.isna(last["rank"]), pd.isna(last["value"])) == (
        "PK206",
        True,
        True,
    )
    assert len(ranking) == 6


def test_benchmarks_are_the_province_and_the_chosen_division(snapshot, facts):
    both = compare.benchmarks(PENTA3, OCTOBER, "Kalat")
    assert both["geo_level"].tolist() == ["province", "division"]
    assert both["value"].tolist() == [
        facts.fixture.INDICATOR_VALUES[(PENTA3, "PK2")][-1],
        facts.fixture.INDICATOR_VALUES[(PENTA3, "Kalat")][-1],
    ]
    assert compare.benchmarks(PENTA3, OCTOBER)["geo_level"].tolist() == ["province"]


def test_series_holds_the_province_then_divisions_then_districts_in_the_order_asked(snapshot):
    series = compare.series("EDU_GIRLS_SHARE_PCT", ["PK234", "PK204"], ["Sibi"])
    places = list(dict.fromkeys(series["geo_code"]))
    assert places == ["PK2", "Sibi", "PK234", "PK204"]
    assert series.groupby("geo_code").size().eq(11).all()
    assert compare.series("EDU_GIRLS_SHARE_PCT", ["PK234"], province=False)[
        "geo_code"
    ].unique().tolist() == ["PK234"]


def test_boundary_changes_are_the_lineage_events_inside_the_flagged_series(snapshot):
    changes = compare.boundary_changes("EDU_GIRLS_SHARE_PCT", ["PK234", "PK204", "PK201"])
    # Duki split from Loralai in 2017 and Upper Dera Bugti in February 2026 fall inside
    # FY 2015-16 to FY 2025-26; South Dera Bugti's rename (July 2026) falls after it.
    assert changes[["district_pcode", "unit_name", "event"]].values.tolist() == [
        ["PK234", "Duki", "split_from"],
        ["PK204", "Upper Dera Bugti", "split_from"],
    ]
    assert changes["effective_from"].tolist() == [
        pd.Timestamp("2017-03-15"),
        pd.Timestamp("2026-02-26"),
    ]


def test_a_series_inside_one_boundary_regime_has_no_change_to_mark(snapshot):
    assert compare.boundary_changes(PENTA3, ["PK204", "PK234"]).empty


def test_side_by_side_has_every_indicator_of_the_domain_for_the_districts_and_province(
    snapshot,
):
    side = compare.side_by_side("education", OCTOBER, ["PK234", "PK201"])
    assert set(side["indicator_code"]) == {"EDU_GIRLS_SHARE_PCT", "EDU_ENROLMENT_TOTAL"}
    girls = side[side["indicator_code"] == "EDU_GIRLS_SHARE_PCT"]
    assert girls["geo_code"].tolist() == ["PK234", "PK201", "PK2"]
    # October 2026 falls in FY 2026-27, which has no census yet: the latest is FY 2025-26.
    assert set(girls["period_label"]) == {"FY 2025-26"}
    assert girls["rank"].iloc[:2].notna().all() and pd.isna(girls["rank"].iloc[2])
    assert girls["crosses_boundary_change"].tolist() == [True, False, False]


def test_side_by_side_takes_each_indicator_at_the_period_of_the_chosen_month(snapshot):
    side = compare.side_by_side("education", date(2020, 1, 1), ["PK234"])
    assert set(side["period_label"]) == {"FY 2019-20"}


@pytest.mark.parametrize(
    "hostile",
    ["Sibi' or '1'='1", "Sibi'; drop table main.dim_district; --", "PK201') or (true"],
)
def test_sql_looking_filter_values_change_nothing(snapshot, hostile):
    # A value that looks like SQL is only ever a value: it matches no place, nothing more.
    ranking = compare.district_ranking(PENTA3, OCTOBER, hostile)
    assert ranking.empty
    assert compare.district_ranking(hostile, OCTOBER)["value"].isna().all()
    series = compare.series(PENTA3, [hostile], [hostile])
    assert set(series["geo_level"]) == {"province"}
    assert compare.boundary_changes("EDU_GIRLS_SHARE_PCT", [hostile]).empty
    assert compare.side_by_side(hostile, OCTOBER, ["PK201"]).empty
    # And the tables are all still there.
    assert len(compare.district_ranking(PENTA3, OCTOBER)) == 6
