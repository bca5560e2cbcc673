"""The HR MIS simulator: posts, people and postings that give vacancy rates a history."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from simulator import hrmis, hrmis_workforce
from simulator.common import DEFAULT_AS_OF, Messiness

SCALE = 0.01


def _rows(url: str, table: sa.Table) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
    engine.dispose()
    return rows


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[str, dict]:
    out = tmp_path_factory.mktemp("hrmis")
    summary = hrmis.generate_into(out, SCALE, 7)
    return f"sqlite:///{out / summary['files'][0]}", summary


def test_generate_into_writes_one_database_and_says_it_is_synthetic(made):
    url, summary = made
    assert summary["files"] == ["hrmis/hrmis.sqlite"] and summary["synthetic"] is True
    for table in ("sanctioned_posts", "employees", "postings"):
        assert len(_rows(url, hrmis.metadata.tables[table])) == summary["rows"][table]


def test_scale_1_is_about_250000_people_in_service_in_about_300000_posts(made):
    _, summary = made
    assert summary["employees_in_service"] == pytest.approx(
        hrmis_workforce.IN_SERVICE_AT_SCALE_1 * SCALE, rel=0.1
    )
    fill = summary["employees_in_service"] / summary["posts_sanctioned"]
    assert 0.75 < fill < 0.9


def test_grades_departments_and_statuses_come_from_the_documented_lists(made):
    url, _ = made
    people = _rows(url, hrmis.employees)
    codes = {d["department_code"] for d in hrmis_workforce.departments()}
    assert {p.department_code for p in people} <= codes | {hrmis_workforce.LEGACY_DEPARTMENT_CODE}
    assert {p.status for p in people} == {"active", "retired", "transferred"}
    assert all(1 <= p.bps_grade <= 22 for p in people)
    assert Counter(p.gender for p in people).most_common(1)[0][0] == "M"


def test_each_person_holds_one_posting_at_a_time_and_leavers_hold_none(made):
    url, _ = made
    people = {p.employee_id: p for p in _rows(url, hrmis.employees)}
    open_postings = Counter(p.employee_id for p in _rows(url, hrmis.postings) if p.end_date is None)
    for employee_id, person in people.items():
        assert open_postings[employee_id] == (1 if person.status == "active" else 0)


def test_posts_grow_with_each_budget_so_vacancy_has_a_history(made):
    url, _ = made
    posts = _rows(url, hrmis.sanctioned_posts)
    by_year = Counter(p.effective_from.year for p in posts if p.sanctioned > 0)
    assert by_year[2010] > 0 and all(by_year[y] > 0 for y in (2023, 2024, 2025, 2026))


def test_the_messiness_the_connector_must_handle_is_injected(made):
    _, summary = made
    for kind in (
        "duplicated_personnel_no",
        "malformed_date_of_joining",
        "posting_district_unresolvable",
        "posting_district_variant",
    ):
        assert summary["messiness"].get(kind, 0) > 0, kind


def test_nothing_changes_after_as_of_and_the_same_seed_gives_the_same_rows(tmp_path, made):
    url, _ = made
    assert max(p.updated_at for p in _rows(url, hrmis.employees)) <= DEFAULT_AS_OF
    again = f"sqlite:///{tmp_path / 'again.sqlite'}"
    hrmis.generate(again, scale=SCALE, seed=7)
    assert _rows(again, hrmis.employees) == _rows(url, hrmis.employees)


def test_advance_transfers_retires_trains_adds_posts_and_deletes_some(tmp_path):
    url = f"sqlite:///{tmp_path / 'hr.sqlite'}"
    hrmis.generate(url, scale=0.003, seed=3, messiness=Messiness.clean())
    before = {p.employee_id for p in _rows(url, hrmis.employees)}
    moved = hrmis.advance(url, to=datetime(2027, 8, 1), seed=2)
    assert moved["transferred"] + moved["promoted"] > 0
    assert moved["retired"] > 0 and moved["posts_added"] > 0 and moved["deleted"] > 0
    after = {p.employee_id for p in _rows(url, hrmis.employees)}
    assert before - after == set(moved["deleted_ids"])
    assert not [p for p in _rows(url, hrmis.postings) if p.employee_id in moved["deleted_ids"]]
    changed = [p for p in _rows(url, hrmis.employees) if p.updated_at > DEFAULT_AS_OF]
    assert changed and all(p.updated_at <= datetime(2027, 8, 1) for p in changed)
    assert hrmis.advance(url, to=datetime(2027, 1, 1), seed=2)["to"] == "2027-01-01T00:00:00"


@pytest.mark.postgres
def test_the_same_code_writes_postgresql(postgres_database):
    db = postgres_database
    summary = hrmis.generate(db, scale=0.002, seed=7)
    assert len(_rows(db, hrmis.employees)) == summary["rows"]["employees"]
    assert hrmis.advance(db, to=datetime(2026, 12, 31), seed=1)["deleted"] >= 1
    assert isinstance(_rows(db, hrmis.postings)[0].start_date, date)


def test_generating_into_an_existing_file_replaces_it(tmp_path):
    first = hrmis.generate_into(tmp_path, 0.002, 1)
    second = hrmis.generate_into(tmp_path, 0.002, 1)
    assert first["rows"] == second["rows"]
    assert not list(Path(tmp_path).rglob("*.partial"))
