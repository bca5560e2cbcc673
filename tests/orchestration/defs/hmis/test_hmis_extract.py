from __future__ import annotations

import json

import polars as pl
import pytest

from orchestration.defs.hmis import extract
from orchestration.lib import landing
from orchestration.lib.http_source import (
    MalformedResponseError,
    SourceAuthError,
    SourceUnavailableError,
)

MONTH = "2024-01-01"


def _landed(entity: str, key: str = MONTH) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("hmis", entity, key) / "data.parquet")


def _quarantined(entity: str, key: str = MONTH) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("hmis", entity, key) / "quarantine.parquet")


@pytest.fixture
def landed(hmis_api_url, hmis_server) -> dict[str, landing.LoadAccount]:
    with extract.HmisExtract() as run:
        accounts = {a.entity: a for a in run.land_month(MONTH)}
    return accounts


def _served(hmis_server, period: str = "202401") -> tuple[int, int]:
    """Data values and registrations the simulated DHIS2 holds for the month."""
    world = hmis_server.api.world
    reports = [r for f in world.facilities if (r := world.report(f, period))]
    return sum(len(r.values) for r in reports), sum(r.completed_at is not None for r in reports)


def test_every_value_served_is_either_loaded_or_quarantined_with_a_reason(landed, hmis_server):
    values, registrations = _served(hmis_server)
    assert landed["data_values"].rows_read == values
    assert landed["completeness"].rows_read == registrations
    for account in landed.values():
        assert account.rows_read == account.rows_loaded + account.rows_quarantined
        assert _landed(account.entity).height == account.rows_loaded
        assert _quarantined(account.entity).height == account.rows_quarantined
    assert landed["data_values"].rows_quarantined > 0


@pytest.mark.parametrize(
    ("kind", "example"),
    [
        ("non-numeric value", "non-numeric value: '"),
        ("negative count", "negative count: '-"),
        ("duplicate data value", "same data element, option combo, org unit and period"),
        ("unknown org unit", "is not in the organisationUnits hierarchy"),
    ],
)
def test_bad_values_are_quarantined_by_kind_with_the_value_and_its_request(landed, kind, example):
    bad = _quarantined("data_values").filter(pl.col("reason").str.starts_with(kind))
    assert bad.height > 0, f"no '{kind}' in the month"
    assert bad["reason"].str.contains(example, literal=True).all()
    raw = json.loads(bad["raw_record"][0])
    assert raw["chunk_org_unit"] and raw["dataElement"] and raw["period"] == "202401"
    assert (
        bad["origin"][0].startswith("http://127.0.0.1:")
        and "/api/dataValueSets" in bad["origin"][0]
    )
    assert (bad["row_number"] >= 1).all()


def test_a_duplicated_value_loads_once_the_first_copy_as_delivered(landed):
    values = _landed("data_values")
    keys = [
        "org_unit_id",
        "data_element_id",
        "category_option_combo_id",
        "attribute_option_combo_id",
        "period",
    ]
    assert values.select(keys).is_unique().all()
    assert values["value"].min() >= 0
    assert values["value"].is_not_null().all()


def test_values_of_a_facility_missing_from_the_hierarchy_land_in_no_district(landed, hmis_server):
    hidden = {f["id"] for f in hmis_server.api.world.facilities if f["_sim"]["hidden"]}
    assert not hidden & set(_landed("data_values")["org_unit_id"])
    bad = _quarantined("data_values").filter(pl.col("reason").str.starts_with("unknown org unit"))
    assert {json.loads(r)["orgUnit"] for r in bad["raw_record"]} <= hidden


def test_facilities_are_placed_in_districts_through_their_org_unit_path(landed):
    units = _landed("org_units")
    facilities = units.filter(pl.col("is_facility"))
    assert facilities["district_pcode"].is_not_null().all()
    assert set(facilities["facility_type"]) <= {
        "DHQ Hospital",
        "THQ Hospital",
        "Rural Health Centre",
        "Basic Health Unit",
        "Civil Dispensary",
        "MCH Centre",
    }
    hub = facilities.filter(pl.col("district_reported") == "Hub")
    assert hub.height > 0
    assert set(hub["district_unit"]) == {"Hub"} and set(hub["district_pcode"]) == {"PK217"}
    lehri = facilities.filter(pl.col("district_reported") == "Lehri")
    assert set(lehri["district_pcode"]) == {"PK228"}  # Sibi
    kech = units.filter(pl.col("district_reported") == "Kech (Turbat)")
    assert set(kech["district_pcode"]) == {"PK211"}
    above = units.filter(pl.col("level") < 3)
    assert above["district_pcode"].is_null().all() and above.height == 9
    values = _landed("data_values")
    assert values["district_pcode"].is_not_null().all()


def test_completeness_says_whether_each_report_came_by_the_10th(landed):
    done = _landed("completeness")
    assert done.height > 0
    due = pl.datetime(2024, 2, 10, 23, 59, 59)
    assert done.select((pl.col("on_time") == (pl.col("completed_at") <= due)).all()).item()
    assert done.filter(~pl.col("on_time"))["days_late"].min() >= 1
    assert (done.filter(pl.col("on_time"))["days_late"] == 0).all()


def test_relanding_a_month_gives_the_same_rows(landed, hmis_api_url):
    first = _landed("data_values")
    with extract.HmisExtract() as run:
        run.land_month(MONTH)
    assert _landed("data_values").equals(first)


