"""Answers for each respondent, with exact category counts per item.

Counts come first, people second: for each item the number of respondents in each answer
category is fixed (the report's counts for Figure C1 in wave 1, otherwise whole numbers
from a target distribution by the largest-remainder method), and only then are categories
handed out to respondents, ordered by a latent attitude. That keeps every published
percentage exact while still giving the answers a plausible structure: an optimistic
official tends to agree across items, and district offices report less ICT than the
Civil Secretariat. Everything except the wave-1 Figure C1 counts is synthetic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.survey_form import AGREEMENT
from simulator.survey_respondents import Respondent

AGREEMENT_NAMES = tuple(c.name for c in AGREEMENT)  # most positive first

# Shares (%) per category, strongly agree first; invented to look like the report's
# unlabelled bar charts (mostly agreement that each is a challenge or issue).
CHALLENGES: dict[str, tuple[float, ...]] = {
    "ch_financial_resources": (45, 35, 10, 7, 3),
    "ch_electricity": (40, 35, 10, 10, 5),
    "ch_internet_connectivity": (35, 40, 12, 9, 4),
    "ch_privacy_security": (20, 35, 25, 15, 5),
    "ch_political_unwillingness": (25, 30, 20, 15, 10),
    "ch_computer_skills": (40, 40, 10, 7, 3),
    "ch_citizens_will": (15, 30, 25, 20, 10),
    "ch_government_will": (20, 30, 20, 20, 10),
}
ISSUES: dict[str, tuple[float, ...]] = {
    "is_funding": (40, 35, 12, 9, 4),
    "is_political": (25, 35, 20, 12, 8),
    "is_cultural": (15, 25, 30, 20, 10),
    "is_employee_resistance": (25, 35, 20, 15, 5),
    "is_family_resistance": (5, 15, 30, 30, 20),
    "is_lack_of_resources": (40, 40, 10, 7, 3),
    "is_interdepartmental_conflict": (20, 35, 25, 15, 5),
}
# Shares (%) of yes, no, no answer.
YES_NO_ITEMS: dict[str, tuple[float, float, float]] = {
    "ict_computers": (80, 15, 5),
    "ict_internet": (45, 50, 5),
    "ict_lan": (20, 70, 10),
    "ict_email": (30, 60, 10),
    "ict_website_interest": (85, 5, 10),
    "in_special_institution": (55, 30, 15),
    "in_special_commission": (35, 45, 20),
    "in_task_force_units": (30, 45, 25),
    "aw_media_rural": (20, 65, 15),
    "aw_educational_training": (35, 55, 10),
    "aw_financial_assistance_lg": (15, 65, 20),
}
# Items where district officials answer differently from the Civil Secretariat (latent
# shift for district respondents): power cuts and connectivity bite harder in districts.
DISTRICT_SHIFT = {
    "ch_electricity": 0.8,
    "ch_internet_connectivity": 0.8,
    "ch_computer_skills": 0.5,
    "is_lack_of_resources": 0.5,
}
# Provincial offices are better equipped: higher latent chance of a "yes".
PROVINCIAL_ICT_ADVANTAGE = 1.0


def largest_remainder(shares: Sequence[float], n: int) -> list[int]:
    """Whole counts summing to n, as close to ``shares`` (any scale) as possible."""
    total = float(sum(shares))
    exact = [n * s / total for s in shares]
    counts = [int(np.floor(x)) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    return counts


def assign_by_rank(
    scores: np.ndarray, categories: Sequence[str], counts: Sequence[int]
) -> list[str]:
    """Give the first category to the highest scores, the next to the next, and so on."""
    if sum(counts) != len(scores):
        raise ValueError(f"counts sum to {sum(counts)} for {len(scores)} respondents")
    order = np.argsort(-scores, kind="stable")
    answers = [""] * len(scores)
    position = 0
    for category, k in zip(categories, counts, strict=True):
        for idx in order[position : position + k]:
            answers[int(idx)] = category
        position += k
    return answers


def shift_towards_agreement(shares: Sequence[float], step: float) -> list[float]:
    """Move ``step`` of each category's share one category up (negative: down)."""
    shares = [float(s) for s in shares]
    out = shares[:]
    if step >= 0:
        for i in range(1, len(shares)):
            moved = shares[i] * step
            out[i] -= moved
            out[i - 1] += moved
    else:
        for i in range(len(shares) - 1):
            moved = shares[i] * -step
            out[i] -= moved
            out[i + 1] += moved
    return out


class AnswerMaker:
    """Answers for one wave's respondents, from fixed counts and latent attitudes."""

    def __init__(self, roster: Sequence[Respondent], generator: np.random.Generator) -> None:
        self.roster = list(roster)
        self.gen = generator
        n = len(self.roster)
        provincial = np.array([r.level == "provincial" for r in self.roster], dtype=float)
        self.district = 1.0 - provincial
        self.optimism = generator.normal(size=n) + 0.3 * provincial
        self.concern = generator.normal(size=n)
        self.equipment = generator.normal(size=n) + PROVINCIAL_ICT_ADVANTAGE * provincial

    def agreement(self, item: str, counts: Sequence[int], latent: np.ndarray) -> list[str]:
        noise = self.gen.normal(size=len(self.roster))
        scores = latent + DISTRICT_SHIFT.get(item, 0.0) * self.district + 0.9 * noise
        return assign_by_rank(scores, AGREEMENT_NAMES, counts)

    def yes_no(self, counts: Sequence[int]) -> list[str]:
        yes, no, no_answer = counts
        n = len(self.roster)
        # Who declines to answer is unrelated to their office; the rest split by equipment.
        silent = set(self.gen.choice(n, size=no_answer, replace=False).tolist())
        others = [i for i in range(n) if i not in silent]
        scores = self.equipment[others] + 0.8 * self.gen.normal(size=len(others))
        ranked = assign_by_rank(scores, ("yes", "no"), (yes, no))
        answers = ["no_answer"] * n
        for i, answer in zip(others, ranked, strict=True):
            answers[i] = answer
        return answers


def make_answers(
    roster: Sequence[Respondent],
    generator: np.random.Generator,
    perception_counts: dict[str, Sequence[int]],
    agreement_shares: dict[str, Sequence[float]],
    yes_no_shares: dict[str, Sequence[float]],
) -> list[dict[str, str]]:
    """One dict of item answers per respondent (same order as ``roster``)."""
    maker = AnswerMaker(roster, generator)
    n = len(roster)
    by_item: dict[str, list[str]] = {}
    for item, counts in perception_counts.items():
        by_item[item] = maker.agreement(item, counts, maker.optimism)
    for item, shares in agreement_shares.items():
        by_item[item] = maker.agreement(item, largest_remainder(shares, n), maker.concern)
    for item, shares in yes_no_shares.items():
        by_item[item] = maker.yes_no(largest_remainder(shares, n))
    return [{item: answers[i] for item, answers in by_item.items()} for i in range(n)]

