from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest

from orchestration.lib.districts import resolver
from simulator import pis


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pis") / "pis.sqlite"
    counts = pis.generate(path, scale=0.02, seed=3)
    with sqlite3.connect(path) as conn:
        yield conn, counts


def _schemes(conn, fy: str | None = None) -> list[dict]:
    sql = "select payload from schemes" + (" where fiscal_year = ?" if fy else "")
    return [json.loads(r[0]) for r in conn.execute(sql, (fy,) if fy else ())]


def _returns(conn) -> list[dict]:
    return [json.loads(r[0]) for r in conn.execute("select payload from progress")]


def test_fiscal_quarters_start_in_july():
    assert pis.fiscal_year(2024) == "2024-25"
    assert pis.quarter_label(2024, 3) == "2024-25-Q3"
    assert [str(d) for d in pis.quarter_bounds(2024, 1)] == ["2024-07-01", "2024-09-30"]
    assert [str(d) for d in pis.quarter_bounds(2024, 3)] == ["2025-01-01", "2025-03-31"]


def test_each_fiscal_year_holds_about_6000_schemes_at_scale_1(db):
    conn, counts = db
    per_year = dict(conn.execute("select fiscal_year, count(*) from schemes group by 1"))
    assert list(per_year)[0] == "2016-17" and list(per_year)[-1] == "2026-27"
    assert all(100 <= n <= 160 for n in per_year.values())  # 6,000 x 0.02, and growing
    assert counts["schemes"] == sum(per_year.values())


def test_ongoing_schemes_carry_over_years_keeping_their_id(db):
    conn, _ = db
    years = Counter(s["id"] for s in _schemes(conn))
    assert max(years.values()) >= 3


def test_returns_stop_at_the_worlds_date(db):
    conn, _ = db
    quarters = sorted({r["quarter"] for r in _returns(conn)})
    assert quarters[0] == "2016-17-Q1" and quarters[-1] == "2026-27-Q1"


def test_most_returns_add_up_and_a_few_do_not(db):
    conn, _ = db
    returns = [
        r
        for r in _returns(conn)
        if isinstance(r["expenditure"], float) and isinstance(r["releases"], float)
    ]
    impossible = [r for r in returns if r["expenditure"] > r["releases"]]
    assert 0 < len(impossible) < 0.02 * len(returns)


def test_districts_are_typed_as_operators_type_them_mostly_resolvable(db):
    conn, _ = db
    names = Counter(s["district"] for s in _schemes(conn))
    r = resolver()
    unresolved = {n for n in names if r.resolve(n) is None} - set(pis.PROVINCIAL)
    resolved = sum(c for n, c in names.items() if r.resolve(n))
    assert resolved > 0.85 * sum(names.values())
    assert unresolved  # typos such as "Quetaa" that must be quarantined
    assert any(n in names for n in pis.PROVINCIAL)


def test_generate_into_writes_the_database_and_is_the_same_for_a_seed(tmp_path):
    a = pis.generate_into(tmp_path / "a", 0.005, 3)
    pis.generate_into(tmp_path / "b", 0.005, 3)
    assert a["files"] == ["pis/pis.sqlite"]
    assert (tmp_path / "a" / "pis" / "pis.sqlite").read_bytes() == (
        tmp_path / "b" / "pis" / "pis.sqlite"
    ).read_bytes()
    assert a["rows"]["schemes"] > 0
