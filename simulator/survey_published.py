"""What the need-assessment report publishes for Figure C1, and the respondent count it implies.

The report prints whole percentages only. Its figures are internally consistent with a
single respondent count N: for every item there must be whole numbers of respondents k, one
per answer category and summing to N, with round(100 * k / N) equal to each printed
percentage. The smallest such N is the size of the demo's first wave, so the demo data
reproduce the report exactly rather than approximately.

Categories the report does not print for an item are left free (any count, as long as the
item's counts sum to N); the report's own statements that a category is empty ("no one
voted in opposition") are printed figures of 0 %.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from simulator.survey_form import AGREEMENT, SEEDS_DIR

PUBLISHED_FIGURES_CSV = SEEDS_DIR / "survey_published_figures.csv"
CATEGORIES = tuple(c.name for c in AGREEMENT)  # strongly_agree ... strongly_disagree

Rounding = Callable[[int, int], int]


def round_half_up(k: int, n: int) -> int:
    """round(100 k / n) with halves going up, in exact integer arithmetic."""
    return (200 * k + n) // (2 * n)


def round_half_even(k: int, n: int) -> int:
    return round(Fraction(100 * k, n))


def truncate(k: int, n: int) -> int:
    return (100 * k) // n


ROUNDINGS: dict[str, Rounding] = {
    "half_up": round_half_up,
    "half_even": round_half_even,
    "truncate": truncate,
}


@lru_cache(maxsize=1)
def published_figures(path: Path = PUBLISHED_FIGURES_CSV) -> dict[str, dict[str, int]]:
    """item_code -> {category: published %} for the categories the report states."""
    figures: dict[str, dict[str, int]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            figures.setdefault(row["item_code"], {})[row["category"]] = int(row["published_pct"])
    return figures


def count_vectors(
    published: dict[str, int], n: int, rounding: Rounding = round_half_up
) -> Iterator[dict[str, int]]:
    """Every assignment of n respondents to the five categories that prints as published."""
    options = []
    for category in CATEGORIES:
        if category in published:
            options.append([k for k in range(n + 1) if rounding(k, n) == published[category]])
        else:
            options.append(list(range(n + 1)))

    def extend(i: int, chosen: list[int], total: int) -> Iterator[dict[str, int]]:
        if i == len(CATEGORIES):
            if total == n:
                yield dict(zip(CATEGORIES, chosen, strict=True))
            return
        for k in options[i]:
            if total + k > n:
                break
            yield from extend(i + 1, [*chosen, k], total + k)

    yield from extend(0, [], 0)


def is_consistent(n: int, figures: dict[str, dict[str, int]], rounding: Rounding) -> bool:
    return all(next(count_vectors(p, n, rounding), None) is not None for p in figures.values())


def smallest_consistent_n(
    figures: dict[str, dict[str, int]] | None = None,
    rounding: Rounding = round_half_up,
    limit: int = 1000,
) -> int | None:
    figures = published_figures() if figures is None else figures
    return next((n for n in range(1, limit + 1) if is_consistent(n, figures, rounding)), None)


@lru_cache(maxsize=1)
def report_counts() -> tuple[int, dict[str, dict[str, int]]]:
    """N and, per Figure C1 item, the respondents in each category at that N.

    Raises if the counts at N are not unique: the demo must not pick one of several
    equally valid readings of the report without saying so.
    """
    n = smallest_consistent_n()
    if n is None:
        raise ValueError("no respondent count reproduces the published Figure C1 figures")
    counts = {}
    for item, published in published_figures().items():
        solutions = list(count_vectors(published, n))
        if len(solutions) != 1:
            raise ValueError(f"{item}: {len(solutions)} ways to reproduce the report at N={n}")
        counts[item] = solutions[0]
    return n, counts
