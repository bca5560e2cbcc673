"""dashboards.queries.ereadiness against the fixture snapshot: rows selected, never
aggregated; filters as bound parameters."""

from __future__ import annotations

import pytest

from dashboards.queries import ereadiness as data


@pytest.fixture
def published(publish):
    publish()


def test_rated_years_come_newest_first_and_leave_out_years_not_rated(published, facts):
    years = data.rated_years()
    assert [y.start for y in years] == sorted(facts.fixture.EREADINESS_YEARS, reverse=True)
    assert facts.fixture.EREADINESS_UNRATED_YEAR not in [y.start for y in years]
    assert data.headline_year(years).label == "FY 2025-26"


def test_headline_year_falls_back_to_the_newest_and_to_none():
    years = [data.FiscalYear(2025, "FY 2025-26", False, False)]
    assert data.headline_year(years) == years[0]
    assert data.headline_year([]) is None


def test_district_index_ranks_every_district_best_first(published, facts):
    ranking = data.district_index(2025)
    assert sorted(ranking["district_pcode"]) == sorted(facts.district_pcodes)
    assert ranking["ereadiness_index"].is_monotonic_decreasing
    assert ranking["district_rank"].tolist() == list(range(1, 7))


def test_district_index_carries_the_change_on_the_previous_year(published):
    now = data.district_index(2025).set_index("district_pcode")
    before = data.district_index(2024).set_index("district_pcode")
    for pcode, row in now.iterrows():
        assert row["previous_district_rank"] == before.loc[pcode, "district_rank"]
        assert row["rank_change"] == row["district_rank"] - row["previous_district_rank"]
    assert data.district_index(2024)["rank_change"].isna().all()


def test_a_division_keeps_only_its_districts_and_their_province_ranks(published):
    province = data.district_index(2025).set_index("district_pcode")["district_rank"]
    sibi = data.district_index(2025, "Sibi")
    assert set(sibi["district_pcode"]) == {"PK204", "PK206"}
    assert sibi.set_index("district_pcode")["district_rank"].to_dict() == {
        p: province[p] for p in ("PK204", "PK206")
    }


def test_filter_values_are_parameters_not_sql(published):
    assert data.district_index(2025, "Sibi' or '1'='1").empty
    assert data.services("SED' or '1'='1").empty


def test_district_row_is_one_district_or_none(published):
    row = data.district_row(2025, "PK205")
    assert row["district_name"] == "Gwadar"
    assert 1 <= row["district_rank"] <= 6
    assert data.district_row(2025, "PK999") is None


def test_indicator_scores_show_a_missing_value_and_a_constant_indicator(published, facts):
    pcode, code, year = facts.fixture.EREADINESS_MISSING
    scores = data.indicator_scores(year, pcode).set_index("indicator_code")
    assert (
        not scores.loc[code, "is_observed"]
        and scores.loc[code, "z_score"] != scores.loc[code, "z_score"]
    )
    constant, constant_year = facts.fixture.EREADINESS_CONSTANT
    earlier = data.indicator_scores(constant_year, pcode).set_index("indicator_code")
    assert earlier.loc[constant, "is_constant"] and earlier.loc[constant, "z_score"] == 0
    # Components in their order: infrastructure, human capital, online services.
    assert scores["component_name"].drop_duplicates().tolist() == [
        "Infrastructure",
        "Human capital",
        "Online services",
    ]


def test_sensitivity_has_every_district_without_every_component(published):
    frame = data.sensitivity(2025)
    assert len(frame) == 6 * 3
    assert (frame["rank_change"] == frame["rank_without_component"] - frame["district_rank"]).all()
    assert len(data.sensitivity(2025, "Loralai")) == 2 * 3


def test_stability_summary_and_rank_history(published):
    summary = data.stability_summary()
    assert summary["fiscal_year_start"].tolist() == [2025]
    assert -1 <= summary["spearman_rho"].iloc[0] <= 1
    history = data.rank_history()
    assert len(history) == 6 * 2
    assert set(data.rank_history("Mekran")["district_pcode"]) == {"PK205"}


def test_department_maturity_services_and_portals(published, facts):
    departments = data.department_maturity()
    assert len(departments) == len(facts.fixture.DEPARTMENTS)
    assert departments["maturity_score"].is_monotonic_decreasing
    assert set(data.services("SED")["department_code"]) == {"SED"}
    assert len(data.services()) == len(facts.fixture.EREADINESS_SERVICES)
    portals = data.portal_scores()
    # Each portal's overall score comes first, then the five criteria.
    first = portals.groupby("portal_id", sort=False).head(1)
    assert set(first["criterion_code"]) == {"ALL"}


def test_provincial_summary_and_stages(published):
    summary = data.provincial_summary()
    assert (summary["report_stage_number"], summary["report_next_stage_number"]) == (2, 3)
    stages = data.provincial_stages()
    assert stages["stage_number"].tolist() == [1, 2, 3, 4, 5]
    assert stages["live_services_at_stage"].sum() == summary["live_services"]
