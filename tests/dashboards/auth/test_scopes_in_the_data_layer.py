"""Each role sees what it should and not more, on the query functions every page calls.

The query functions run on the reader's own catalog (dashboards.queries.scoped_views). These
tests act as each role and check, page by page, what the functions return; then they try to
get out: another district as an argument, SQL or look-alike characters in a filter value,
raw SQL against the catalog, a cache filled by someone else.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import duckdb
import pytest

import dashboards.queries
from dashboards.auth.access import Grant, Scope, load_policy
from dashboards.auth.identity import acting_as
from dashboards.queries import (
    audit,
    catalog,
    complaints,
    data_health,
    districts,
    filters,
    overview,
    snapshot,
    survey,
)
from dashboards.queries.overview import Geography
from dashboards.queries.snapshot import SnapshotUnavailable

POLICY = load_policy()
OCTOBER = date(2026, 10, 1)
WAVE = "2009-wave1"
ITEM = "pc_a_service_efficiency"
METRIC = "complaints_per_100k"


def role(name: str, *, districts=None, departments=None) -> Scope:
    grant = Grant(
        role=name,
        districts=None if districts is None else frozenset(districts),
        departments=None if departments is None else frozenset(departments),
    )
    return POLICY.scope_of(name, grant)


POLICY_MAKER = role("policy_maker")
HEALTH_SECRETARY = role("department_secretary", departments=["HEALTH"])
DC_GWADAR = role("district_officer", districts=["PK205"])
DC_AWARAN = role("district_officer", districts=["PK201"])
DATA_ENGINEER = role("data_engineer")
PUBLIC = POLICY.public_scope()


@pytest.fixture(autouse=True)
def snapshot_published(publish):
    return publish()


def rows(sql: str, params=None):
    return snapshot.query(sql, params)


def views() -> dict[str, set[str]]:
    frame = rows(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = current_database() and table_schema = 'main'"
    )
    out: dict[str, set[str]] = {}
    for table, column in frame.itertuples(index=False):
        out.setdefault(table, set()).add(column)
    return out


# -- What each catalog holds ------------------------------------------------------------------


def test_the_public_catalog_holds_reference_data_and_published_indicators_only(facts):
    with acting_as(PUBLIC):
        marts = catalog.tables()
        assert "rpt_complaints__monthly" in marts and "rpt_indicator_values" in marts
        assert not [m for m in marts if m.startswith(("rpt_survey", "rpt_data_health", "fct_"))]
        levels = set(rows("select distinct geo_level from main.rpt_indicator_values")["geo_level"])
        assert levels <= {"province", "division", "district"}


def test_the_data_engineers_catalog_holds_load_health_and_reference_data_only():
    with acting_as(DATA_ENGINEER):
        marts = catalog.tables()
        assert set(data_health.MARTS) <= marts
        assert "rpt_complaints__monthly" not in marts and "rpt_indicator_values" not in marts
        assert not [m for m in marts if m.startswith("rpt_survey")]


def test_the_policy_makers_catalog_holds_every_mart_whole(facts):
    with acting_as(POLICY_MAKER):
        assert set(catalog.tables()) >= set(facts.fixture.frames())
        assert len(rows("select * from main.dim_district")) == len(facts.district_pcodes)


def test_in_a_district_officers_catalog_no_mart_holds_another_districts_rows():
    with acting_as(DC_GWADAR):
        for table, columns in views().items():
            if "district_pcode" in columns:
                found = set(
                    rows(
                        f'select distinct district_pcode from main."{table}" '
                        "where district_pcode is not null"
                    )["district_pcode"]
                )
                assert found <= {"PK205"}, table
            if {"geo_level", "geo_code"} <= columns:
                geo = rows(f'select distinct geo_level, geo_code from main."{table}"')
                assert set(map(tuple, geo.values)) <= {
                    ("province", "PK2"),
                    ("division", "Mekran"),
                    ("district", "PK205"),
                }, table
            if {"dimension", "group_code"} <= columns:
                groups = rows(
                    f"select distinct group_code from main.\"{table}\" where dimension = 'district'"
                )
                assert set(groups["group_code"]) <= {"PK205"}, table


def test_in_a_department_secretarys_catalog_no_mart_holds_another_departments_rows():
    with acting_as(HEALTH_SECRETARY):
        found = views()
        assert "rpt_complaints__monthly" not in found  # the Local Government's mart
        for table, columns in found.items():
            if "department_code" in columns:
                codes = set(
                    rows(f'select distinct department_code from main."{table}"')["department_code"]
                )
                assert codes <= {"HEALTH"}, table
            elif "source_code" in columns:
                codes = set(rows(f'select distinct source_code from main."{table}"')["source_code"])
                assert codes <= {"hmis"}, table


# -- Page by page: Complaints -----------------------------------------------------------------


def test_complaints_for_a_district_officer_are_their_district_against_division_and_province():
    with acting_as(DC_GWADAR):
        ranking = complaints.district_ranking(OCTOBER, METRIC)
        assert ranking["district_pcode"].tolist() == ["PK205"]
        assert complaints.district_values(OCTOBER, METRIC)["district_pcode"].tolist() == ["PK205"]
        assert complaints.geography_month(OCTOBER, "district", "PK205") is not None
        assert complaints.geography_month(OCTOBER, "division", "Mekran") is not None
        assert complaints.province_month(OCTOBER) is not None
        series = complaints.trend(METRIC, "PK205")
        assert set(series["geo_code"]) == {"PK2", "Mekran", "PK205"}


@pytest.mark.parametrize(
    ("level", "code"),
    [("district", "PK201"), ("district", "PK234"), ("division", "Kalat"), ("division", "Sibi")],
)
def test_a_district_officer_asking_for_another_place_gets_nothing(level, code):
    with acting_as(DC_GWADAR):
        assert complaints.geography_month(OCTOBER, level, code) is None
        assert complaints.district_ranking(OCTOBER, METRIC, division="Kalat").empty
        assert set(complaints.trend(METRIC, "PK201", division="Kalat")["geo_code"]) == {"PK2"}
        figures = overview.indicator_figures("hmis", OCTOBER, Geography(level, code, code))
        assert figures is None


def test_a_district_officers_map_and_filter_options_hold_their_district_only():
    with acting_as(DC_GWADAR):
        features = districts.district_boundaries()["features"]
        assert [f["properties"]["district_pcode"] for f in features] == ["PK205"]
        assert filters.divisions() == ["Mekran"]
        assert filters.districts()["district_pcode"].tolist() == ["PK205"]
        assert filters.districts("Kalat").empty


def test_the_complaints_mart_is_not_in_a_health_secretarys_catalog():
    with acting_as(HEALTH_SECRETARY):
        assert not catalog.has_tables(complaints.MART)
        with pytest.raises(SnapshotUnavailable):
            complaints.district_ranking(OCTOBER, METRIC)


# -- Page by page: Overview -------------------------------------------------------------------


def test_a_health_secretarys_overview_has_health_blocks_only():
    with acting_as(HEALTH_SECRETARY):
        sources = overview.sources()
        assert sources["source_code"].tolist() == ["hmis"]
        headlines = [h.source_code for h in overview.available_headlines()]
        assert "cqmis" not in headlines and "hmis" in headlines
        kpis = overview.indicator_figures("hmis", OCTOBER, Geography("province", "PK2", "B"))
        assert kpis is not None and kpis.kpis


def test_the_snapshot_contents_count_only_the_readers_rows(facts):
    with acting_as(DC_GWADAR):
        contents = catalog.snapshot_contents().set_index("table_name")
        assert contents.at["dim_district", "row_count"] == 1
        assert "rpt_data_health__loads" not in contents.index
    with acting_as(POLICY_MAKER):
        contents = catalog.snapshot_contents().set_index("table_name")
        assert contents.at["dim_district", "row_count"] == len(facts.district_pcodes)


# -- Page by page: Survey ---------------------------------------------------------------------


def test_survey_breakdowns_by_district_show_only_the_officers_district():
    with acting_as(DC_GWADAR):
        cells = survey.crosstab(WAVE, ITEM, "district")
        assert set(cells["group_code"]) == {"PK205"}
        assert survey.crosstab(WAVE, ITEM, "district", "PK201").empty
        # Province-wide answers and the breakdown by level stay: they name no district.
        assert not survey.distribution(WAVE).empty
        assert not survey.crosstab(WAVE, ITEM, "level").empty


def test_small_cell_suppression_still_applies_inside_a_scope():
    with acting_as(POLICY_MAKER):
        everyone = survey.crosstab(WAVE, ITEM, "district", "PK201")
    with acting_as(DC_AWARAN):
        own = survey.crosstab(WAVE, ITEM, "district")
    assert set(own["group_code"]) == {"PK201"}
    assert own["is_hidden"].any()
    assert own[own["is_hidden"]]["n_respondents"].isna().all()
    assert own[own["is_hidden"]]["pct"].isna().all()
    assert own.reset_index(drop=True).equals(everyone.reset_index(drop=True))


def test_a_department_secretary_gets_no_breakdown_by_department():
    with acting_as(HEALTH_SECRETARY):
        assert survey.crosstab(WAVE, ITEM, "department").empty
        assert survey.group_differences(WAVE, "department").empty
        assert not survey.group_differences(WAVE, "level").empty


def test_the_public_gets_no_survey_at_all():
    with acting_as(PUBLIC):
        with pytest.raises(SnapshotUnavailable):
            survey.crosstab(WAVE, ITEM, "level")
        with pytest.raises(SnapshotUnavailable):
            survey.distribution(WAVE)


# -- Page by page: Data health and the audit trail ---------------------------------------------


@pytest.mark.parametrize("scope", [PUBLIC, DC_GWADAR, HEALTH_SECRETARY], ids=lambda s: s.role)
def test_quarantine_and_loads_are_closed_to_everyone_but_the_engineer_and_policy_maker(scope):
    with acting_as(scope):
        for read in (data_health.freshness, data_health.quarantine, data_health.latest_loads):
            with pytest.raises(SnapshotUnavailable):
                read()
        with pytest.raises(PermissionError):
            audit.events()


def test_the_data_engineer_reads_loads_quarantine_and_the_audit_trail():
    with acting_as(DATA_ENGINEER):
        assert not data_health.quarantine().empty
        assert not data_health.unresolved_districts().empty
        assert audit.events().empty  # nothing recorded yet, but readable


# -- Bypass attempts --------------------------------------------------------------------------

HOSTILE = [
    "' OR 1=1 --",
    "PK201' OR '1'='1",
    "PK201; drop table main.dim_district; --",
    "'); drop table dim_district; --",
    "PK２０１",  # full-width digits
    "ＰＫ201",  # full-width letters
    "РК201",  # Cyrillic Р and К
    "PK201\u200b",  # zero-width space
    "pk201",
    "PK201\x00",
    "%",
    "*",
    "",
]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
@pytest.mark.parametrize("scope", [DC_GWADAR, POLICY_MAKER], ids=lambda s: s.role)
def test_filter_values_carrying_sql_or_look_alike_characters_find_nothing_and_break_nothing(
    scope, value, facts
):
    with acting_as(scope):
        assert complaints.geography_month(OCTOBER, "district", value) is None
        assert complaints.district_ranking(OCTOBER, METRIC, division=value).empty
        assert set(complaints.trend(METRIC, value)["geo_level"]) <= {"province"}
        assert survey.crosstab(WAVE, ITEM, "district", value).empty
        assert filters.districts(value).empty
        with pytest.raises(ValueError):
            complaints.district_ranking(OCTOBER, value)  # identifiers only from the allow-list
    with acting_as(POLICY_MAKER):
        assert len(filters.districts()) == len(facts.district_pcodes)


def test_raw_sql_in_a_district_officers_catalog_cannot_write_attach_or_unlock(tmp_path):
    with acting_as(DC_GWADAR):
        everything = rows("select distinct geo_code from main.rpt_complaints__monthly")
        assert set(everything["geo_code"]) == {"PK2", "Mekran", "PK205"}
        for statement in (
            "create table main.x as select 1",
            "drop view main.dim_district",
            f"attach '{tmp_path / 'other.duckdb'}' as other",
            "set enable_external_access = true",
            "set lock_configuration = false",
        ):
            with pytest.raises(duckdb.Error):
                rows(statement)
        assert rows("select count(*) as n from main.dim_district")["n"].iloc[0] == 1


def test_a_cached_result_is_never_served_to_another_scope():
    sql = "select count(*) as n from main.rpt_complaints__monthly where geo_level = 'district'"
    with acting_as(POLICY_MAKER):
        everyone = rows(sql)["n"].iloc[0]
        assert len(districts.district_boundaries()["features"]) == 6
    with acting_as(DC_GWADAR):
        assert rows(sql)["n"].iloc[0] < everyone
        assert len(districts.district_boundaries()["features"]) == 1
        assert snapshot.connection(str(snapshot.current_snapshot().path)) is not None
    with acting_as(POLICY_MAKER):
        assert rows(sql)["n"].iloc[0] == everyone


def _query_modules():
    for info in pkgutil.iter_modules(dashboards.queries.__path__):
        yield importlib.import_module(f"dashboards.queries.{info.name}")


def test_every_cache_of_query_results_is_keyed_by_the_readers_scope():
    cached = []
    for module in _query_modules():
        for name, member in vars(module).items():
            # Streamlit's cached functions expose clear(); plain functions do not.
            if callable(member) and hasattr(member, "clear") and hasattr(member, "__wrapped__"):
                if member.__module__ != module.__name__:
                    continue
                parameters = inspect.signature(member.__wrapped__).parameters
                cached.append((module.__name__, name))
                assert "scope_key" in parameters, f"{module.__name__}.{name}"
    assert ("dashboards.queries.districts", "_boundaries") in cached
