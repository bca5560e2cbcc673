from __future__ import annotations

import json
import sqlite3

import polars as pl
import pytest

from orchestration.defs.pis import extract
from orchestration.defs.pis.api import SchemaDriftError
from orchestration.lib import landing
from orchestration.lib.http_source import SourceAuthError, SourceUnavailableError
from simulator import pis

QUARTER = "2024-07-01"  # FY 2024-25 Q1


def _landed(entity: str, key: str = QUARTER) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("pis", entity, key) / "data.parquet")


def _quarantined(entity: str, key: str = QUARTER) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("pis", entity, key) / "quarantine.parquet")


def _reasons(entity: str) -> list[str]:
    return _quarantined(entity)["reason"].to_list()


@pytest.fixture
def landed(pis_api_url) -> dict[str, landing.LoadAccount]:
    with extract.PisExtract() as run:
        return {a.entity: a for a in run.land_quarter(QUARTER)}


def test_partition_keys_name_pakistan_fiscal_quarters():
    assert extract.fiscal_quarter("2024-07-01") == ("2024-25", "2024-25-Q1")
    assert extract.fiscal_quarter("2024-10-01") == ("2024-25", "2024-25-Q2")
    assert extract.fiscal_quarter("2025-01-01") == ("2024-25", "2024-25-Q3")
    assert extract.fiscal_quarter("2025-04-01") == ("2024-25", "2024-25-Q4")
    with pytest.raises(ValueError):
        extract.fiscal_quarter("2024-08-01")


def test_every_row_served_is_either_loaded_or_quarantined(landed, pis_data_dir):
    with sqlite3.connect(pis_data_dir / "pis" / pis.DB_FILE) as conn:
        schemes = conn.execute("select count(*) from schemes where fiscal_year = '2024-25'")
        returns = conn.execute("select count(*) from progress where quarter = '2024-25-Q1'")
        served = {"schemes": schemes.fetchone()[0], "scheme_progress": returns.fetchone()[0]}
    for entity, account in landed.items():
        assert account.rows_read == served[entity]
        assert account.rows_read == account.rows_loaded + account.rows_quarantined
        assert _landed(entity).height == account.rows_loaded
    assert landed["schemes"].rows_quarantined > 0
    assert landed["scheme_progress"].rows_quarantined > 0


def test_an_unknown_district_is_quarantined_with_a_suggestion_never_guessed(landed):
    bad = _quarantined("schemes").filter(pl.col("reason").str.starts_with("unknown district"))
    assert bad.height > 0
    assert bad["suggestion"].drop_nulls().len() > 0
    raw = json.loads(bad["raw_record"][0])
    assert raw["district"] in bad["reason"][0] and raw["page"]


def test_province_wide_schemes_load_without_a_district(landed):
    schemes = _landed("schemes")
    provincial = schemes.filter(pl.col("district_scope") == "provincial")
    assert provincial.height > 0 and provincial["district_pcode"].is_null().all()
    local = schemes.filter(pl.col("district_scope") == "district")
    assert local["district_pcode"].is_not_null().all()


def test_wrong_types_are_quarantined_naming_the_field_and_value(landed):
    reasons = _reasons("schemes") + _reasons("scheme_progress")
    malformed = [r for r in reasons if r.startswith("malformed ")]
    assert malformed, reasons
    assert all(r.count("'") == 2 for r in malformed)  # the value as received is quoted
    assert _landed("schemes")["allocation_pkr_m"].dtype == pl.Float64


def test_impossible_amounts_are_quarantined_with_both_figures(pis_api_url):
    with extract.PisExtract() as run:
        for key in (QUARTER, "2024-10-01", "2025-01-01"):
            run.land_quarter(key)
    reasons = [
        r
        for key in (QUARTER, "2024-10-01", "2025-01-01")
        for r in _quarantined("scheme_progress", key)["reason"].to_list()
    ]
    assert any(
        r.startswith("impossible amounts: expenditure") and "> releases" in r for r in reasons
    )
    assert any(
        r.startswith("impossible amounts: releases") and "> allocation" in r for r in reasons
    )
    assert any(r.startswith("impossible progress: 130.0%") for r in reasons)
    progress = pl.concat(_landed("scheme_progress", k) for k in (QUARTER, "2024-10-01"))
    assert (progress["expenditure_to_date_pkr_m"] <= progress["releases_to_date_pkr_m"]).all()


def test_duplicate_scheme_rows_load_once(pis_api_url):
    with extract.PisExtract() as run:
        for key in (QUARTER, "2024-10-01"):
            run.land_quarter(key)
    reasons = _reasons("schemes") + _reasons("scheme_progress")
    reasons += _quarantined("scheme_progress", "2024-10-01")["reason"].to_list()
    assert any(r.startswith("duplicate scheme: id") for r in reasons)
    assert any(r.startswith("duplicate return: scheme") for r in reasons)
    assert _landed("schemes")["scheme_id"].is_unique().all()