@pytest.mark.parametrize("concurrent", ["1", "3"])
def test_months_read_ahead_in_a_planned_run_land_as_each_month_read_alone(
    hmis_api_url, monkeypatch, concurrent
):
    months = ["2023-11-01", "2023-12-01", "2024-01-01"]
    alone = {}
    for month in months:
        with extract.HmisExtract() as run:
            run.land_month(month)
        alone[month] = (_landed("data_values", month), _quarantined("data_values", month))
    monkeypatch.setenv("BGW_HMIS_CONCURRENT_REQUESTS", concurrent)
    with extract.HmisExtract() as run:
        run.plan(months)
        for month in months:
            run.land_month(month)
        run.land_month(months[1])  # out of the planned order: read again on its own
    for month in months:
        values, quarantined = alone[month]
        assert _landed("data_values", month).equals(values)
        assert _quarantined("data_values", month).equals(quarantined)


def test_a_district_nobody_has_mapped_is_quarantined_with_a_suggestion(hmis_api_url, hmis_server):
    world = hmis_server.api.world
    kalat = next(u for u in world.listed if u["level"] == 3 and u["name"] == "Kalat")
    kalat["name"] = "Kalatt"
    try:
        with extract.HmisExtract() as run:
            accounts = {a.entity: a for a in run.land_month(MONTH)}
    finally:
        kalat["name"] = "Kalat"
    units = _quarantined("org_units")
    assert set(units["reason"]) == {"unknown district: 'Kalatt'"}
    assert units["suggestion"].str.contains("Kalat").all()
    values = _quarantined("data_values").filter(pl.col("reason").str.starts_with("unknown dis"))
    assert values.height > 0 and (values["reason"] == "unknown district: 'Kalatt'").all()
    assert accounts["org_units"].rows_read == accounts["org_units"].rows_loaded + units.height


# --- the API misbehaving --------------------------------------------------------------------
def test_dhis2_answering_500_then_recovering_loads_the_month(hmis_api_url, hmis_server):
    hmis_server.api.faults.fail(500, times=2, path="/api/dataValueSets")
    with extract.HmisExtract() as run:
        accounts = run.land_month(MONTH)
        assert run.stats["http_retries"] == 2
    assert accounts[1].rows_loaded > 0


def test_dhis2_still_failing_after_every_retry_names_the_request(
    hmis_api_url, hmis_server, monkeypatch
):
    monkeypatch.setenv("BGW_HMIS_MAX_ATTEMPTS", "3")
    # Failing for good: chunks are asked for two at a time, so a fault that gives up after
    # a few answers could be spread over two requests and never exhaust one.
    hmis_server.api.faults.fail(502, times=1000, path="/api/dataValueSets")
    with extract.HmisExtract() as run, pytest.raises(SourceUnavailableError) as err:
        run.land_month(MONTH)
    assert "/api/dataValueSets?dataSet=" in str(err.value) and "period 202401" in str(err.value)
    assert not landing.partition_dir("hmis", "data_values", MONTH).exists()


def test_a_timeout_then_an_answer_loads_the_month(hmis_api_url, hmis_server, monkeypatch):
    monkeypatch.setenv("BGW_HMIS_TIMEOUT_SECONDS", "0.5")
    hmis_server.api.faults.slow(1.5, times=1, path="/api/completeDataSetRegistrations")
    with extract.HmisExtract() as run:
        accounts = run.land_month(MONTH)
        assert run.stats["http_retries"] == 1
    assert accounts[2].rows_loaded > 0


def test_wrong_credentials_are_a_401_error_naming_the_settings_without_retrying(
    hmis_api_url, hmis_server, monkeypatch
):
    monkeypatch.setenv("BGW_HMIS_PASSWORD", "not-the-password")
    with extract.HmisExtract() as run, pytest.raises(SourceAuthError) as err:
        run.land_month(MONTH)
    assert "HTTP 401" in str(err.value) and "BGW_HMIS_PASSWORD" in str(err.value)
    assert "/api/dataSets" in str(err.value)
    assert run.stats["http_requests"] == 1


def test_a_user_not_allowed_the_data_set_is_a_403_error(hmis_api_url, monkeypatch):
    monkeypatch.setenv("BGW_HMIS_USERNAME", "clerk")
    with extract.HmisExtract() as run, pytest.raises(SourceAuthError) as err:
        run.land_month(MONTH)
    assert "HTTP 403" in str(err.value) and "/api/dataValueSets" in str(err.value)


def test_an_api_token_works_instead_of_a_password(hmis_api_url, monkeypatch):
    from simulator.hmis import API_TOKEN

    monkeypatch.setenv("BGW_HMIS_TOKEN", API_TOKEN)
    monkeypatch.setenv("BGW_HMIS_PASSWORD", "wrong-but-unused")
    with extract.HmisExtract() as run:
        assert run.land_month(MONTH)[1].rows_loaded > 0


def test_malformed_json_is_an_error_naming_the_endpoint_and_the_page(hmis_api_url, hmis_server):
    hmis_server.api.faults.malformed(times=1, path="/api/organisationUnits")
    with extract.HmisExtract() as run, pytest.raises(MalformedResponseError) as err:
        run.land_month(MONTH)
    assert "/api/organisationUnits?paging=true&page=1" in str(err.value)
    assert "(page 1 of ?)" in str(err.value) and "not valid JSON" in str(err.value)


def test_a_base_url_that_is_not_a_dhis2_root_says_so(hmis_api_url, monkeypatch):
    monkeypatch.setenv("BGW_HMIS_BASE_URL", f"{hmis_api_url}/api")
    with extract.HmisExtract() as run, pytest.raises(Exception, match="/api/api/dataSets"):
        run.land_month(MONTH)
