"""The conformed backbone (transform/models/marts/core) builds and matches the PBS figures.

dbt runs once for the module (its start-up alone costs ~10 s) into a throw-away DuckDB file,
with its own target and log directories so it never races a developer's dbt run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import duckdb
import pytest

PBS_DISTRICT_COUNT = 34
PBS_POPULATION_2023 = 14_894_402
PBS_AREA_KM2 = 347_190


@pytest.fixture(scope="module")
def warehouse(throwaway_warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    built = throwaway_warehouse("backbone")
    built.dbt(
        "build",
        "--select",
        "+marts.core",
        # Only tests whose parents are all selected: other domains' relationship tests to
        # dim_district need their own staging models, which this build does not create.
        "--indirect-selection",
        "cautious",
        "--no-partial-parse",
    )
    with built.connect() as connection:
        yield connection


def test_dim_district_has_the_34_census_2023_districts(warehouse):
    count, distinct_pcodes = warehouse.execute(
        "select count(*), count(distinct district_pcode) from main.dim_district"
    ).fetchone()
    assert count == distinct_pcodes == PBS_DISTRICT_COUNT


def test_dim_district_totals_equal_the_pbs_province_totals(warehouse):
    population, area = warehouse.execute(
        "select sum(population_2023), sum(area_km2) from main.dim_district"
    ).fetchone()
    assert population == PBS_POPULATION_2023
    assert area == PBS_AREA_KM2


def test_dim_district_density_uses_the_pbs_area(warehouse):
    rows = warehouse.execute(
        "select population_2023, area_km2, population_density_2023 from main.dim_district"
    ).fetchall()
    for population, area, density in rows:
        assert density == pytest.approx(population / area)


def test_every_district_boundary_is_a_geojson_geometry(warehouse):
    rows = warehouse.execute(
        """
        select district.district_pcode, boundary.geometry_geojson
        from main.dim_district as district
        left join main.dim_district_boundary as boundary
            on district.district_pcode = boundary.district_pcode
        """
    ).fetchall()
    assert len(rows) == PBS_DISTRICT_COUNT
    for pcode, geometry_text in rows:
        assert geometry_text is not None, f"{pcode} has no boundary"
        geometry = json.loads(geometry_text)
        assert geometry["type"] in {"MultiPolygon", "Polygon"}, pcode
        assert geometry["coordinates"], pcode


def test_dim_period_labels_pakistan_fiscal_years_from_july(warehouse):
    labels = dict(
        warehouse.execute(
            """
            select strftime(month_start, '%Y-%m'), fiscal_year_label
            from main.dim_period
            where month_start in ('2024-06-01', '2024-07-01', '2025-01-01')
            """
        ).fetchall()
    )
    assert labels == {"2024-06": "FY 2023-24", "2024-07": "FY 2024-25", "2025-01": "FY 2024-25"}


def test_dim_period_is_one_row_per_month_from_2010_to_2030(warehouse):
    count, first, last = warehouse.execute(
        "select count(*), min(month_start)::varchar, max(month_start)::varchar from main.dim_period"
    ).fetchone()
    assert (count, first, last) == (21 * 12, "2010-01-01", "2030-12-01")


def test_sub_districts_and_former_names_resolve_to_their_census_2023_district(warehouse):
    resolved = dict(
        warehouse.execute(
            "select name_normalised, district_pcode from main.dim_district_alias"
        ).fetchall()
    )
    assert resolved["hub"] == resolved["lasbela"] == "PK217"
    assert resolved["usta muhammad"] == resolved["jaffarabad"] == "PK207"
    assert resolved["lehri"] == resolved["sibi"] == "PK228"
    assert resolved["bolan"] == resolved["kachhi"] == "PK209"
    assert resolved["shaheed sikandarabad"] == resolved["surab"] == "PK233"
    assert resolved["qalat"] == "PK210"


def test_every_source_system_belongs_to_a_known_department(warehouse):
    codes = {
        code
        for (code,) in warehouse.execute(
            "select source_code from main.dim_source_system where department_name is not null"
        ).fetchall()
    }
    expected = "hmis bemis cqmis ngomis pis hrmis bise lrmis phemis eservices survey"
    assert codes == set(expected.split())
