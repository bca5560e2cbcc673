"""Privacy suppression for the survey cross-tabs: no shown count below 5, nothing recoverable.

A cross-tab is one table per wave x item x breakdown (level, department or district):
groups in rows, answer categories in columns. What a reader knows about it:

* every cell and group total that is shown;
* the column totals and the grand total, because the item's overall distribution is
  published unsuppressed (it reproduces the report, and covers all respondents).

Rules, applied in this order:

1. *Primary*: a cell with fewer than ``MIN_COUNT`` respondents is hidden (zero included:
   "nobody in Ziarat disagreed" is a statement about five named officials).
2. *Small groups*: a group with fewer than ``MIN_COUNT`` respondents is hidden whole (its
   total and every cell). If only one group is hidden this way its total would follow from
   the grand total, so the next smallest group is hidden whole too.
3. *Complementary*: while any hidden value can still be worked out exactly from what is
   shown and the known totals, hide the cheapest rectangle of cells through it (else the
   smallest shown group, whole), and check again.

"Worked out exactly" is decided exactly, not by a rule of thumb: the hidden values form a
flow network (grand total -> hidden group totals -> hidden cells -> column totals, with fixed
balances at every group and column), and a hidden value is pinned down iff no cycle of the
residual network passes through it, i.e. no other non-negative table agrees with everything
shown. Because the loop only stops when that audit passes, the rule holds for every table
by construction; the tests re-audit the built mart independently by linear programming.
Categories that nobody chose in the wave are left out of the cross-tab (the published
overall distribution already says they are empty).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

MIN_COUNT = 5

PRIMARY = "fewer than 5 respondents"
SMALL_GROUP = "group has fewer than 5 respondents"
GROUP_COMPLEMENT = "hidden so that a small group's size cannot be worked out"
COMPLEMENT = "hidden so that another hidden count cannot be worked out"

Cell = tuple[str, str]  # (group, category)
Var = tuple  # ("cell", group, category) | ("total", group)


@dataclass(frozen=True)
class Table:
    groups: tuple[str, ...]
    categories: tuple[str, ...]
    counts: dict[Cell, int]  # every group x category, zeros included

    def row_total(self, group: str) -> int:
        return sum(self.counts[(group, c)] for c in self.categories)

    def column_total(self, category: str) -> int:
        return sum(self.counts[(g, category)] for g in self.groups)

    @classmethod
    def from_counts(
        cls, groups: Sequence[str], categories: Sequence[str], counts: dict[Cell, int]
    ) -> Table:
        full = {(g, c): int(counts.get((g, c), 0)) for g in groups for c in categories}
        return cls(tuple(groups), tuple(categories), full)


@dataclass
class Pattern:
    hidden_cells: dict[Cell, str] = field(default_factory=dict)  # cell -> reason
    hidden_totals: dict[str, str] = field(default_factory=dict)  # group -> reason

    def hide_group(self, table: Table, group: str, reason: str) -> None:
        self.hidden_totals.setdefault(group, reason)
        for c in table.categories:
            self.hidden_cells.setdefault(
                (group, c), PRIMARY if table.counts[(group, c)] < MIN_COUNT else reason
            )


def suppress(table: Table) -> Pattern:
    pattern = Pattern()
    for cell, n in table.counts.items():
        if n < MIN_COUNT:
            pattern.hidden_cells[cell] = PRIMARY
    totals = {g: table.row_total(g) for g in table.groups}
    for g in table.groups:
        if totals[g] < MIN_COUNT:
            pattern.hide_group(table, g, SMALL_GROUP)
    if len(table.groups) == 1:
        return pattern  # the one row is the published overall distribution
    if len(pattern.hidden_totals) == 1:
        _hide_smallest_shown_group(table, pattern, totals, GROUP_COMPLEMENT)
    while exposed := disclosed(table, pattern):
        _complement(table, pattern, totals, exposed[0])
    return pattern


def _hide_smallest_shown_group(
    table: Table, pattern: Pattern, totals: dict[str, int], reason: str
) -> bool:
    shown = [g for g in table.groups if g not in pattern.hidden_totals]
    if not shown:
        return False
    smallest = min(shown, key=lambda g: (totals[g], table.groups.index(g)))
    pattern.hide_group(table, smallest, reason)
    return True


def _complement(table: Table, pattern: Pattern, totals: dict[str, int], var: Var) -> None:
    """Hide the cheapest rectangle of cells through an exposed cell, else a whole group.

    Four hidden cells at the corners of a rectangle can trade respondents around its
    cycle (+1, -1, +1, -1) without changing any row or column total, so none of them can
    be pinned down - provided the corners that would go down hold someone. Of the
    rectangles through the exposed cell, the one hiding the fewest respondents is chosen
    (the least information lost); the audit then decides whether more is needed.
    """
    if var[0] == "cell":
        rectangle = _cheapest_rectangle(table, pattern, var[1], var[2])
        if rectangle:
            for cell in rectangle:
                pattern.hidden_cells[cell] = COMPLEMENT
            return
    # Every loop must hide something new, or it would never end.
    if not _hide_smallest_shown_group(table, pattern, totals, COMPLEMENT):
        raise RuntimeError(f"cannot protect {var}: the whole table is already hidden")


def _cheapest_rectangle(
    table: Table, pattern: Pattern, group: str, category: str
) -> list[Cell] | None:
    n = table.counts
    best: tuple[tuple[int, int, int, int], list[Cell]] | None = None
    for gi, other_group in enumerate(table.groups):
        for ci, other_category in enumerate(table.categories):
            if other_group == group or other_category == category:
                continue
            corners = [
                (group, other_category),
                (other_group, category),
                (other_group, other_category),
            ]
            new = [k for k in corners if k not in pattern.hidden_cells]
            if not new:
                continue
            can_trade = (n[corners[0]] > 0 and n[corners[1]] > 0) or (
                n[(group, category)] > 0 and n[corners[2]] > 0
            )
            if not can_trade:
                continue
            cost = (sum(n[k] for k in new), len(new), gi, ci)
            if best is None or cost < best[0]:
                best = (cost, new)
    return best[1] if best else None


def disclosed(table: Table, pattern: Pattern) -> list[Var]:
    """Hidden values that what is shown, plus the known totals, pin down exactly."""
    if len(table.groups) == 1:
        return []  # nothing beyond the published overall distribution
    for group in pattern.hidden_totals:
        shown = [c for c in table.categories if (group, c) not in pattern.hidden_cells]
        if shown:
            raise ValueError(f"group {group!r} has a hidden total but shown cells {shown}")
    # Edges of the flow network: (variable, from node, to node, true value).
    edges: list[tuple[Var, object, object, int]] = [
        (("total", g), "grand_total", ("group", g), table.row_total(g))
        for g in table.groups
        if g in pattern.hidden_totals
    ]
    edges += [
        (("cell", g, c), ("group", g), ("category", c), table.counts[(g, c)])
        for g in table.groups
        for c in table.categories
        if (g, c) in pattern.hidden_cells
    ]
    # Residual network: a value can always grow; it can shrink only if it is above zero.
    arcs: dict[object, list[tuple[object, int]]] = {}
    for i, (_, tail, head, value) in enumerate(edges):
        arcs.setdefault(tail, []).append((head, i))
        if value > 0:
            arcs.setdefault(head, []).append((tail, i))

    def reachable(start: object, goal: object, without: int) -> bool:
        seen, queue = {start}, deque([start])
        while queue:
            node = queue.popleft()
            for nxt, edge in arcs.get(node, ()):
                if edge == without or nxt in seen:
                    continue
                if nxt == goal:
                    return True
                seen.add(nxt)
                queue.append(nxt)
        return False

    pinned = []
    for i, (var, tail, head, value) in enumerate(edges):
        can_grow = reachable(head, tail, i)
        can_shrink = value > 0 and reachable(tail, head, i)
        if not (can_grow or can_shrink):
            pinned.append(var)
    return pinned
