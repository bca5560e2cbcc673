"""The survey marts, built from the simulator's Kobo exports on a throw-away warehouse.

Once per module: the simulator writes both waves, the Dagster assets land them (with their
Great Expectations checks) and compute the suppression and rank tests, and dbt builds
everything the survey marts need, tests included, into a temporary DuckDB file with its
own target and log folders.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import numpy as np
import pytest
from scipy.optimize import linprog

from orchestration.defs.survey.assets import survey_analysis, survey_extract
from simulator import survey
from simulator.survey_published import published_figures

pytestmark = pytest.mark.xdist_group("survey_warehouse")

RECONCILIATION_TEST = "survey_distribution_reproduces_published_figures"


@dataclass(frozen=True)
class Built:
    warehouse: Any  # conftest's ThrowawayWarehouse (the tests are not a package)
    results: list[dict]
    materializations: list[dg.ExecuteInProcessResult]

    @property
    def db(self) -> Path:
        return self.warehouse.db


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> Built:
    warehouse = throwaway_warehouse("survey_warehouse")
    with warehouse.settings():
        survey.generate_into(warehouse.simulated_sources, scale=0.05, seed=7)
        instance = dg.DagsterInstance.ephemeral()
        materializations = [
            dg.materialize([survey_extract], partition_key=wave, instance=instance)
            for wave in survey.WAVES
        ]
        materializations.append(dg.materialize([survey_analysis], instance=instance))
    results = warehouse.build("+path:models/marts/survey")
    return Built(warehouse, results, materializations)


@pytest.fixture(scope="module")
def db(built: Built):
    with built.warehouse.connect() as connection:
        yield connection


def test_the_landing_assets_succeed_with_their_expectation_checks_passing(built):
    extracts, analysis = built.materializations[:2], built.materializations[2]
    for result in extracts:
        assert result.success
        checks = result.get_asset_check_evaluations()
        assert [c.check_name for c in checks] == ["gx_responses_suite"]
        assert all(c.passed for c in checks)
    assert analysis.success
    keys = {e.asset_key.to_user_string() for e in analysis.get_asset_materialization_events()}
    assert keys == {"survey/crosstab_cells", "survey/group_differences"}


def test_every_landed_wave_counts_rows_in_as_loaded_plus_quarantined(built):
    landing = built.warehouse.root / "landing" / "survey" / "responses"
    manifests = {
        p.parent.name: json.loads(p.read_text()) for p in landing.glob("partition=*/_manifest.json")
    }
    assert set(manifests) == {f"partition={w}" for w in survey.WAVES}
    for m in manifests.values():
        assert m["rows_read"] == m["rows_loaded"] + m["rows_quarantined"]
    assert manifests["partition=2009-wave1"]["rows_quarantined"] == 0
    assert manifests["partition=2010-wave2"]["rows_quarantined"] == 4


def test_dbt_build_is_green_including_the_reconciliation_and_privacy_tests(built):
    statuses = {r["unique_id"].split(".")[-1]: r["status"] for r in built.results}
    for name in (
        RECONCILIATION_TEST,
        "survey_crosstab_counts_match_responses",
        "survey_crosstab_hides_every_count_below_five",
        "survey_item_distribution_adds_up",
    ):
        assert statuses.get(name) == "pass", name
    assert all(s in ("pass", "success") for s in statuses.values())


def test_the_warehouse_prints_every_published_figure_c1_percentage(db):
    rows = db.execute(
        "select item_code, category, pct_rounded, n_respondents, item_respondents, "
        "data_provenance from main.rpt_survey__item_distribution where wave = '2009-wave1'"
    ).fetchall()
    by_key = {(r[0], r[1]): r for r in rows}
    for item, published in published_figures().items():
        for category, pct in published.items():
            _, _, rounded, _, respondents, provenance = by_key[(item, category)]
            assert (rounded, respondents, provenance) == (pct, 44, "report"), (item, category)


def test_a_drifted_percentage_fails_the_reconciliation_test(built):
    drifted = built.warehouse.tmp / "drifted.duckdb"
    shutil.copy(built.db, drifted)
    with duckdb.connect(str(drifted)) as con:
        con.execute(
            "update main.rpt_survey__item_distribution set pct_rounded = pct_rounded + 1 "
            "where wave = '2009-wave1' and item_code = 'pc_c_transparency' "
            "and category = 'agree'"
        )
    result = built.warehouse.run_dbt(
        "test", "--select", RECONCILIATION_TEST, BGW_BUILD_DB=str(drifted)
    )
    assert result.returncode != 0
    assert "Got 1 result" in result.stdout


def test_diverging_bars_are_centred_on_the_neutral_answer(db):
    rows = db.execute(
        "select wave, item_code, polarity, pct, bar_start_pct, bar_end_pct "
        "from main.rpt_survey__item_distribution order by wave, item_code, polarity, score"
    ).fetchall()
    bars = defaultdict(list)
    for wave, item, polarity, pct, start, end in rows:
        bars[(wave, item)].append((polarity, pct, start, end))
    for segments in bars.values():
        negative = sum(p for pol, p, _, _ in segments if pol < 0)
        neutral = sum(p for pol, p, _, _ in segments if pol == 0)
        assert segments[0][2] == pytest.approx(-(negative + neutral / 2))
        for (_, _, _, end), (_, _, start, _) in zip(segments, segments[1:], strict=False):
            assert start == pytest.approx(end)


def test_wave_comparison_gives_the_change_in_percentage_points(db):
    rows = db.execute(
        "select wave, previous_wave, pct, previous_pct, change_pp, change_rank_biserial, scale "
        "from main.rpt_survey__wave_comparison join main.dim_survey_item using (item_code)"
    ).fetchall()
    assert rows
    for wave, previous, pct, previous_pct, change, r, scale in rows:
        if wave == survey.WAVE_1:
            assert previous is None and change is None
        else:
            assert previous == survey.WAVE_1
            assert change == pytest.approx(pct - previous_pct)
            assert (r is not None) == (scale == "agreement")


def test_group_differences_always_carry_effect_sizes_and_adjusted_p_values(db):
    rows = db.execute(
        "select test_name, n_groups, effect_size_measure, effect_size, p_value, p_holm, p_bh, "
        "family_size from main.rpt_survey__group_differences"
    ).fetchall()
    assert {r[0] for r in rows} == {"mann_whitney_u", "kruskal_wallis_h"}
    for test, groups, measure, effect, p, holm, bh, family in rows:
        assert (test == "mann_whitney_u") == (groups == 2)
        assert measure == ("rank_biserial" if groups == 2 else "epsilon_squared")
        assert effect is not None and holm >= p and bh >= p and family >= 1


# ------------------------------------------------------------------------- privacy audit


def _pinned(table: list[tuple], column_totals: dict[str, int], grand: int) -> list[str]:
    """Hidden values of one cross-tab that a reader could work out exactly (by LP).

    ``table`` rows: (group, category, shown count or None, shown group total or None,
    true count, true group total).
    """
    groups = sorted({r[0] for r in table})
    categories = sorted({r[1] for r in table})
    cell = {(r[0], r[1]): r for r in table}
    total = {r[0]: (r[3], r[5]) for r in table}
    variables = [("cell", g, c) for g in groups for c in categories if cell[(g, c)][2] is None]
    variables += [("total", g) for g in groups if total[g][0] is None]
    index = {v: i for i, v in enumerate(variables)}
    equations, rhs = [], []

    def term(g: str, c: str, row: np.ndarray) -> float:
        if ("cell", g, c) in index:
            row[index[("cell", g, c)]] = 1
            return 0.0
        return float(cell[(g, c)][2])

    for g in groups:
        row = np.zeros(len(variables))
        constant = sum(term(g, c, row) for c in categories)
        if ("total", g) in index:
            row[index[("total", g)]] = -1
            equations.append(row)
            rhs.append(-constant)
        else:
            equations.append(row)
            rhs.append(total[g][0] - constant)
    for c in categories:
        row = np.zeros(len(variables))
        constant = sum(term(g, c, row) for g in groups)
        equations.append(row)
        rhs.append(column_totals[c] - constant)
    row = np.zeros(len(variables))
    for g in groups:
        if ("total", g) in index:
            row[index[("total", g)]] = 1
    equations.append(row)
    rhs.append(grand - sum(total[g][0] for g in groups if ("total", g) not in index))

    truth = [cell[(v[1], v[2])][4] if v[0] == "cell" else total[v[1]][1] for v in variables]
    pinned = []
    for i, v in enumerate(variables):
        objective = np.zeros(len(variables))
        for sign in (-1, 1):  # maximise, then minimise
            objective[i] = sign
            result = linprog(
                objective,
                A_eq=np.array(equations),
                b_eq=np.array(rhs),
                bounds=(0, None),
                method="highs",
            )
            assert result.status == 0, (v, result.message)
            if abs(result.x[i] - truth[i]) > 0.5:
                break
        else:
            pinned.append(f"{v} = {truth[i]}")
    return pinned


def test_the_privacy_audit_catches_a_cell_its_row_total_gives_away():
    # Group a: 10 shown + one hidden cell, total 13 shown -> the hidden cell must be 3.
    table = [
        ("a", "x", 10, 13, 10, 13),
        ("a", "y", None, 13, 3, 13),
        ("b", "x", 6, 11, 6, 11),
        ("b", "y", 5, 11, 5, 11),
    ]
    assert _pinned(table, {"x": 16, "y": 8}, 24) == ["('cell', 'a', 'y') = 3"]


def test_suppression_holds_for_every_filter_combination(db):
    shown = db.execute(
        "select x.wave, x.item_code, x.dimension, x.group_code, x.category, x.n_respondents, "
        "x.group_respondents, c.n_respondents, c.group_respondents "
        "from main.rpt_survey__crosstab as x join staging.stg_survey__crosstab_cells as c "
        "using (wave, item_code, dimension, group_code, category)"
    ).fetchall()
    distribution = db.execute(
        "select wave, item_code, category, n_respondents, item_respondents "
        "from main.rpt_survey__item_distribution"
    ).fetchall()
    column_totals = defaultdict(dict)
    grand = {}
    for wave, item, category, n, respondents in distribution:
        column_totals[(wave, item)][category] = n
        grand[(wave, item)] = respondents
    tables = defaultdict(list)
    for wave, item, dimension, group, category, n, group_n, true_n, true_group_n in shown:
        tables[(wave, item, dimension)].append((group, category, n, group_n, true_n, true_group_n))

    waves = {r[0] for r in distribution}
    items = {r[1] for r in distribution}
    assert set(tables) == {
        (w, i, d) for w in waves for i in items for d in ("level", "department", "district")
    }
    failures = []
    for key, table in sorted(tables.items()):
        # What a filter on one group shows is a subset of its table's rows.
        for group in {r[0] for r in table}:
            for _, _, n, group_n, _, _ in (r for r in table if r[0] == group):
                assert n is None or n >= 5, (key, group)
                assert group_n is None or group_n >= 5, (key, group)
        categories = {r[1] for r in table}
        assert all(
            column_totals[key[:2]][c] == 0 for c in set(column_totals[key[:2]]) - categories
        ), key
        if len({r[0] for r in table}) > 1:
            failures += [
                f"{key}: {p}" for p in _pinned(table, column_totals[key[:2]], grand[key[:2]])
            ]
    assert failures == []
