"""Landing the mutation register export: every mutation loads or is quarantined."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from orchestration.defs.lrmis import extract
from orchestration.defs.lrmis.extract import MutationRegisterError
from orchestration.lib import landing
from orchestration.lib.delimited import DelimitedFileError
from simulator import lrmis
from simulator.common import Messiness

KEY = "2026-10-01"


def _mutation(number: int, **changes: str) -> dict[str, str]:
    return {
        "mutation_id": f"LRM-2026-{number:07d}",
        "mutation_type": "Sale",
        "mauza": "Killi Shadezai",
        "tehsil": "Saddar",
        "district": "Quetta",
        "application_date": "02-09-2026",
        "attestation_date": "10-10-2026",
        "status": "Attested",
        "fee": "1,500",
        **changes,
    }


GOOD = [
    _mutation(1),
    _mutation(
        2, mutation_type="Warasat", status="Pending", attestation_date="", fee="500", district="Hub"
    ),
]


@pytest.fixture
def inbox(warehouse: Path) -> Path:
    folder = warehouse / "simulated_sources" / "lrmis" / "inbox"
    folder.mkdir(parents=True)
    return folder


def _export(inbox: Path, records: list[dict], headings=lrmis.HEADINGS_AFTER) -> Path:
    path = inbox / "mutation_register_2026-10.csv"
    lrmis.write_export(path, headings, records)
    return path


def _land() -> tuple[landing.LoadAccount, pl.DataFrame, pl.DataFrame]:
    [account] = extract.land_month(KEY)
    folder = landing.partition_dir("lrmis", "mutations", KEY)
    return (
        account,
        pl.read_parquet(folder / "data.parquet"),
        pl.read_parquet(folder / "quarantine.parquet"),
    )


def _reasons(bad: pl.DataFrame) -> list[str]:
    return bad.sort("row_number")["reason"].to_list()


def test_every_simulated_export_accounts_for_every_row(inbox):
    messy = Messiness(district_unresolvable=0.03, malformed_date=0.05, duplicated_row=0.02)
    summary = lrmis.generate(inbox, scale=0.02, seed=7, messiness=messy)
    kinds = set()
    for month in ("2023-01", "2024-12", "2025-01", "2026-10"):
        [account] = extract.land_month(f"{month}-01")
        assert account.rows_read == summary["rows_by_file"][f"mutation_register_{month}"]
        assert account.rows_read == account.rows_loaded + account.rows_quarantined
        kinds |= {r.split(":")[0] for r in account.quarantine_reasons}
    assert kinds == {
        "duplicate mutation_id",
        "unknown district",
        "attestation before application",
        "malformed fee",
    }


def test_a_mutation_loads_with_its_type_status_dates_and_fee_typed(inbox):
    _export(inbox, GOOD)
    account, data, bad = _land()
    assert (account.rows_read, account.rows_loaded, bad.height) == (2, 2, 0)
    assert data["mutation_type"].to_list() == ["sale", "inheritance"]
    assert data["status"].to_list() == ["attested", "pending"]
    assert data["fee_pkr"].to_list() == [Decimal("1500.00"), Decimal("500.00")]
    assert [str(d) for d in data["attestation_date"]] == ["2026-10-10", "None"]
    assert data.select("district_unit", "district_pcode").rows() == [
        ("Quetta", "PK226"),
        ("Hub", "PK217"),
    ]


def test_attestation_before_application_is_quarantined(inbox):
    _export(inbox, [*GOOD, _mutation(3, attestation_date="10-10-2025")])
    _, data, bad = _land()
    assert _reasons(bad) == [
        "attestation before application: attested 2025-10-10 < applied 2026-09-02"
    ]
    assert bad["row_number"].to_list() == [4] and data.height == 2


def test_an_unknown_district_is_quarantined_with_a_suggestion(inbox):
    _export(inbox, [*GOOD, _mutation(3, district="Khuzdaar")])
    _, _, bad = _land()
    assert _reasons(bad) == ["unknown district: 'Khuzdaar'"]
    assert "Khuzdar" in bad["suggestion"][0]


def test_a_duplicate_mutation_id_in_one_export_keeps_the_first(inbox):
    _export(inbox, [*GOOD, _mutation(1, fee="900")])
    _, data, bad = _land()
    assert _reasons(bad) == ["duplicate mutation_id: 'LRM-2026-0000001' (first at line 2)"]
    assert data.height == 2 and Decimal("900") not in data["fee_pkr"].to_list()


@pytest.mark.parametrize("fee", ["Rs. 500", "N/A", "five hundred", "1,50,0"])
def test_a_fee_that_is_not_a_number_is_quarantined(inbox, fee):
    _export(inbox, [*GOOD, _mutation(3, fee=fee)])
    _, _, bad = _land()
    assert _reasons(bad) == [f"malformed fee: '{fee}'"]


def test_malformed_dates_unknown_types_and_statuses_are_quarantined(inbox):
    _export(
        inbox,
        [
            *GOOD,
            _mutation(3, application_date="31-02-2026"),
            _mutation(4, mutation_type="Lease"),
            _mutation(5, status="Approved"),
            _mutation(6, attestation_date=""),
        ],
    )
    _, _, bad = _land()
    assert _reasons(bad) == [
        "malformed application_date: '31-02-2026'",
        "unknown mutation_type: 'Lease'",
        "unknown status: 'Approved'",
        "missing attestation_date: status is attested",
    ]


def test_the_old_and_new_headings_load_alike_and_an_unknown_rename_stops_the_load(inbox):
    _export(inbox, GOOD, lrmis.HEADINGS_BEFORE)
    assert _land()[0].rows_loaded == 2
    renamed = tuple("Intiqal Fee" if h == "Fee (Rs)" else h for h in lrmis.HEADINGS_AFTER)
    path = _export(inbox, GOOD, renamed)
    with pytest.raises(DelimitedFileError) as err:
        extract.land_month(KEY)
    assert str(path) in str(err.value)
    assert "['fee']" in str(err.value) and "'Intiqal Fee'" in str(err.value)


def test_a_missing_file_for_a_month_is_a_clear_error(inbox):
    _export(inbox, GOOD)
    with pytest.raises(
        MutationRegisterError,
        match=r"no mutation register export for 2026-09 "
        r"in .* \(expected mutation_register_2026-09.csv; latest present: "
        r"mutation_register_2026-10.csv\)",
    ):
        extract.land_month("2026-09-01")


def test_an_empty_inbox_says_so(inbox):
    with pytest.raises(MutationRegisterError, match="the inbox holds no export"):
        extract.land_month(KEY)
