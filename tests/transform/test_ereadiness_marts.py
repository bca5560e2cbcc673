"""The e-readiness marts, built by dbt over a small landed world.

Once per module: the simulators write a small HMIS, BEMIS, HR MIS and e-services catalogue,
the real landing functions land two fiscal years of each, and dbt builds the e-readiness
marts and everything they read, tests and unit tests included. The index is then recomputed
here in plain Python from the indicator values and the seed files, independently of the SQL;
weight and indicator changes are tried on copies of the database.
"""

from __future__ import annotations

import csv
import math
import shutil
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.bemis import extract as bemis_extract
from orchestration.defs.eservices import extract as eservices_extract
from orchestration.defs.hmis import extract as hmis_extract
from orchestration.defs.hrmis import extract as hrmis_extract
from simulator import hmis_api
from simulator.__main__ import generate

pytestmark = pytest.mark.xdist_group("ereadiness_warehouse")

SEEDS = Path(__file__).resolve().parents[2] / "transform" / "seeds" / "ereadiness"
# Two fiscal years with every source: FY 2024-25 and FY 2025-26.
MONTHS = ("2024-09-01", "2025-09-01")
SCHOOL_YEARS = ("2024-25", "2025-26")
SELECTION = (
    "+int_indicators__health",
    "+int_indicators__education",
    "+int_indicators__hr",
    "+int_ereadiness__census_values",
    "+int_ereadiness__school_values",
    "+int_ereadiness__eservices_values",
    "+rpt_ereadiness__service_stages",
    "+rpt_ereadiness__portal_scores",
    "+rpt_ereadiness__department_maturity",
    "+rpt_ereadiness__provincial_summary",
    "path:models/marts/ereadiness",
    "path:seeds/ereadiness",
)


@dataclass(frozen=True)
class Built:
    warehouse: object
    results: list[dict]

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.warehouse.query(sql, params)


@pytest.fixture(scope="module")
def built(throwaway_warehouse) -> Built:
    warehouse = throwaway_warehouse("ereadiness_warehouse")
    simulated = warehouse.simulated_sources
    with warehouse.settings() as mp:
        generate(
            simulated,
            scale=0.01,
            seed=5,
            sources=["bemis", "hrmis", "hmis", "eservices"],
            echo=lambda _: None,
        )
        for year in SCHOOL_YEARS:
            bemis_extract.land_year(year)
        eservices_extract.land_catalogue(date(2026, 11, 15))
        hr_url = hrmis_extract.database_url()
        for month in MONTHS:
            hrmis_extract.land_month(hr_url, month)
        with hmis_api.start(simulated) as server:
            mp.setenv("BGW_HMIS_BASE_URL", server.url)
            with hmis_extract.HmisExtract() as run:
                for month in MONTHS:
                    run.land_month(month)
    results = warehouse.build(*SELECTION)
    return Built(warehouse, results)


