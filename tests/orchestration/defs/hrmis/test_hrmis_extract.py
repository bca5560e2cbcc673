"""Extracting HR MIS month-end snapshots: counts add up, bad rows quarantined, deletions kept."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

from orchestration.defs.hrmis import extract
from orchestration.lib import landing
from orchestration.lib.sql_source import SourceUnavailableError
from simulator import hrmis
from simulator.common import Messiness

KEY = "2026-10-01"
MESSY = Messiness(
    district_unresolvable=0.03, malformed_date=0.03, duplicated_row=0.02, blank_value=0.04
)


def _db(warehouse: Path, messiness: Messiness, name: str = "hrmis") -> str:
    path = warehouse / "simulated_sources" / "hrmis" / f"{name}.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    hrmis.generate(url, scale=0.004, seed=11, messiness=messiness)
    return url


@pytest.fixture
def clean_db(warehouse: Path) -> str:
    return _db(warehouse, Messiness.clean())


@pytest.fixture
def messy_db(warehouse: Path) -> str:
    return _db(warehouse, MESSY)


def _execute(url: str, statement: str, **params) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(statement), params)
    engine.dispose()


def _land(
    url: str, key: str = KEY
) -> dict[str, tuple[landing.LoadAccount, pl.DataFrame, pl.DataFrame]]:
    out = {}
    for account in extract.land_month(url, key):
        folder = landing.partition_dir("hrmis", account.entity, key)
        out[account.entity] = (
            account,
            pl.read_parquet(folder / "data.parquet"),
            pl.read_parquet(folder / "quarantine.parquet"),
        )
    return out


def _in_service(url: str, month_end: date) -> int:
    """People in service at a month's end, counted straight from the source tables."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(
            sa.text(
                "select count(*) from postings p join employees e using (employee_id) "
                "where p.start_date <= :d and (p.end_date is null or p.end_date > :d) "
                "and (e.status_date is null or e.status_date > :d)"
            ),
            {"d": month_end},
        ).scalar()
    engine.dispose()
    return n


def test_every_posting_in_effect_is_loaded_or_quarantined_with_a_reason(messy_db):
    for key, month_end in (("2023-01-01", date(2023, 1, 31)), (KEY, date(2026, 10, 31))):
        landed = _land(messy_db, key)
        for account, data, bad in landed.values():
            assert account.rows_read == account.rows_loaded + account.rows_quarantined
            assert (data.height, bad.height) == (account.rows_loaded, account.rows_quarantined)
        assert landed["employees"][0].rows_read == _in_service(messy_db, month_end)
    reasons = {r.split(":")[0] for r in landed["employees"][2]["reason"]}
    assert reasons <= {
        "duplicate personnel_no",
        "unknown district",
        "unknown department",
        "invalid bps_grade",
        "unknown gender",
        "malformed date_of_joining",
    }
    assert {"duplicate personnel_no", "unknown district"} <= reasons
    post_reasons = {r.split(":")[0] for r in landed["sanctioned_posts"][2]["reason"]}
    assert post_reasons <= {"unknown district", "invalid sanctioned count"}


def test_a_month_end_snapshot_holds_the_posting_of_that_month_and_training_by_then(clean_db):
    _, people, bad = _land(clean_db)["employees"]
    assert bad.height == 0
    assert people["employee_id"].is_unique().all()
    assert set(people["snapshot_month"].cast(pl.String)) == {KEY}
    assert (people["posting_start_date"] <= date(2026, 10, 31)).all()
    trained = people.filter(pl.col("it_trained"))
    assert trained.height > 0 and (trained["it_training_date"] <= date(2026, 10, 31)).all()
    assert people.filter(~pl.col("it_trained"))["it_training_date"].is_null().all()
    assert set(people["gender"]) == {"male", "female"}
    assert people["bps_grade"].is_between(1, 22).all()


