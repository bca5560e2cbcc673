"""E-services staging and its reference seeds, built by dbt on a throw-away warehouse."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.defs.eservices import extract
from simulator import eservices

pytestmark = pytest.mark.xdist_group("eservices_warehouse")


@pytest.fixture(scope="module")
def built(throwaway_warehouse):
    warehouse = throwaway_warehouse("eservices_warehouse")
    with warehouse.settings():
        eservices.write_catalogue(warehouse.simulated_sources / "eservices")
        extract.land_catalogue(date(2026, 11, 15))
    warehouse.build("+path:models/staging/eservices", "path:seeds/eservices")
    return warehouse


def test_the_seeds_hold_five_stages_and_the_five_losi_criteria(built):
    assert built.query(
        "select string_agg(stage, ',' order by stage_number) from reference.un_egov_stages"
    ) == [("Emerging,Enhanced,Interactive,Transactional,Connected",)]
    assert built.query(
        "select count(distinct criterion_code), count(*) from reference.losi_indicators"
    ) == [(5, 43)]


def test_services_and_checklist_join_to_their_portals_and_departments(built):
    [(orphans,)] = built.query(
        """
        select count(*) from staging.stg_eservices__services s
        left join staging.stg_eservices__portals p using (portal_id)
        left join main.dim_department d on d.department_code = s.department_code
        where p.portal_id is null or d.department_code is null""",
    )
    assert orphans == 0
    [(share,)] = built.query(
        "select avg(is_met::int) from staging.stg_eservices__checklist where portal_id = 'EPAY'",
    )
    assert share > 0.5  # a Connected-stage portal ticks most boxes
