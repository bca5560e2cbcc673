"""Rank tests report effect sizes that mean what their names say, and adjust p-values soundly."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from orchestration.defs.survey import group_tests


def test_two_groups_get_mann_whitney_with_the_rank_biserial_correlation():
    a, b = [5, 5, 4, 4, 3, 4], [2, 3, 3, 4, 2, 1, 3]
    result = group_tests.compare({"a": a, "b": b})
    pairs = list(itertools.product(a, b))
    share_higher = sum(x > y for x, y in pairs) / len(pairs)
    share_lower = sum(x < y for x, y in pairs) / len(pairs)
    assert result.test == "mann_whitney_u"
    assert result.effect_size_measure == "rank_biserial"
    assert result.effect_size == pytest.approx(share_higher - share_lower)
    assert result.p_value == pytest.approx(stats.mannwhitneyu(a, b).pvalue)
    assert (result.highest_rated_group, result.lowest_rated_group) == ("a", "b")


def test_more_groups_get_kruskal_wallis_with_epsilon_squared():
    groups = {"a": [5, 5, 4, 4, 3], "b": [2, 3, 3, 4, 2, 1], "c": [4, 4, 4, 3, 5]}
    result = group_tests.compare(groups)
    h, p = stats.kruskal(*groups.values())
    n = sum(len(v) for v in groups.values())
    assert result.test == "kruskal_wallis_h"
    assert result.statistic == pytest.approx(h)
    assert result.p_value == pytest.approx(p)
    assert result.effect_size == pytest.approx(h / (n - 1))


def test_identical_answers_are_no_evidence_of_a_difference():
    result = group_tests.compare({"a": [4] * 6, "b": [4] * 5})
    assert (result.p_value, result.effect_size) == (1.0, 0.0)
    assert result.highest_rated_group is None


def test_holm_and_benjamini_hochberg_adjustments_match_hand_computation():
    p = [0.01, 0.04, 0.03, 0.5]
    assert group_tests.holm(p) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert group_tests.benjamini_hochberg(p) == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.5])
    assert all(h >= q for h, q in zip(group_tests.holm(p), p, strict=True))


@pytest.mark.parametrize(
    ("measure", "value", "label"),
    [("rank_biserial", 0.05, "negligible"), ("rank_biserial", -0.35, "medium"),
     ("rank_biserial", 0.6, "large"), ("epsilon_squared", 0.03, "small"),
     ("epsilon_squared", 0.2, "large")],
)
def test_effect_magnitudes_follow_cohens_thresholds(measure, value, label):
    assert group_tests.magnitude(measure, value) == label


def test_a_shifted_group_is_found_with_a_large_effect():
    rng = np.random.default_rng(0)
    low, high = rng.integers(1, 4, size=40), rng.integers(3, 6, size=40)
    result = group_tests.compare({"high": high, "low": low})
    assert result.p_value < 0.001
    assert result.effect_size > 0.5
    assert group_tests.magnitude(result.effect_size_measure, result.effect_size) == "large"
