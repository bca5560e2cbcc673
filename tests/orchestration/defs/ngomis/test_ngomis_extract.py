"""Landing the NGO registry export: registrations and their districts, nothing lost."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from orchestration.defs.ngomis import extract
from orchestration.defs.ngomis.extract import NgoRegistryError
from orchestration.lib import landing
from orchestration.lib.delimited import DelimitedFileError
from simulator import ngomis
from simulator.common import Messiness

KEY = "2026-10-01"


def _ngo(number: str, **changes: str) -> dict[str, str]:
    return {
        "registration_no": number,
        "ngo_name": "Roshan Welfare Society",
        "sector": "Education",
        "districts_of_operation": "Quetta; Pishin",
        "application_date": "2019-02-01",
        "registration_date": "2019-06-15",
        "renewal_date": "",
        "status": "Active",
        **changes,
    }


GOOD = [
    _ngo("SWD/2019/0001"),
    _ngo(
        "SWD/2019/0002",
        ngo_name="انجمن فلاح و بہبود",
        districts_of_operation="Kech",
        status="Lapsed",
    ),
]


@pytest.fixture
def inbox(warehouse: Path) -> Path:
    folder = warehouse / "simulated_sources" / "ngomis" / "inbox"
    folder.mkdir(parents=True)
    return folder


def _export(inbox: Path, records: list[dict], headings=ngomis.HEADINGS_AFTER) -> Path:
    path = inbox / "ngo_registry_2026-10.csv"
    ngomis.write_export(path, headings, records)
    return path


def _land() -> dict[str, tuple[landing.LoadAccount, pl.DataFrame, pl.DataFrame]]:
    out = {}
    for account in extract.land_month(KEY):
        folder = landing.partition_dir("ngomis", account.entity, KEY)
        out[account.entity] = (
            account,
            pl.read_parquet(folder / "data.parquet"),
            pl.read_parquet(folder / "quarantine.parquet"),
        )
    return out


def test_every_simulated_export_accounts_for_every_row_and_every_listed_district(inbox):
    messy = Messiness(district_unresolvable=0.05, malformed_date=0.05, duplicated_row=0.03)
    summary = ngomis.generate(inbox, scale=0.02, seed=7, messiness=messy)
    quarantined = 0
    for month in ("2024-01", "2025-06", "2025-07", "2026-10"):
        for account in extract.land_month(f"{month}-01"):
            assert account.rows_read == account.rows_loaded + account.rows_quarantined
            quarantined += account.rows_quarantined
            if account.entity == "registrations":
                assert account.rows_read == summary["rows_by_file"][f"ngo_registry_{month}"]
    assert quarantined > 0
    kinds = {
        r.split(":")[0]
        for r in pl.read_parquet(
            landing.partition_dir("ngomis", "registrations", KEY) / "quarantine.parquet"
        )["reason"]
    }
    assert kinds <= {
        "duplicate registration_no",
        "malformed application_date",
        "malformed registration_date",
        "missing application_date",
        "missing registration_date",
        "registration before application",
    }


def test_a_registration_loads_with_typed_dates_and_one_row_per_listed_district(inbox):
    _export(inbox, GOOD)
    landed = _land()
    account, data, bad = landed["registrations"]
    assert (account.rows_read, account.rows_loaded, bad.height) == (2, 2, 0)
    row = data.row(0, named=True)
    assert (
        str(row["export_month"]) == "2026-10-01" and str(row["registration_date"]) == "2019-06-15"
    )
    assert data["status"].to_list() == ["active", "lapsed"]
    assert data["ngo_name"][1] == "انجمن فلاح و بہبود"
    _, districts, _ = landed["districts_of_operation"]
    assert districts.select("registration_no", "list_position", "district_pcode").rows() == [
        ("SWD/2019/0001", 1, "PK226"),
        ("SWD/2019/0001", 2, "PK225"),
        ("SWD/2019/0002", 1, "PK211"),
    ]


def test_the_old_headings_and_day_first_dates_load_the_same(inbox):
    old = [{**r, "application_date": "01/02/2019", "registration_date": "15/06/2019"} for r in GOOD]
    _export(inbox, old, ngomis.HEADINGS_BEFORE)
    _, data, bad = _land()["registrations"]
    assert bad.height == 0 and str(data["application_date"][0]) == "2019-02-01"


def test_schema_drift_to_an_unknown_heading_stops_the_load_naming_file_and_heading(inbox):
    drifted = tuple("Reg Code" if h == "Reg. Number" else h for h in ngomis.HEADINGS_AFTER)
    path = _export(inbox, GOOD, drifted)
    with pytest.raises(DelimitedFileError) as err:
        extract.land_month(KEY)
    message = str(err.value)
    assert str(path) in message and "['registration_no']" in message and "'Reg Code'" in message
    assert landing.read_manifest("ngomis", "registrations", KEY) is None


def test_a_missing_column_stops_the_load(inbox):
    path = _export(inbox, GOOD)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    with pytest.raises(DelimitedFileError, match=r"missing required column\(s\) \['status'\]"):
        extract.land_month(KEY)


def test_wrong_types_are_quarantined_with_the_value_and_what_was_expected(inbox):
    _export(
        inbox,
        [
            *GOOD,
            _ngo("SWD/2019/0003", application_date="31/02/2019"),
            _ngo("SWD/2019/0004", renewal_date="soon"),
            _ngo("SWD/2019/0005", status="1"),
        ],
    )
    _, data, bad = _land()["registrations"]
    assert bad.sort("row_number")["reason"].to_list() == [
        "malformed application_date: '31/02/2019'",
        "malformed renewal_date: 'soon'",
        "unknown status: '1'",
    ]
    assert "YYYY-MM-DD" in bad["suggestion"][0]
    assert data.height == 2


def test_a_duplicated_registration_keeps_the_first_row(inbox):
    _export(inbox, [*GOOD, _ngo("SWD/2019/0001", ngo_name="Copy")])
    landed = _land()
    _, data, bad = landed["registrations"]
    assert bad["reason"].to_list() == [
        "duplicate registration_no: 'SWD/2019/0001' (first at line 2)"
    ]
    assert data.filter(pl.col("registration_no") == "SWD/2019/0001")["ngo_name"].to_list() == [
        "Roshan Welfare Society"
    ]
    assert landed["districts_of_operation"][0].rows_read == 3  # the copy's list is not read


def test_an_unknown_district_quarantines_only_that_item_with_a_suggestion(inbox):
    _export(inbox, [_ngo("SWD/2019/0001", districts_of_operation="Quetaa; Hub; Pishin, Pishin")])
    landed = _land()
    assert landed["registrations"][0].rows_loaded == 1
    account, districts, bad = landed["districts_of_operation"]
    assert (account.rows_read, account.rows_loaded, account.rows_quarantined) == (4, 2, 2)
    assert bad.sort("reason")["reason"].to_list() == [
        "duplicate district: 'Pishin' repeats item 3 of the list",
        "unknown district: 'Quetaa'",
    ]
    assert "Quetta" in bad.filter(pl.col("reason").str.starts_with("unknown"))["suggestion"][0]
    assert bad["row_number"].to_list() == [2, 2]
    assert districts["district_unit"].to_list() == ["Hub", "Pishin"]


def test_registration_before_application_is_quarantined(inbox):
    _export(inbox, [*GOOD, _ngo("SWD/2019/0003", application_date="2019-07-01")])
    _, _, bad = _land()["registrations"]
    assert bad["reason"].to_list() == [
        "registration before application: registered 2019-06-15 < applied 2019-07-01"
    ]


def test_a_month_whose_export_has_not_arrived_is_a_clear_error(inbox):
    _export(inbox, GOOD)
    with pytest.raises(
        NgoRegistryError,
        match="no registry export for 2026-11 in .*"
        "ngo_registry_2026-11.csv; latest present: ngo_registry_2026-10.csv",
    ):
        extract.land_month("2026-11-01")
