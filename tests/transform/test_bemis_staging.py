"""BEMIS staging models, built by dbt over landed census years on a throw-away warehouse."""

from __future__ import annotations

import pytest

from orchestration.defs.bemis import extract
from simulator import bemis

pytestmark = pytest.mark.xdist_group("bemis_warehouse")

YEARS = ("2016-17", "2024-25")


@pytest.fixture(scope="module")
def built(throwaway_warehouse):
    warehouse = throwaway_warehouse("bemis_warehouse")
    inbox = warehouse.root / "inbox"
    with warehouse.settings(BGW_BEMIS_INBOX=str(inbox)):
        bemis.generate(inbox, scale=0.01, seed=4, years=YEARS)
        for year in YEARS:
            extract.land_year(year)
    results = warehouse.build("+path:models/staging/bemis")
    assert all(r["status"] in ("success", "pass") for r in results)
    return warehouse


def test_every_landed_year_is_in_staging_once_per_school(built):
    rows = built.query(
        "select census_year, count(*), count(distinct emis_code) "
        "from staging.stg_bemis__schools group by 1 order by 1",
    )
    assert [r[0] for r in rows] == list(YEARS)
    assert all(n == distinct for _, n, distinct in rows)


def test_enrolment_has_classes_to_ten_in_old_years_and_to_twelve_later(built):
    rows = dict(
        built.query(
            "select census_year, max(class_order) from staging.stg_bemis__enrolment group by 1",
        )
    )
    assert rows == {"2016-17": 10, "2024-25": 12}


def test_every_school_is_in_a_census_2023_district_and_girls_share_is_plausible(built):
    [(orphans,)] = built.query(
        """
        select count(*) from staging.stg_bemis__schools s
        left join main.dim_district d using (district_pcode) where d.district_pcode is null""",
    )
    assert orphans == 0
    [(share,)] = built.query(
        """
        select sum(enrolment) filter (where gender = 'girls') / sum(enrolment)
        from staging.stg_bemis__enrolment where census_year = '2024-25'""",
    )
    assert 0.25 < share < 0.5
