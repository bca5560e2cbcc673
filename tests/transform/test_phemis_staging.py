"""PHEMIS staging, built by dbt over landed survey rounds on a throw-away warehouse."""

from __future__ import annotations

import pytest

from orchestration.defs.phemis import extract
from simulator import phemis

pytestmark = pytest.mark.xdist_group("phemis_warehouse")

ROUNDS = ("2019", "2026")


@pytest.fixture(scope="module")
def built(throwaway_warehouse):
    warehouse = throwaway_warehouse("phemis_warehouse")
    inbox = warehouse.root / "inbox"
    with warehouse.settings(BGW_PHEMIS_INBOX=str(inbox)):
        phemis.generate(inbox, scale=0.05, seed=4, rounds=ROUNDS)
        for round_ in ROUNDS:
            extract.land_round(round_)
    warehouse.build("+path:models/staging/phemis")
    return warehouse


def test_both_rounds_are_staged_once_per_scheme_and_later_rounds_list_more(built):
    rows = built.query(
        "select survey_year, count(*), count(distinct scheme_id) "
        "from staging.stg_phemis__schemes group by 1 order by 1",
    )
    assert [r[0] for r in rows] == [2019, 2026]
    assert all(n == distinct for _, n, distinct in rows)
    assert rows[0][1] < rows[1][1]


def test_a_plausible_share_of_schemes_work_and_every_broken_one_says_why(built):
    [(share, unexplained)] = built.query(
        """
        select avg(is_functional::int),
               count(*) filter (where functionality = 'non_functional'
                                and non_functional_reason is null)
        from staging.stg_phemis__schemes""",
    )
    assert 0.4 < share < 0.95
    assert unexplained == 0