def test_unknown_district_department_gender_grade_and_joining_date_are_quarantined(clean_db):
    _execute(
        clean_db,
        "update postings set district = 'Quetaa' where posting_id = "
        "(select max(posting_id) from postings where employee_id = 1)",
    )
    _execute(
        clean_db,
        "update postings set bps_grade = 25 where posting_id = "
        "(select max(posting_id) from postings where employee_id = 2)",
    )
    _execute(
        clean_db,
        "update postings set department_code = 'EDU' where posting_id = "
        "(select max(posting_id) from postings where employee_id = 3)",
    )
    _execute(clean_db, "update employees set gender = 'X' where employee_id = 4")
    _execute(clean_db, "update employees set date_of_joining = '31/02/2019' where employee_id = 5")
    _, people, bad = _land(clean_db)["employees"]
    by_id = {
        r["employee_id"]: r
        for r in bad.with_columns(
            pl.col("raw_record")
            .str.json_path_match("$.employee_id")
            .cast(pl.Int64)
            .alias("employee_id")
        ).iter_rows(named=True)
    }
    assert by_id[1]["reason"] == "unknown district: 'Quetaa'"
    assert "Quetta" in by_id[1]["suggestion"]
    assert by_id[2]["reason"] == "invalid bps_grade: '25'"
    assert by_id[3]["reason"] == "unknown department: 'EDU'"
    assert by_id[4]["reason"] == "unknown gender: 'X'"
    assert by_id[5]["reason"] == "malformed date_of_joining: '31/02/2019'"
    assert not set(people["employee_id"]) & {1, 2, 3, 4, 5}
    assert (bad["origin"].str.contains("tables employees, postings")).all()


def test_a_person_entered_twice_loads_once_and_the_copy_names_the_first(clean_db):
    _execute(
        clean_db,
        "update employees set personnel_no = (select personnel_no from "
        "employees where employee_id = 1) where employee_id = 7",
    )
    _, people, bad = _land(clean_db)["employees"]
    [reason] = bad["reason"].to_list()
    assert reason.startswith("duplicate personnel_no: '") and reason.endswith("(also employee 1)")
    assert 1 in people["employee_id"].to_list() and 7 not in people["employee_id"].to_list()


def test_a_negative_sanctioned_count_is_quarantined(clean_db):
    _execute(clean_db, "update sanctioned_posts set sanctioned = -4 where post_id = 1")
    account, posts, bad = _land(clean_db)["sanctioned_posts"]
    assert bad["reason"].to_list() == ["invalid sanctioned count: '-4'"]
    assert 1 not in posts["post_id"].to_list()


def test_rows_deleted_at_the_source_are_recorded_and_kept_on_every_rerun(clean_db):
    before = _land(clean_db)
    landed_ids = set(before["employees"][1]["employee_id"])
    assert before["deletions"][0].rows_read == 0
    doomed = sorted(landed_ids)[:3]
    _execute(clean_db, f"delete from employees where employee_id in ({','.join(map(str, doomed))})")
    _execute(clean_db, "delete from sanctioned_posts where post_id = 2")

    after = _land(clean_db)
    account, deletions, _ = after["deletions"]
    assert sorted(deletions.filter(pl.col("entity") == "employees")["record_id"]) == doomed
    assert deletions.filter(pl.col("entity") == "sanctioned_posts")["record_id"].to_list() == [2]
    assert '"employee_id": ' in deletions["last_landed_record"][0]
    assert not set(after["employees"][1]["employee_id"]) & set(doomed)

    again = _land(clean_db)["deletions"][1]
    assert again.equals(deletions), "a re-run must not forget deletions it recorded before"


def test_updates_after_the_first_extraction_are_found_by_the_watermark_and_replace_rows(clean_db):
    first, watermark = extract.changed_since(clean_db, None)
    assert first < "2023-01-01"
    before = _land(clean_db)["employees"][1]
    moved = hrmis.advance(clean_db, to=datetime(2026, 12, 20), seed=4, delete_share=0)
    assert moved["transferred"] + moved["promoted"] + moved["retired"] > 0
    changed_from, new_watermark = extract.changed_since(clean_db, watermark)
    assert new_watermark > watermark and changed_from == "2026-11-01"
    assert extract.changed_since(clean_db, new_watermark) == (None, new_watermark)

    # A transfer entered late, dated back in October, reaches back to October.
    _execute(
        clean_db,
        "update postings set start_date = :d, updated_at = :t where posting_id = "
        "(select max(posting_id) from postings)",
        d=date(2026, 10, 5),
        t=datetime(2026, 12, 21),
    )
    assert extract.changed_since(clean_db, new_watermark)[0] == KEY
    after = _land(clean_db)["employees"][1]
    assert after["employee_id"].is_unique().all()
    assert after["updated_at"].max() > before["updated_at"].max()


BACKFILL = ["2023-01-01", "2023-06-01", "2023-07-01", "2024-12-01", KEY, "2026-12-01"]


