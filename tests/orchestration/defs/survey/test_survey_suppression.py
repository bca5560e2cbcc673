"""Cross-tab suppression shows no count below 5 and leaves no hidden count recoverable.

The module's exact audit (a flow-network argument) is checked here against brute force:
every non-negative whole-number table that agrees with what is shown is enumerated, and a
hidden value is recoverable exactly when all of those tables agree on it.
"""

from __future__ import annotations

import numpy as np
import pytest

from orchestration.defs.survey.suppression import (
    MIN_COUNT,
    PRIMARY,
    SMALL_GROUP,
    Pattern,
    Table,
    disclosed,
    suppress,
)


def _table(rows: dict[str, list[int]], categories: str = "xyz") -> Table:
    cats = tuple(categories[: len(next(iter(rows.values())))])
    counts = {(g, c): n for g, values in rows.items() for c, n in zip(cats, values, strict=True)}
    return Table.from_counts(list(rows), cats, counts)


def _feasible_tables(table: Table, pattern: Pattern):
    """Every table agreeing with the shown cells and totals and the known column totals.

    Filled column by column: each column's hidden cells must add up to what its (known)
    total leaves over, and no row with a shown total may overflow it.
    """
    shown_total = [g for g in table.groups if g not in pattern.hidden_totals]
    room = {g: table.row_total(g) - sum(table.counts[(g, c)] for c in table.categories
                                        if (g, c) not in pattern.hidden_cells)
            for g in shown_total}
    columns = []
    for c in table.categories:
        hidden = [g for g in table.groups if (g, c) in pattern.hidden_cells]
        shown = sum(table.counts[(g, c)] for g in table.groups if g not in hidden)
        columns.append((c, hidden, table.column_total(c) - shown))

    def fill(i: int, candidate: dict, left: dict):
        if i == len(columns):
            if all(v == 0 for v in left.values()):
                rows = {g: sum(candidate[(g, c)] for c in table.categories)
                        for g in table.groups}
                yield dict(candidate), rows
            return
        category, hidden, need = columns[i]
        for split in _compositions(need, len(hidden)):
            if any(g in left and v > left[g] for g, v in zip(hidden, split, strict=True)):
                continue
            for g, v in zip(hidden, split, strict=True):
                candidate[(g, category)] = v
            after = {g: left[g] - candidate[(g, category)] if (g, category) in
                     pattern.hidden_cells else left[g] for g in left}
            yield from fill(i + 1, candidate, after)

    yield from fill(0, dict(table.counts), room)


def _compositions(total: int, parts: int):
    if parts == 0:
        if total == 0:
            yield ()
        return
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


def _pinned_by_brute_force(table: Table, pattern: Pattern) -> set[tuple]:
    seen: dict[tuple, set[int]] = {}
    for candidate, rows in _feasible_tables(table, pattern):
        for (g, c) in pattern.hidden_cells:
            seen.setdefault(("cell", g, c), set()).add(candidate[(g, c)])
        for g in pattern.hidden_totals:
            seen.setdefault(("total", g), set()).add(rows[g])
    return {var for var, values in seen.items() if len(values) == 1}


def _shown_counts(table: Table, pattern: Pattern) -> list[int]:
    cells = [n for k, n in table.counts.items() if k not in pattern.hidden_cells]
    totals = [table.row_total(g) for g in table.groups if g not in pattern.hidden_totals]
    return cells + totals


def test_a_table_with_no_small_counts_is_shown_whole():
    table = _table({"a": [5, 9, 6], "b": [7, 5, 8]})
    assert suppress(table) == Pattern()


def test_a_single_small_cell_gets_a_complement_in_its_row_and_column():
    table = _table({"a": [10, 3, 7], "b": [8, 6, 9], "c": [9, 7, 5]})
    pattern = suppress(table)
    assert pattern.hidden_cells[("a", "y")] == PRIMARY
    assert len(pattern.hidden_cells) >= 4  # a 2 x 2 rectangle at least
    assert disclosed(table, pattern) == []
    assert _pinned_by_brute_force(table, pattern) == set()


def test_one_small_group_drags_a_second_group_into_hiding():
    table = _table({"a": [10, 5, 7], "b": [8, 6, 9], "c": [2, 1, 1]})
    pattern = suppress(table)
    assert pattern.hidden_totals["c"] == SMALL_GROUP
    assert set(pattern.hidden_totals) == {"a", "c"}  # a is the smaller of the others
    assert _pinned_by_brute_force(table, pattern) == set()


def test_zero_cells_are_hidden_too_and_cannot_be_recovered():
    table = _table({"a": [0, 12], "b": [6, 7], "c": [7, 6]}, "xy")
    pattern = suppress(table)
    assert ("a", "x") in pattern.hidden_cells
    assert _pinned_by_brute_force(table, pattern) == set()


def test_a_table_with_one_group_hides_small_cells_without_complements():
    table = _table({"only": [2, 9, 7]})
    pattern = suppress(table)
    assert set(pattern.hidden_cells) == {("only", "x")}
    assert disclosed(table, pattern) == []  # the row is the published distribution


def test_a_naive_pattern_is_caught_by_the_audit():
    # Hiding only the small cell: the row total gives it away.
    table = _table({"a": [10, 3, 7], "b": [8, 6, 9]})
    naive = Pattern(hidden_cells={("a", "y"): PRIMARY})
    assert disclosed(table, naive) == [("cell", "a", "y")]
    assert _pinned_by_brute_force(table, naive) == {("cell", "a", "y")}


@pytest.mark.parametrize("seed", range(40))
def test_the_exact_audit_agrees_with_brute_force_on_random_patterns(seed):
    rng = np.random.default_rng(seed)
    groups, cats = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    rows = {f"g{i}": rng.integers(0, 7, size=cats).tolist() for i in range(groups)}
    table = _table(rows)
    table = Table.from_counts(table.groups, [c for c in table.categories
                                             if table.column_total(c) > 0], table.counts)
    pattern = Pattern()
    for g in table.groups:
        if rng.random() < 0.3:
            pattern.hide_group(table, g, SMALL_GROUP)
    for cell in table.counts:
        if rng.random() < 0.4:
            pattern.hidden_cells.setdefault(cell, PRIMARY)
    assert set(disclosed(table, pattern)) == _pinned_by_brute_force(table, pattern)


@pytest.mark.parametrize("seed", range(40))
def test_suppressed_random_tables_show_nothing_below_5_and_pin_nothing(seed):
    rng = np.random.default_rng(1000 + seed)
    groups, cats = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    rows = {f"g{i}": rng.integers(0, 9, size=cats).tolist() for i in range(groups)}
    table = _table(rows)
    table = Table.from_counts(table.groups, [c for c in table.categories
                                             if table.column_total(c) > 0], table.counts)
    pattern = suppress(table)
    assert all(n >= MIN_COUNT for n in _shown_counts(table, pattern))
    assert _pinned_by_brute_force(table, pattern) == set()
