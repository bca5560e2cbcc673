"""dashboards.queries.survey: the survey marts, never an unadjusted p or a hidden count."""

from __future__ import annotations

import pytest

from dashboards.queries import survey


@pytest.fixture(autouse=True)
def _published(publish):
    publish()


def test_waves_newest_first_with_respondents():
    waves = survey.waves()
    assert waves["wave"].tolist() == ["2010-wave2", "2009-wave1"]
    assert waves["respondents"].tolist() == [44, 44]


def test_distribution_orders_items_by_net_agreement():
    rows = survey.distribution("2010-wave2").drop_duplicates("item_code")
    assert rows["net_agreement_pct"].is_monotonic_decreasing
    assert survey.distribution("2010-wave2", "perception")["section"].unique().tolist() == [
        "perception"
    ]


def test_crosstab_hidden_cells_have_no_value():
    cells = survey.crosstab("2010-wave2", "pc_b_reduce_corruption", "department")
    hidden = cells[cells["is_hidden"]]
    assert not hidden.empty
    assert hidden["n_respondents"].isna().all() and hidden["pct"].isna().all()
    shown = cells[~cells["is_hidden"]]
    assert (shown["n_respondents"] >= survey.MIN_CELL).all()


def test_crosstab_can_be_narrowed_to_one_group_and_refuses_unknown_breakdowns():
    one = survey.crosstab("2010-wave2", "pc_a_service_efficiency", "district", "PK205")
    assert set(one["group_code"]) == {"PK205"}
    with pytest.raises(ValueError, match="Unknown breakdown"):
        survey.crosstab("2010-wave2", "pc_a_service_efficiency", "gender")


def test_group_differences_carry_only_adjusted_p_values_strongest_first():
    tests = survey.group_differences("2010-wave2", "department")
    assert "p_value" not in tests.columns
    assert {"p_holm", "p_bh", "effect_size"} <= set(tests.columns)
    assert tests["effect_size"].abs().is_monotonic_decreasing


def test_wave_changes_are_one_row_per_item_against_the_previous_wave():
    changes = survey.wave_changes("2010-wave2")
    assert changes["item_code"].is_unique
    assert set(changes["previous_wave"]) == {"2009-wave1"}
    first = survey.wave_changes("2009-wave1")
    assert first["previous_wave"].isna().all()


def test_reconciliation_pairs_each_published_figure_with_the_warehouse_one():
    check = survey.reconciliation()
    assert set(check["wave"]) == {"2009-wave1"}
    assert check["matches"].all()
    assert (check["difference_pp"] == 0).all()


def test_item_provenance_tells_published_from_synthetic_items():
    items = survey.item_provenance().set_index("item_code")
    assert items.at["pc_a_service_efficiency", "provenance"] == "published"
    assert items.at["ict_internet", "provenance"] == "synthetic"
