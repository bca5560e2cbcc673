"""Landing the e-services catalogue: what loads, what is quarantined, what stops the load."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from orchestration.defs.eservices import catalogue, extract
from orchestration.lib import landing
from simulator import eservices

TODAY = date(2026, 11, 15)


@pytest.fixture
def folder(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = warehouse / "it_department_share"
    monkeypatch.setenv("BGW_ESERVICES_CATALOGUE_DIR", str(path))
    eservices.write_catalogue(path)
    return path


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _rewrite(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _land() -> dict[str, landing.LoadAccount]:
    accounts = {a.entity: a for a in extract.land_catalogue(TODAY)}
    for account in accounts.values():
        assert account.rows_read == account.rows_loaded + account.rows_quarantined
    return accounts


def _quarantine(entity: str) -> pl.DataFrame:
    return pl.read_parquet(
        landing.partition_dir("eservices", entity, "current") / "quarantine.parquet"
    ).sort("row_number")


def _loaded(entity: str) -> pl.DataFrame:
    return pl.read_parquet(landing.partition_dir("eservices", entity, "current") / "data.parquet")


def _edit_service(folder: Path, service_id: str, **changes: str) -> None:
    rows = _rows(folder, "services.csv")
    for row in rows:
        if row["service_id"] == service_id:
            row.update(changes)
    _rewrite(folder, "services.csv", rows)


def test_the_demo_catalogue_loads_except_its_three_deliberate_mistakes(folder):
    accounts = _land()
    counts = eservices.write_catalogue(folder)
    assert {e: a.rows_read for e, a in accounts.items()} == counts
    assert {e: a.quarantine_reasons for e, a in accounts.items()} == {
        "portals": {},
        "services": {
            "duplicate service: service_id 'NGO-APPLY' is also in row 14": 1,
            "launch date in the future: 2062-03-01 is after 2026-11-15": 1,
        },
        "checklist": {"checklist answer not yes/no: 'partly'": 1},
    }
    services = _loaded("services")
    gob = services.filter(pl.col("service_id") == "GOB-INFO").row(0, named=True)
    assert (gob["un_stage"], gob["un_stage_number"], gob["is_synthetic"]) == ("Enhanced", 2, False)
    assert services["catalogue_version"].unique().to_list() == [catalogue.version(folder)]


def test_an_unknown_stage_is_quarantined_with_the_five_stages(folder):
    _edit_service(folder, "HMIS-VACC", un_stage="Advanced")
    _land()
    [bad] = _quarantine("services").rows(named=True)[:1]
    assert bad["reason"] == "unknown stage: 'Advanced'"
    assert "Emerging, Enhanced, Interactive, Transactional, Connected" in bad["suggestion"]


def test_an_unknown_department_is_quarantined(folder):
    _edit_service(folder, "HMIS-VACC", department_code="MINES")
    _land()
    assert "unknown department: 'MINES'" in _quarantine("services")["reason"].to_list()


def test_a_service_entered_twice_under_two_ids_is_a_duplicate_service(folder):
    rows = _rows(folder, "services.csv")
    copy = dict(next(r for r in rows if r["service_id"] == "JOBS"), service_id="JOBS-2")
    _rewrite(folder, "services.csv", [*rows, copy])
    _land()
    reasons = _quarantine("services")["reason"].to_list()
    assert any(
        r.startswith(
            "duplicate service: 'Government vacancies and applications' (mobile_app) is also in row"
        )
        for r in reasons
    )


def test_a_launch_date_in_the_future_or_not_a_date_is_quarantined(folder):
    _edit_service(folder, "HMIS-VACC", launched_on="2027-01-01")
    _edit_service(folder, "JOBS", launched_on="31/02/2023")
    _land()
    reasons = _quarantine("services")["reason"].to_list()
    assert "launch date in the future: 2027-01-01 is after 2026-11-15" in reasons
    assert "malformed launched_on: '31/02/2023'" in reasons


def test_a_checklist_answer_that_is_not_yes_or_no_is_quarantined(folder):
    rows = _rows(folder, "checklist.csv")
    rows[0]["answer"], rows[1]["answer"], rows[2]["answer"] = "Y", "maybe", ""
    _rewrite(folder, "checklist.csv", rows)
    _land()
    reasons = _quarantine("checklist")["reason"].to_list()
    assert reasons[:2] == [
        "checklist answer not yes/no: 'maybe'",
        "checklist answer not yes/no: ''",
    ]
    assert _loaded("checklist").height == len(rows) - 3  # 'Y' is yes; 'partly' stays bad


def test_unknown_portals_and_indicators_are_quarantined(folder):
    rows = _rows(folder, "checklist.csv")
    rows[0]["portal_id"], rows[1]["indicator_code"] = "NO-SUCH-PORTAL", "ZZ99"
    _rewrite(folder, "checklist.csv", rows)
    _edit_service(folder, "JOBS", portal_id="NOPE")
    _land()
    assert _quarantine("checklist")["reason"].to_list()[:2] == [
        "unknown portal: 'NO-SUCH-PORTAL'",
        "unknown indicator: 'ZZ99'",
    ]
    assert "unknown portal: 'NOPE'" in _quarantine("services")["reason"].to_list()


def test_a_district_website_must_name_a_district_exactly(folder):
    rows = _rows(folder, "portals.csv")
    next(r for r in rows if r["portal_id"] == "DG-LASBELA")["district"] = "Lasbella"
    _rewrite(folder, "portals.csv", rows)
    _land()
    [bad] = _quarantine("portals").rows(named=True)
    assert (bad["reason"], bad["suggestion"].split("; ")[0]) == (
        "unknown district: 'Lasbella'",
        "Lasbela",
    )
    assert _loaded("portals").filter(pl.col("portal_id") == "DG-QUETTA")[
        "district_pcode"
    ].to_list() == ["PK226"]


def test_a_missing_required_column_stops_the_load_naming_file_and_column(folder):
    rows = [{k: v for k, v in r.items() if k != "un_stage"} for r in _rows(folder, "services.csv")]
    _rewrite(folder, "services.csv", rows)
    with pytest.raises(
        catalogue.CatalogueError, match=r"services.csv is missing required column\(s\) un_stage"
    ):
        extract.land_catalogue(TODAY)
    assert not landing.partition_dir("eservices", "portals", "current").exists()


def test_a_missing_file_and_text_that_is_not_utf8_are_named(folder):
    (folder / "checklist.csv").write_bytes(
        "portal_id,indicator_code,answer,assessed_on,synthetic,note\nGOB-PORTAL,IF01,\xe9\n".encode(
            "latin-1"
        )
    )
    with pytest.raises(catalogue.CatalogueError, match=r"checklist.csv row 2 is not UTF-8"):
        extract.land_catalogue(TODAY)
    (folder / "checklist.csv").unlink()
    with pytest.raises(catalogue.CatalogueError, match=r"checklist.csv is missing"):
        extract.land_catalogue(TODAY)


def test_what_a_spreadsheet_does_to_a_csv_is_forgiven(folder):
    path = folder / "portals.csv"
    text = path.read_text(encoding="utf-8").replace(",", ";")  # a locale that saves with ;
    lines = text.splitlines()
    path.write_text(
        "\ufeff" + lines[0] + ";comments\n\n" + "\n".join(lines[1:]) + "\n", encoding="utf-8"
    )
    accounts = _land()
    assert accounts["portals"].rows_loaded == len(eservices.PORTALS)


def test_the_version_changes_with_the_content_not_with_a_resave(folder):
    before = catalogue.version(folder)
    (folder / "portals.csv").write_bytes((folder / "portals.csv").read_bytes())
    assert catalogue.version(folder) == before
    _edit_service(folder, "JOBS", un_stage="Connected")
    assert catalogue.version(folder) != before
