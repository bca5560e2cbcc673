"""dashboards.queries.district_profile: a district's Census-2023 profile and its scorecard
against its division and the province."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from dashboards.queries import district_profile

OCTOBER = date(2026, 10, 1)
PENTA3 = "HLT_PENTA3_COVERAGE"


@pytest.fixture
def snapshot(publish, facts):
    return facts.fixture.add_education_series(publish())


def row(card, code):
    (found,) = card[card["indicator_code"] == code].to_dict("records")
    return found


def test_census_profile_gives_shares_of_the_division_and_province(snapshot, facts):
    awaran = district_profile.census_profile("PK201")
    populations = {p: pop for p, _, _, pop, _ in facts.fixture.DISTRICTS}
    kalat = [p for p, _, d, *_ in facts.fixture.DISTRICTS if d == "Kalat"]
    assert awaran["district_name"] == "Awaran"
    assert awaran["province_population"] == sum(populations.values())
    assert awaran["province_population_share_pct"] == pytest.approx(
        100 * populations["PK201"] / sum(populations.values())
    )
    assert awaran["division_population"] == sum(populations[p] for p in kalat)
    assert awaran["literacy_rate_10plus_2023"] == facts.fixture.CENSUS_PROFILE["PK201"][1]
    # Ranked among the districts: Gwadar is the most literate of the fixture's six.
    assert district_profile.census_profile("PK205")["literacy_rank"] == 1
    assert awaran["districts"] == len(populations)


def test_scorecard_sets_the_district_against_its_division_and_the_province(snapshot, facts):
    card = district_profile.scorecard("PK201", OCTOBER)
    penta = row(card, PENTA3)
    values = facts.fixture.INDICATOR_VALUES
    assert (penta["district_value"], penta["division_value"], penta["province_value"]) == (
        values[(PENTA3, "PK201")][-1],
        values[(PENTA3, "Kalat")][-1],
        values[(PENTA3, "PK2")][-1],
    )
    # Awaran's 41 % is below both, and Penta-3 coverage is better when higher.
    assert (penta["versus_division"], penta["versus_province"]) == ("worse", "worse")
    assert penta["province_gap_pct"] == pytest.approx(100 * (41.0 - 73.0) / 73.0)
    assert penta["period_label"] == "Oct 2026"
    assert penta["reporting_completeness"] == 60.0


def test_scorecard_ranks_the_district_among_all_districts(snapshot, facts):
    card = district_profile.scorecard("PK201", OCTOBER)
    penta = row(card, PENTA3)
    october = pd.concat(
        [facts.fixture.indicator_values(), facts.fixture.comparison_indicator_values()]
    )
    october = october[
        (october["indicator_code"] == PENTA3)
        & (october["geo_level"] == "district")
        & (october["period_start"] == OCTOBER)
    ]
    assert penta["districts_ranked"] == len(october) == 6
    assert penta["rank"] == 1 + (october["value"] > 41.0).sum()


def _set_october_penta3(snapshot, values: dict[str, float | None]) -> None:
    with duckdb.connect(str(snapshot)) as con:
        for pcode, value in values.items():
            con.execute(
                "update main.rpt_indicator_values set value = ? where indicator_code = ? "
                "and geo_level = 'district' and geo_code = ? and period_start = ?",
                [value, PENTA3, pcode, OCTOBER],
            )


def test_districts_with_equal_values_share_the_better_rank(snapshot):
    district_values = {"PK201": 41.0, "PK202": 41.0, "PK204": 90.0, "PK205": 30.0}
    _set_october_penta3(snapshot, {**district_values, "PK206": 41.0, "PK234": None})
    for pcode in ("PK201", "PK202"):
        penta = row(district_profile.scorecard(pcode, OCTOBER), PENTA3)
        # Gwadar is below, Dera Bugti above; Duki has no value and is not ranked.
        assert (penta["rank"], penta["districts_ranked"]) == (2, 5)
    assert row(district_profile.scorecard("PK205", OCTOBER), PENTA3)["rank"] == 5


def test_a_district_without_a_value_has_no_rank(snapshot):
    _set_october_penta3(snapshot, {"PK234": None})
    penta = row(district_profile.scorecard("PK234", OCTOBER), PENTA3)
    assert pd.isna(penta["district_value"])
    assert pd.isna(penta["rank"]) and pd.isna(penta["districts_ranked"])
    assert pd.isna(penta["versus_province"])


def test_without_a_better_end_or_for_counts_nothing_is_called_better_or_worse(snapshot):
    card = district_profile.scorecard("PK201", OCTOBER)
    opd = row(card, "HLT_OPD_PER_1000")  # the registry gives it no direction
    assert opd["versus_province"] is None or pd.isna(opd["versus_province"])
    assert pd.isna(opd["province_gap_pct"])
    pupils = row(card, "EDU_ENROLMENT_TOTAL")  # a count: part of the province total
    assert pd.isna(pupils["versus_province"]) and pd.isna(pupils["versus_division"])
    assert not pd.isna(pupils["rank"])


def test_each_indicator_is_taken_at_its_own_latest_period_by_the_month(snapshot):
    card = district_profile.scorecard("PK234", OCTOBER)
    periods = dict(zip(card["indicator_code"], card["period_label"], strict=True))
    assert periods[PENTA3] == "Oct 2026"
    assert periods["EDU_GIRLS_SHARE_PCT"] == "FY 2025-26"
    assert row(card, "EDU_GIRLS_SHARE_PCT")["crosses_boundary_change"]

    september = district_profile.scorecard("PK201", date(2026, 9, 1))
    assert row(september, PENTA3)["district_value"] == 66.0
    # Before any monthly figure: only the yearly series have a period that started.
    early = district_profile.scorecard("PK201", date(2020, 1, 1))
    assert set(early["indicator_code"]) == {"EDU_GIRLS_SHARE_PCT", "EDU_ENROLMENT_TOTAL"}


@pytest.mark.parametrize(
    "hostile", ["PK201' or '1'='1", "PK201'; drop table main.dim_district; --"]
)
def test_sql_looking_district_values_change_nothing(snapshot, hostile):
    assert district_profile.census_profile(hostile) is None
    assert district_profile.scorecard(hostile, OCTOBER).empty
    assert district_profile.census_profile("PK201")["district_name"] == "Awaran"