def _seed(name: str) -> list[dict]:
    with (SEEDS / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _rerun_on_a_copy(built: Built, name: str, edit_sql: str, select: str) -> Path:
    """The built database copied, a seed table edited in the copy, the models rebuilt there."""
    copy = built.warehouse.tmp / f"{name}.duckdb"
    shutil.copyfile(built.warehouse.db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(edit_sql)
    done = built.warehouse.run_dbt("run", "--select", select, BGW_BUILD_DB=str(copy))
    assert done.returncode == 0, done.stdout[-4000:]
    return copy


def _index(db: Path, year: int) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(
            con.execute(
                "select district_pcode, ereadiness_index from main.rpt_ereadiness__district_index "
                "where fiscal_year_start = ?",
                [year],
            ).fetchall()
        )


# -- The build -------------------------------------------------------------------------------


def test_the_build_passes_every_model_test_and_unit_test(built):
    statuses = {r["unique_id"]: r["status"] for r in built.results}
    # Warnings are the source systems' own validation rules (a catch-up vaccination month).
    failed = {k: s for k, s in statuses.items() if s not in ("success", "pass", "warn")}
    assert failed == {}
    ours = [k for k in statuses if "ereadiness" in k]
    assert sum(k.startswith("unit_test.") for k in ours) >= 4
    assert "model.balochistan_warehouse.rpt_ereadiness__district_index" in statuses


def test_both_fiscal_years_are_rated_with_a_complete_basket(built):
    rows = built.query(
        "select fiscal_year_start, bool_and(is_rated), bool_and(is_complete_basket), "
        "bool_and(is_headline_year) from main.rpt_ereadiness__district_index group by 1 order by 1"
    )
    assert rows == [(2024, True, True, False), (2025, True, True, True)]


# -- The district index ----------------------------------------------------------------------


def test_every_year_rates_all_34_districts_once(built):
    rows = built.query(
        "select fiscal_year_start, count(*), count(distinct district_pcode), "
        "count(ereadiness_index), max(districts_ranked) "
        "from main.rpt_ereadiness__district_index group by 1"
    )
    assert rows and all(r[1:] == (34, 34, 34, 34) for r in rows)


def test_index_and_components_lie_between_0_and_1_and_each_component_spans_it(built):
    [(low, high)] = built.query(
        "select min(ereadiness_index), max(ereadiness_index) "
        "from main.rpt_ereadiness__district_index"
    )
    assert 0 <= low < high <= 1
    spans = built.query(
        "select fiscal_year_start, component_code, min(score), max(score) "
        "from main.rpt_ereadiness__components group by 1, 2"
    )
    assert len(spans) == 6
    for _year, _component, lowest, highest in spans:
        # Min-max rescaling: the least ready district is 0 and the most ready 1.
        assert (lowest, highest) == (pytest.approx(0), pytest.approx(1))


def test_bands_follow_the_seed_thresholds(built):
    thresholds = [
        (r["band"], float(r["lower_bound"]), r["lower_inclusive"] == "true")
        for r in _seed("ereadiness_bands")
    ]
    for index, band in built.query(
        "select ereadiness_index, band from main.rpt_ereadiness__district_index"
    ):
        expected = next(
            name
            for name, lower, inclusive in sorted(thresholds, key=lambda t: -t[1])
            if index > lower or (inclusive and index == lower)
        )
        assert band == expected, index


def test_ranks_order_the_index_and_ties_share_the_best_rank(built):
    by_year = defaultdict(list)
    for year, index, rank in built.query(
        "select fiscal_year_start, ereadiness_index, district_rank "
        "from main.rpt_ereadiness__district_index"
    ):
        by_year[year].append((index, rank))
    for rows in by_year.values():
        for index, rank in rows:
            assert rank == 1 + sum(other > index for other, _ in rows)


def test_the_index_is_recomputed_independently_from_the_indicator_values_and_seeds(built):
    indicators = {r["indicator_code"]: r for r in _seed("ereadiness_indicators")}
    included = {k: r for k, r in indicators.items() if r["included"] == "true"}
    weights = {r["component_code"]: float(r["weight"]) for r in _seed("ereadiness_components")}
    districts = [r[0] for r in built.query("select district_pcode from main.dim_district")]
    year = 2025
    values = defaultdict(dict)
    for code, district, fiscal_year, value in built.query(
        "select indicator_code, district_pcode, fiscal_year_start, value "
        "from intermediate.int_ereadiness__indicator_values"
    ):
        if code in included and fiscal_year in (year, None):
            values[code][district] = value

    def oriented(code: str, x: float) -> float:
        row = included[code]
        if row["direction"] == "lower_is_better":
            return -x
        if row["direction"] == "closer_to_target":
            return -abs(x - float(row["target"]))
        return x

    z = defaultdict(dict)
    for code, by_district in values.items():
        points = {d: oriented(code, x) for d, x in by_district.items()}
        mean, sd = statistics.fmean(points.values()), statistics.pstdev(points.values())
        for d, v in points.items():
            z[code][d] = 0.0 if sd <= 1e-12 * max(1.0, abs(mean)) else (v - mean) / sd
    raw = defaultdict(dict)
    for component in weights:
        codes = [c for c, r in included.items() if r["component_code"] == component]
        for d in districts:
            have = [(float(included[c]["weight"]), z[c][d]) for c in codes if d in z[c]]
            raw[component][d] = sum(w * v for w, v in have) / sum(w for w, _ in have)
    scaled = {
        c: {d: (v - min(r.values())) / (max(r.values()) - min(r.values())) for d, v in r.items()}
        for c, r in raw.items()
    }
    expected = {
        d: sum(weights[c] * scaled[c][d] for c in weights) / sum(weights.values())
        for d in districts
    }
    got = _index(built.warehouse.db, year)
    assert got.keys() == expected.keys()
    for d, value in expected.items():
        assert got[d] == pytest.approx(value, abs=1e-8), d


def test_component_weights_from_the_seed_change_the_index(built):
    baseline = _index(built.warehouse.db, 2025)
    copy = _rerun_on_a_copy(
        built,
        "online_weighs_three",
        "update reference.ereadiness_components set weight = 3 where component_code = 'ONLINE'",
        "rpt_ereadiness__components+,path:models/marts/ereadiness",
    )
    reweighted = _index(copy, 2025)
    with duckdb.connect(str(copy), read_only=True) as con:
        components = con.execute(
            "select district_pcode, infrastructure_score, human_capital_score, "
            "online_services_score from main.rpt_ereadiness__district_index "
            "where fiscal_year_start = 2025"
        ).fetchall()
    for district, infra, human, online in components:
        assert reweighted[district] == pytest.approx((infra + human + 3 * online) / 5, abs=1e-8)
    assert any(abs(reweighted[d] - baseline[d]) > 1e-6 for d in baseline)


def test_leaving_an_indicator_out_in_the_seed_removes_it_from_the_index(built):
    copy = _rerun_on_a_copy(
        built,
        "without_it_labs",
        "update reference.ereadiness_indicators set included = false "
        "where indicator_code = 'EDU_SCHOOLS_WITH_IT_LAB_PCT'",
        "rpt_ereadiness__indicator_scores+,path:models/marts/ereadiness",
    )
    with duckdb.connect(str(copy), read_only=True) as con:
        [(left,)] = con.execute(
            "select count(*) from main.rpt_ereadiness__indicator_scores "
            "where indicator_code = 'EDU_SCHOOLS_WITH_IT_LAB_PCT'"
        ).fetchall()
        [(included,)] = con.execute(
            "select max(indicators_included) from main.rpt_ereadiness__components "
            "where component_code = 'INFRA'"
        ).fetchall()
    assert left == 0
    assert included == 2
    assert _index(copy, 2025) != _index(built.warehouse.db, 2025)


def test_indicators_available_counts_the_values_a_district_has(built):
    rows = built.query(
        """
        select c.indicators_available, count(*) filter (where s.is_observed)
        from main.rpt_ereadiness__components as c
        join main.rpt_ereadiness__indicator_scores as s
          using (fiscal_year_start, district_pcode, component_code)
        group by c.fiscal_year_start, c.district_pcode, c.component_code,
                 c.indicators_available
        """
    )
    assert rows and all(available == observed for available, observed in rows)


@pytest.fixture(scope="module")
def edge_cases(built: Built) -> Path:
    """A copy in which HMIS timeliness is equal everywhere (a constant indicator), every
    infrastructure indicator too (a constant component), and Awaran has no gender parity
    value (a missing value)."""
    return _rerun_on_a_copy(
        built,
        "edge_cases",
        """
        update intermediate.int_ereadiness__indicator_values set value = 42
        where indicator_code = 'HLT_REPORTING_TIMELINESS_PCT';
        update intermediate.int_ereadiness__indicator_values set value = 7
        where indicator_code in (
            'HLT_FACILITIES_COMPUTER_INTERNET_PCT', 'EDU_SCHOOLS_WITH_ELECTRICITY_PCT',
            'EDU_SCHOOLS_WITH_IT_LAB_PCT'
        );
        delete from intermediate.int_ereadiness__indicator_values
        where indicator_code = 'EDU_GENDER_PARITY_INDEX' and district_pcode = 'PK201';
        """,
        "rpt_ereadiness__indicator_scores+,path:models/marts/ereadiness",
    )


def _query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_an_indicator_equal_everywhere_gives_every_district_z_zero_not_nan(edge_cases):
    rows = _query(
        edge_cases,
        "select is_constant, z_score, year_std from main.rpt_ereadiness__indicator_scores "
        "where indicator_code = 'HLT_REPORTING_TIMELINESS_PCT'",
    )
    assert len(rows) == 2 * 34
    assert all(constant and z == 0 and std == 0 for constant, z, std in rows)
    scores = _query(edge_cases, "select z_score from main.rpt_ereadiness__indicator_scores")
    assert not any(z is not None and math.isnan(z) for (z,) in scores)


def test_a_component_equal_everywhere_scores_the_mid_point(edge_cases):
    rows = _query(
        edge_cases,
        "select distinct is_constant, score from main.rpt_ereadiness__components "
        "where component_code = 'INFRA'",
    )
    assert rows == [(True, 0.5)]
    [(rated, low, high)] = _query(
        edge_cases,
        "select count(ereadiness_index), min(ereadiness_index), max(ereadiness_index) "
        "from main.rpt_ereadiness__district_index",
    )
    assert rated == 2 * 34 and 0 <= low <= high <= 1


def test_a_missing_value_leaves_the_district_rated_on_what_it_has(edge_cases):
    [(available, included, z, index, rank)] = _query(
        edge_cases,
        """
        select c.indicators_available, c.indicators_included, s.z_score,
               i.ereadiness_index, i.district_rank
        from main.rpt_ereadiness__components as c
        join main.rpt_ereadiness__indicator_scores as s
          using (fiscal_year_start, district_pcode, component_code)
        join main.rpt_ereadiness__district_index as i using (fiscal_year_start, district_pcode)
        where c.district_pcode = 'PK201' and c.component_code = 'HUMAN'
          and c.fiscal_year_start = 2025 and s.indicator_code = 'EDU_GENDER_PARITY_INDEX'
        """,
    )
    assert (available, included) == (included - 1, 4)
    assert z is None
    assert index is not None and rank is not None


# -- Sensitivity and stability ---------------------------------------------------------------


def test_sensitivity_reranks_each_district_without_each_component(built):
    rows = built.query(
        "select fiscal_year_start, district_pcode, dropped_component_code, district_rank, "
        "rank_without_component, rank_change from main.rpt_ereadiness__sensitivity"
    )
    assert len(rows) == 2 * 34 * 3
    for *_, rank, without, change in rows:
        assert change == without - rank
    without_online = {d: r for year, d, c, _, r, _ in rows if year == 2025 and c == "ONLINE"}
    scores = built.query(
        "select district_pcode, (infrastructure_score + human_capital_score) / 2 "
        "from main.rpt_ereadiness__district_index where fiscal_year_start = 2025"
    )
    for district, index in scores:
        better = sum(round(other, 9) > round(index, 9) for _, other in scores)
        assert without_online[district] == 1 + better


def test_rank_stability_gives_spearmans_rho_of_the_two_years(built):
    ranks = built.query(
        "select district_pcode, average_rank, previous_average_rank, rank_change "
        "from main.rpt_ereadiness__rank_stability where fiscal_year_start = 2025"
    )
    assert len(ranks) == 34
    now = [r[1] for r in ranks]
    before = [r[2] for r in ranks]
    rho = statistics.correlation(now, before)
    [(got, mean_abs, same)] = built.query(
        "select spearman_rho, mean_abs_rank_change, same_indicators "
        "from main.rpt_ereadiness__rank_stability_summary"
    )
    assert got == pytest.approx(rho)
    assert mean_abs == pytest.approx(statistics.fmean(abs(r[3]) for r in ranks))
    assert same is True


# -- Registry indicators ---------------------------------------------------------------------


def test_registry_rows_carry_the_district_index_and_the_median_for_the_province(built):
    rows = dict(
        built.query(
            "select geo_code, value from intermediate.int_indicators__ereadiness "
            "where indicator_code = 'ERD_INDEX' and period_start = date '2025-07-01'"
        )
    )
    index = _index(built.warehouse.db, 2025)
    for district, value in index.items():
        assert rows[district] == pytest.approx(value)
    assert rows["PK2"] == pytest.approx(statistics.median(index.values()))


# -- Department maturity ---------------------------------------------------------------------


def test_every_department_is_on_the_maturity_table_with_axes_between_0_and_1(built):
    departments = {r[0] for r in built.query("select department_code from main.dim_department")}
    rows = built.query(
        "select department_code, stage_number, intra_department_computerisation, "
        "inter_department_connectivity, public_information "
        "from main.rpt_ereadiness__department_maturity"
    )
    assert {r[0] for r in rows} == departments
    for _code, stage, *axes in rows:
        assert stage is None or 1 <= stage <= 5
        assert all(0 <= a <= 1 for a in axes if a is not None)


def test_the_department_stage_is_the_highest_stage_of_its_live_services(built):
    mismatches = built.query(
        """
        select m.department_code
        from main.rpt_ereadiness__department_maturity as m
        left join (
            select department_code, max(un_stage_number) as stage
            from main.fct_eservices where is_live group by 1
        ) as s using (department_code)
        where m.stage_number is distinct from s.stage
        """
    )
    assert mismatches == []


def test_portal_scores_are_the_share_of_checks_answered_yes(built):
    expected = dict(
        ((portal, criterion), met / assessed)
        for portal, criterion, met, assessed in built.query(
            """
            select portal_id, coalesce(criterion_code, 'ALL'),
                   count(*) filter (where is_met), count(*)
            from staging.stg_eservices__checklist
            group by grouping sets ((portal_id, criterion_code), (portal_id))
            """
        )
    )
    got = dict(
        ((portal, criterion), score)
        for portal, criterion, score in built.query(
            "select portal_id, criterion_code, score from main.rpt_ereadiness__portal_scores "
            "where score is not null"
        )
    )
    assert expected and got == pytest.approx(expected)


def test_the_province_is_set_against_the_reports_second_stage(built):
    [(report_stage, next_stage, median, progress)] = built.query(
        "select report_stage_number, report_next_stage_number, median_stage_number, "
        "progress_since_report from main.rpt_ereadiness__provincial_summary"
    )
    assert (report_stage, next_stage) == (2, 3)
    stages = sorted(
        s for (s,) in built.query("select un_stage_number from main.fct_eservices where is_live")
    )
    assert median == stages[(len(stages) - 1) // 2]
    if median > report_stage:
        assert progress == "Beyond the report's stage"
    elif median == report_stage:
        assert progress == "At the report's stage"
    else:
        assert progress == "Below the report's stage"
