"""The conformed indicator marts, built by dbt over tiny landed extracts of every source.

Once per module: the simulators write a small world for each departmental system, the
real landing functions land a few partitions of each into a throw-away warehouse, and dbt
builds the indicator and quality marts (and everything they read), tests included, into a
throw-away DuckDB file with its own target and log folders. Expected values are computed
here from the facts with plain SQL and Python, not with the models' own macros.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytestmark = pytest.mark.xdist_group("indicators_warehouse")

HMIS_MONTHS = ("2026-08-01", "2026-09-01", "2026-10-01")
HMIS_LATE_MONTH = "2026-07-01"
MARTS = [
    "+rpt_indicator_values",
    "+rpt_reporting_completeness",
    "+rpt_outliers",
    "+dim_indicator",
    "+dim_reporting_completeness_basis",
    "+rpt_complaints__monthly",
    "path:tests/indicators",
]


@dataclass(frozen=True)
class Built:
    warehouse: Any  # conftest's ThrowawayWarehouse (the tests are not a package)
    results: list[dict]

    @property
    def db(self) -> Path:
        return self.warehouse.db


@pytest.fixture(scope="module")
def built(throwaway_warehouse, land_sources) -> Built:
    warehouse = throwaway_warehouse("indicators_warehouse")
    land_sources.history(
        warehouse,
        seed=5,
        bemis_years=("2023-24", "2024-25"),
        phemis_rounds=("2025", "2026"),
        eservices_catalogue=date(2026, 11, 15),
        bise_years=("2025", "2026"),
        monthly_months=("2026-09-01", "2026-10-01"),
        hmis_months=HMIS_MONTHS,
        pis_quarters=("2025-07-01", "2025-10-01"),
    )
    return Built(warehouse, warehouse.build(*MARTS))


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_the_build_passes_every_model_test_and_unit_test(built):
    statuses = {r["unique_id"]: r["status"] for r in built.results}
    assert all(s in ("success", "pass", "warn") for s in statuses.values()), {
        k: s for k, s in statuses.items() if s not in ("success", "pass", "warn")
    }
    unit_tests = [k for k in statuses if k.startswith("unit_test.")]
    assert len(unit_tests) >= 8
    assert "model.balochistan_warehouse.rpt_indicator_values" in statuses


def test_every_registry_indicator_has_values_when_every_source_has_landed(built):
    registry = {r[0] for r in _query(built.db, "select indicator_code from main.dim_indicator")}
    present = {
        r[0]
        for r in _query(built.db, "select distinct indicator_code from main.rpt_indicator_values")
    }
    assert present == registry
    assert len(registry) >= 50


@pytest.mark.parametrize(
    "indicator_code",
    [
        "EDU_GIRLS_SHARE_PCT",
        "HLT_PENTA3_COVERAGE_PCT",
        "CMP_RESOLVED_WITHIN_40D_PCT",
        "HR_VACANCY_RATE_PCT",
    ],
)
def test_province_rate_is_summed_numerators_over_summed_denominators(built, indicator_code):
    [(factor,)] = _query(
        built.db, "select factor from main.dim_indicator where indicator_code = ?", [indicator_code]
    )
    districts = defaultdict(list)
    for period, num, den, value in _query(
        built.db,
        "select period_start, numerator, denominator, value from main.rpt_indicator_values "
        "where indicator_code = ? and geo_level = 'district'",
        [indicator_code],
    ):
        districts[period].append((num, den, value))
    provinces = dict(
        (period, (num, den, value))
        for period, num, den, value in _query(
            built.db,
            "select period_start, numerator, denominator, value from main.rpt_indicator_values "
            "where indicator_code = ? and geo_level = 'province'",
            [indicator_code],
        )
    )
    assert provinces and set(provinces) == set(districts)
    for period, rows in districts.items():
        num = sum(r[0] for r in rows)
        den = sum(r[1] for r in rows)
        p_num, p_den, p_value = provinces[period]
        assert p_num == pytest.approx(num)
        assert p_den == pytest.approx(den)
        assert p_value == pytest.approx(num / den * factor)


def test_province_value_is_not_the_mean_of_district_values(built):
    # Districts differ in size, so at least one summed rate must differ from the plain mean.
    differs = _query(
        built.db,
        """
        select count(*) from (
            select p.period_start, p.value, avg(d.value) as mean_of_districts
            from main.rpt_indicator_values as p
            join main.rpt_indicator_values as d
              on d.indicator_code = p.indicator_code and d.period_start = p.period_start
             and d.geo_level = 'district'
            where p.indicator_code = 'EDU_GIRLS_SHARE_PCT' and p.geo_level = 'province'
            group by p.period_start, p.value
            having abs(p.value - avg(d.value)) > 0.01
        )
        """,
    )
    assert differs[0][0] > 0


def test_province_median_is_recomputed_from_the_complaints(built):
    days_by_month = defaultdict(list)
    for month, days in _query(
        built.db,
        "select date_trunc('month', resolved_date)::date, days_to_resolve from main.fct_complaints "
        "where current_status = 'resolved'",
    ):
        days_by_month[month].append(days)
    got = dict(
        _query(
            built.db,
            "select period_start, value from main.rpt_indicator_values "
            "where indicator_code = 'CMP_MEDIAN_DAYS_TO_RESOLVE' and geo_level = 'province'",
        )
    )
    assert got == {m: pytest.approx(statistics.median(v)) for m, v in days_by_month.items()}


def test_complaint_indicators_agree_with_the_complaints_mart(built):
    mismatches = _query(
        built.db,
        """
        select r.month_start, r.geo_code
        from main.rpt_complaints__monthly as r
        join main.rpt_indicator_values as i
          on i.indicator_code = 'CMP_PER_100K' and i.period_start = r.month_start
         and i.geo_level = r.geo_level and i.geo_code = r.geo_code
        join main.rpt_indicator_values as b
          on b.indicator_code = 'CMP_BACKLOG_OVER_40D' and b.period_start = r.month_start
         and b.geo_level = r.geo_level and b.geo_code = r.geo_code
        where abs(i.value - r.complaints_per_100k) > 1e-9 or b.value <> r.backlog_over_40d
        """,
    )
    assert mismatches == []


def test_an_ngo_working_in_several_districts_counts_once_in_the_province(built):
    [(province, district_sum, distinct_active)] = _query(
        built.db,
        """
        select
            (select numerator from main.rpt_indicator_values
              where indicator_code = 'NGO_ACTIVE_PER_100K' and geo_level = 'province'
                and period_start = date '2026-10-01'),
            (select sum(numerator) from main.rpt_indicator_values
              where indicator_code = 'NGO_ACTIVE_PER_100K' and geo_level = 'district'
                and period_start = date '2026-10-01'),
            (select count(*) from main.fct_ngo_registrations
              where export_month = date '2026-10-01' and registration_status = 'active')
        """,
    )
    assert province == distinct_active
    assert district_sum >= province


def test_reporting_completeness_is_a_share_of_what_was_expected(built):
    rows = _query(
        built.db,
        "select source_code, expected, received, on_time, completeness_pct, timeliness_pct "
        "from main.rpt_reporting_completeness",
    )
    assert {r[0] for r in rows} >= {"hmis", "bemis", "phemis", "pis", "eservices", "ngomis"}
    for source, expected, received, _on_time, completeness, timeliness in rows:
        assert 0 <= received <= expected, source
        if completeness is not None:
            assert 0 <= completeness <= 100
        if timeliness is not None:
            assert 0 <= timeliness <= completeness <= 100


def test_hmis_completeness_counts_open_facilities_and_their_reports(built):
    got = dict(
        (month, (expected, received))
        for month, expected, received in _query(
            built.db,
            "select period_start, expected, received from main.rpt_reporting_completeness "
            "where source_code = 'hmis' and geo_level = 'province'",
        )
    )
    want = dict(
        (month, (expected, received))
        for month, expected, received in _query(
            built.db,
            """
            select f.period_month, count(*) filter (where f.is_expected),
                   count(*) filter (where f.is_expected and c.org_unit_id is not null)
            from main.fct_health_facility_months as f
            left join (select distinct org_unit_id, period_month
                       from staging.stg_hmis__completeness where is_completed) as c
              on c.org_unit_id = f.org_unit_id and c.period_month = f.period_month
            group by f.period_month
            """,
        )
    )
    assert got == want
    assert len(got) == len(HMIS_MONTHS)


def test_health_values_carry_their_districts_reporting_completeness(built):
    missing = _query(
        built.db,
        "select count(*) from main.rpt_indicator_values "
        "where source_code = 'hmis' and reporting_completeness is null",
    )
    assert missing == [(0,)]
    complaints = _query(
        built.db,
        "select count(*) from main.rpt_indicator_values "
        "where source_code = 'cqmis' and reporting_completeness is not null",
    )
    assert complaints == [(0,)]


def test_series_crossing_a_district_split_are_flagged(built):
    # Tump was split from Kech on 2026-02-24; the complaint series run 2023-2026.
    flags = dict(
        _query(
            built.db,
            "select geo_code, bool_and(crosses_boundary_change) from main.rpt_indicator_values "
            "where indicator_code = 'CMP_PER_100K' group by geo_code",
        )
    )
    assert flags["PK211"] is True  # Kech
    assert flags["PK201"] is False  # Awaran: no lineage event
    assert flags["PK2"] is False


def test_fiscal_year_labels_come_from_dim_period(built):
    rows = _query(
        built.db,
        "select distinct period_start, period_label, fiscal_year_label "
        "from main.rpt_indicator_values where indicator_code = 'EDU_ENROLMENT_TOTAL'",
    )
    assert sorted(rows) == [
        (date(2023, 7, 1), "FY 2023-24", "FY 2023-24"),
        (date(2024, 7, 1), "FY 2024-25", "FY 2024-25"),
    ]


def test_an_incremental_run_adds_a_late_month_and_leaves_the_others(built, land_sources):
    before = dict(
        _query(
            built.db,
            "select period_month, bit_xor(hash(org_unit_id, data_element_id, "
            "category_option_combo_id, value)) from main.fct_health_data_values group by 1",
        )
    )
    land_sources.hmis(built.warehouse, (HMIS_LATE_MONTH,))
    built.warehouse.dbt("run", "--select", "fct_health_data_values")
    after = dict(
        _query(
            built.db,
            "select period_month, bit_xor(hash(org_unit_id, data_element_id, "
            "category_option_combo_id, value)) from main.fct_health_data_values group by 1",
        )
    )
    late = date.fromisoformat(HMIS_LATE_MONTH)
    assert late not in before and late in after
    assert {m: h for m, h in after.items() if m != late} == before
    [(fact_rows, staged_rows)] = _query(
        built.db,
        "select (select count(*) from main.fct_health_data_values), "
        "(select count(*) from staging.stg_hmis__data_values)",
    )
    assert fact_rows == staged_rows
