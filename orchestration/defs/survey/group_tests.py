"""Do groups of officials answer an agreement item differently? Tests for ordinal answers.

Agreement answers are ordered categories, not measurements, so groups are compared by
ranks: Mann-Whitney U for two groups, Kruskal-Wallis H for more (both with the tie
correction, as five-point answers tie heavily). Every test reports an effect size beside
its p-value, because with 44 respondents a large difference can miss significance and with
many a trivial one can reach it:

* rank-biserial correlation r = P(A > B) - P(A < B) for two groups (from U: 2U/(n_a n_b) - 1);
  positive when group A tends to agree more;
* epsilon-squared = H / (n - 1) for more groups (Tomczak & Tomczak 2014), the share of rank
  variance between groups.

Magnitudes use Cohen's thresholds (r: 0.1 / 0.3 / 0.5; epsilon-squared: 0.01 / 0.06 / 0.14).
Each breakdown tests many items, so p-values are adjusted within each family (one wave x
one breakdown, or one pair of waves) by Holm (family-wise error) and by Benjamini-Hochberg
(false discovery rate). Groups with fewer than ``MIN_GROUP`` respondents are left out, as in
the cross-tabs, so a test never speaks for fewer than five people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_GROUP = 5


@dataclass(frozen=True)
class Comparison:
    test: str  # mann_whitney_u | kruskal_wallis_h
    statistic: float
    p_value: float
    effect_size_measure: str  # rank_biserial | epsilon_squared
    effect_size: float
    highest_rated_group: str | None  # highest mean rank (None when all ranks are equal)
    lowest_rated_group: str | None


def magnitude(measure: str, value: float) -> str:
    size = abs(value)
    small, medium, large = (0.1, 0.3, 0.5) if measure == "rank_biserial" else (0.01, 0.06, 0.14)
    if size >= large:
        return "large"
    if size >= medium:
        return "medium"
    if size >= small:
        return "small"
    return "negligible"


def compare(groups: dict[str, Sequence[float]]) -> Comparison:
    """Mann-Whitney for two groups, Kruskal-Wallis for more; groups in the order given."""
    names = list(groups)
    samples = [np.asarray(groups[g], dtype=float) for g in names]
    if len(samples) < 2 or any(len(s) == 0 for s in samples):
        raise ValueError("need at least two non-empty groups")
    pooled = np.concatenate(samples)
    ranks = stats.rankdata(pooled)
    bounds = np.cumsum([0, *(len(s) for s in samples)])
    mean_ranks = [ranks[bounds[i] : bounds[i + 1]].mean() for i in range(len(samples))]
    if np.ptp(mean_ranks) == 0:
        highest = lowest = None
    else:
        highest = names[int(np.argmax(mean_ranks))]
        lowest = names[int(np.argmin(mean_ranks))]
    constant = np.unique(pooled).size == 1  # every answer the same: no evidence of a difference
    if len(samples) == 2:
        a, b = samples
        if constant:
            u, p = len(a) * len(b) / 2, 1.0
        else:
            u, p = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
        r = 2 * float(u) / (len(a) * len(b)) - 1
        return Comparison("mann_whitney_u", float(u), float(p), "rank_biserial", r, highest, lowest)
    h, p = (0.0, 1.0) if constant else stats.kruskal(*samples)
    epsilon_squared = float(h) / (len(pooled) - 1)
    return Comparison(
        "kruskal_wallis_h", float(h), float(p), "epsilon_squared", epsilon_squared, highest, lowest
    )


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment (monotone, capped at 1)."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    adjusted = np.empty(m)
    running = 0.0
    for rank, idx in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[idx]))
        adjusted[idx] = running
    return adjusted.tolist()


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    if len(p_values) == 0:
        return []
    return stats.false_discovery_control(np.asarray(p_values, dtype=float), method="bh").tolist()
