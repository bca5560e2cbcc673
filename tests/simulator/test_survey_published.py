"""The respondent count N the report's Figure C1 implies, re-derived from the published figures.

The derivation is repeated here with a plain brute force, independent of
simulator.survey_published, so a mistake in one is caught by the other.
"""

from __future__ import annotations

import csv
import math
from fractions import Fraction
from itertools import product

from simulator import survey_published
from simulator.survey_published import PUBLISHED_FIGURES_CSV

CATEGORIES = ("strongly_agree", "agree", "neither", "disagree", "strongly_disagree")
REPORT_N = 44


def _figures() -> dict[str, dict[str, int]]:
    with PUBLISHED_FIGURES_CSV.open(encoding="utf-8") as fh:
        figures: dict[str, dict[str, int]] = {}
        for row in csv.DictReader(fh):
            figures.setdefault(row["item_code"], {})[row["category"]] = int(row["published_pct"])
    return figures


def _round_half_up(k: int, n: int) -> int:
    return math.floor(Fraction(100 * k, n) + Fraction(1, 2))


def _truncate(k: int, n: int) -> int:
    return (100 * k) // n


def _options(published: dict[str, int], n: int, rounding) -> list[list[int]]:
    return [[k for k in range(n + 1) if rounding(k, n) == published[c]]
            for c in CATEGORIES if c in published]


def _consistent(published: dict[str, int], n: int, rounding) -> bool:
    # Categories the report does not print can hold whatever respondents are left over.
    free = len(CATEGORIES) > len(published)
    return any(
        sum(combo) == n or (free and sum(combo) < n)
        for combo in product(*_options(published, n, rounding))
    )


def _solutions(published: dict[str, int], n: int, rounding) -> list[tuple[int, ...]]:
    """Every count vector (in CATEGORIES order) that prints as published."""
    solutions = []
    for combo in product(*_options(published, n, rounding)):
        listed = dict(zip([c for c in CATEGORIES if c in published], combo, strict=True))
        unlisted = [c for c in CATEGORIES if c not in published]
        left = n - sum(combo)
        for split in product(range(left + 1), repeat=len(unlisted)):
            if sum(split) == left:
                counts = {**listed, **dict(zip(unlisted, split, strict=True))}
                solutions.append(tuple(counts[c] for c in CATEGORIES))
    return solutions


def _smallest_n(rounding, limit: int) -> int | None:
    figures = _figures()
    for n in range(1, limit + 1):
        if all(_consistent(p, n, rounding) for p in figures.values()):
            return n
    return None


def test_the_seed_holds_the_seven_figure_c1_items():
    assert sorted(_figures()) == sorted(
        f"pc_{x}" for x in ("a_service_efficiency", "b_reduce_corruption", "c_transparency",
                            "d_access_to_information", "e_internal_operations",
                            "f_ict_infrastructure", "g_faster_communication")
    )


def test_44_is_the_smallest_respondent_count_that_prints_every_figure_c1_percentage():
    assert _smallest_n(_round_half_up, limit=60) == REPORT_N
    assert survey_published.smallest_consistent_n() == REPORT_N


def test_at_44_respondents_each_item_has_exactly_one_reading():
    expected = {
        "pc_a_service_efficiency": (14, 30, 0, 0, 0),
        "pc_b_reduce_corruption": (7, 14, 13, 8, 2),
        "pc_c_transparency": (10, 24, 6, 4, 0),
        "pc_d_access_to_information": (18, 21, 3, 2, 0),
        "pc_e_internal_operations": (8, 25, 7, 4, 0),
        "pc_f_ict_infrastructure": (10, 30, 2, 2, 0),
        "pc_g_faster_communication": (19, 23, 2, 0, 0),
    }
    for item, published in _figures().items():
        assert _solutions(published, REPORT_N, _round_half_up) == [expected[item]], item
    n, counts = survey_published.report_counts()
    assert n == REPORT_N
    assert {i: tuple(c[k] for k in CATEGORIES) for i, c in counts.items()} == expected


def test_the_report_rounds_to_nearest_not_down():
    # Items b, c, d and f print percentages adding to 101: truncation cannot do that.
    sums = {item: sum(p.values()) for item, p in _figures().items()}
    assert sorted(sums.values()) == [100, 100, 100, 101, 101, 101, 101]
    assert _smallest_n(_truncate, limit=200) is None
    # Half-up and half-to-even agree: at 44 no count lands on exactly .5 %.
    half_even = survey_published.round_half_even
    assert survey_published.smallest_consistent_n(rounding=half_even) == REPORT_N
    ties = [k for k in range(REPORT_N + 1)
            if (200 * k) % REPORT_N == 0 and (200 * k // REPORT_N) % 2 == 1]
    assert ties == []