def test_a_field_the_api_renamed_in_a_known_release_is_mapped_explicitly(pis_api_url):
    with extract.PisExtract() as run:
        run.land_quarter("2025-07-01")  # FY 2025-26: the API calls it cost_estimate
    schemes = _landed("schemes", "2025-07-01")
    assert schemes.height > 0 and schemes["estimated_cost_pkr_m"].is_not_null().all()


def test_an_unannounced_rename_stops_the_load_naming_endpoint_page_and_fields(
    pis_api_url, pis_server
):
    pis_server.api.drift = {"district": "district_name"}
    with extract.PisExtract() as run, pytest.raises(SchemaDriftError) as err:
        run.land_quarter(QUARTER)
    message = str(err.value)
    assert "/api/v1/schemes?fiscal_year=2024-25" in message and "(page 1)" in message
    assert "['district']" in message and "district_name" in message
    assert "FIELD_ALIASES" in message
    assert not landing.partition_dir("pis", "schemes", QUARTER).exists()


# --- the API misbehaving --------------------------------------------------------------------
def test_a_429_is_waited_out_as_retry_after_asks(pis_api_url, pis_server):
    pis_server.api.faults.fail(
        429, times=1, retry_after=1, path="/api/v1/progress", payload={"error": "rate_limited"}
    )
    with extract.PisExtract() as run:
        accounts = run.land_quarter(QUARTER)
        assert run.stats["http_rate_limited"] == 1 and run.stats["http_waited_seconds"] == 1
    assert accounts[1].rows_loaded > 0


def test_the_rate_limit_of_the_api_itself_is_honoured(pis_api_url, pis_server, monkeypatch):
    monkeypatch.setenv("BGW_PIS_PER_PAGE", "20")  # more pages a second than the limit
    pis_server.api.rate_limit = 10
    with extract.PisExtract() as run:
        accounts = run.land_quarter(QUARTER)
        assert run.stats["http_rate_limited"] >= 1
    assert accounts[0].rows_read == accounts[0].rows_loaded + accounts[0].rows_quarantined


def test_a_client_paced_within_the_documented_limit_is_never_told_to_wait(
    pis_api_url, pis_server, monkeypatch
):
    monkeypatch.setenv("BGW_PIS_PER_PAGE", "20")  # more pages a second than the limit
    monkeypatch.setenv("BGW_PIS_RATE_LIMIT", "8")  # a margin for this busy test machine
    pis_server.api.rate_limit = 10
    with extract.PisExtract() as run:
        run.land_quarter(QUARTER)
        stats = run.stats
    assert stats["http_requests"] > 10 and stats["http_paced_seconds"] > 0
    assert stats["http_rate_limited"] == 0


def test_the_register_is_read_once_for_the_quarters_of_a_year_landed_together(
    pis_api_url, pis_server
):
    log = pis_server.api.log
    start = len(log)
    with extract.PisExtract() as run:
        for key in (QUARTER, "2024-10-01", "2025-07-01"):
            run.land_quarter(key)
    asked = [target for _, target, _ in log[start:] if target.startswith("/api/v1/schemes")]
    assert sum("fiscal_year=2024-25&page=1&" in t for t in asked) == 1
    assert sum("fiscal_year=2025-26&page=1&" in t for t in asked) == 1
    q1, q2 = _landed("schemes", QUARTER), _landed("schemes", "2024-10-01")
    assert q1.drop("quarter_read").equals(q2.drop("quarter_read"))
    assert set(q2["quarter_read"]) == {"2024-25-Q2"}


def test_an_expired_token_is_renewed_and_the_load_goes_on(pis_api_url, pis_server, landed):
    before = _landed("schemes")
    pis_server.api.token_requests = 2  # every token now lasts two requests
    with extract.PisExtract() as run:
        run.land_quarter(QUARTER)
        assert run.stats["http_reauthenticated"] >= 3
    assert _landed("schemes").equals(before)


def test_a_500_then_recovery_loads_the_quarter(pis_api_url, pis_server):
    pis_server.api.faults.fail(500, times=2, path="/api/v1/schemes")
    with extract.PisExtract() as run:
        accounts = run.land_quarter(QUARTER)
        assert run.stats["http_retries"] == 2
    assert accounts[0].rows_loaded > 0


def test_a_500_that_does_not_go_away_is_an_error_naming_the_page(
    pis_api_url, pis_server, monkeypatch
):
    monkeypatch.setenv("BGW_PIS_MAX_ATTEMPTS", "2")
    pis_server.api.faults.fail(500, times=2, path="/api/v1/progress")
    with extract.PisExtract() as run, pytest.raises(SourceUnavailableError) as err:
        run.land_quarter(QUARTER)
    assert "/api/v1/progress?quarter=2024-25-Q1" in str(err.value)
    assert "(page 1)" in str(err.value)


def test_a_wrong_client_secret_is_an_auth_error_not_retried(pis_api_url, monkeypatch):
    monkeypatch.setenv("BGW_PIS_CLIENT_SECRET", "wrong")
    with extract.PisExtract() as run, pytest.raises(SourceAuthError) as err:
        run.land_quarter(QUARTER)
    assert "HTTP 401" in str(err.value) and "BGW_PIS_CLIENT_SECRET" in str(err.value)
    assert "/api/v1/auth/token" in str(err.value)