def _posts_in_effect(url: str, month_end: date) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(
            sa.text(
                "select count(*) from sanctioned_posts where effective_from <= :d "
                "and (effective_to is null or effective_to > :d)"
            ),
            {"d": month_end},
        ).scalar()
    engine.dispose()
    return n


def _landed_files(key: str) -> dict[str, tuple[pl.DataFrame, pl.DataFrame]]:
    return {
        entity: tuple(
            pl.read_parquet(landing.partition_dir("hrmis", entity, key) / name)
            for name in ("data.parquet", "quarantine.parquet")
        )
        for entity in ("sanctioned_posts", "employees", "deletions")
    }


def test_a_backfill_reads_the_source_once_and_lands_each_month_as_a_run_of_its_own(
    messy_db, monkeypatch
):
    # Transfers after the first load add postings whose ids are out of step with their
    # employees' ids.
    hrmis.advance(messy_db, to=datetime(2026, 12, 20), seed=4, delete_share=0)
    connections = []
    connect = extract.sql_source.connect
    monkeypatch.setattr(
        extract.sql_source, "connect", lambda url: connections.append(url) or connect(url)
    )
    months = extract.MonthEnds(messy_db, BACKFILL)
    accounts = {key: {a.entity: a for a in months.land_month(key)} for key in BACKFILL}
    assert len(connections) == 1
    backfilled = {key: _landed_files(key) for key in BACKFILL}

    for key, month_end in zip(
        BACKFILL,
        [date(2023, 1, 31), date(2023, 6, 30), date(2023, 7, 31), date(2024, 12, 31)]
        + [date(2026, 10, 31), date(2026, 12, 31)],
        strict=True,
    ):
        assert accounts[key]["employees"].rows_read == _in_service(messy_db, month_end)
        assert accounts[key]["sanctioned_posts"].rows_read == _posts_in_effect(messy_db, month_end)
        # Rows keep the order of the source's ids, which quarantine row numbers count in.
        assert backfilled[key]["employees"][0]["employee_id"].is_sorted()
        assert backfilled[key]["sanctioned_posts"][0]["post_id"].is_sorted()
        extract.land_month(messy_db, key)
        for entity, (data, bad) in _landed_files(key).items():
            assert data.equals(backfilled[key][entity][0]), (key, entity)
            assert bad.equals(backfilled[key][entity][1]), (key, entity)
    # New posts are sanctioned each July: the months differ, they are not one copy.
    assert accounts["2023-07-01"]["sanctioned_posts"].rows_read > (
        accounts["2023-06-01"]["sanctioned_posts"].rows_read
    )


def test_a_backfill_records_a_deletion_in_every_month_that_had_landed_the_row(clean_db):
    keys = ["2024-12-01", KEY]
    months = extract.MonthEnds(clean_db, keys)
    for key in keys:
        months.land_month(key)
    [gone] = sorted(
        set(_landed_files(keys[0])["employees"][0]["employee_id"])
        & set(_landed_files(keys[1])["employees"][0]["employee_id"])
    )[:1]
    _execute(clean_db, "delete from employees where employee_id = :i", i=gone)

    months = extract.MonthEnds(clean_db, keys)
    for key in keys:
        [deletion] = [a for a in months.land_month(key) if a.entity == "deletions"]
        deletions = _landed_files(key)["deletions"][0]
        assert deletion.rows_loaded == 1
        assert deletions.select("entity", "record_id").rows() == [("employees", gone)]


def test_a_month_the_extraction_did_not_read_is_refused(clean_db):
    months = extract.MonthEnds(clean_db, ["2024-01-01", "2024-03-01"])
    with pytest.raises(ValueError, match="2024-04-01 is outside the months"):
        months.land_month("2024-04-01")
    with pytest.raises(ValueError, match="no months to extract"):
        extract.MonthEnds(clean_db, [])


def test_an_unreachable_database_or_a_missing_table_is_a_clear_error(warehouse, clean_db):
    with pytest.raises(SourceUnavailableError, match="cannot query sqlite:///"):
        extract.land_month(f"sqlite:///{warehouse}/no/such/dir/hr.sqlite", KEY)
    _execute(clean_db, "drop table postings")
    with pytest.raises(SourceUnavailableError, match="table 'postings' not found"):
        extract.land_month(clean_db, KEY)
