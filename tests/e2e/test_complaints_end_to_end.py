"""The whole path for one source, run through Dagster, checked against the source itself.

Expected values are computed here straight from the simulated SQLite database with plain
SQL and Python, not with the pipeline's code: rows with a malformed date or one of the
simulator's deliberately unresolvable district names are the ones that must be missing.
"""

import sqlite3
import statistics
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration import cli
from orchestration.definitions import defs
from orchestration.lib import publish
from simulator.__main__ import generate
from simulator.common import DELIBERATELY_UNRESOLVABLE

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _valid_date(text: str | None) -> date | None:
    try:
        return datetime.strptime(text or "", "%Y-%m-%d").date()
    except ValueError:
        return None


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("e2e")
    mp = pytest.MonkeyPatch()
    mp.setenv("BGW_WAREHOUSE_DIR", str(root / "warehouse"))
    mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    (root / "dagster_home").mkdir()
    sources = root / "warehouse" / "simulated_sources"
    generate(sources, scale=0.02, seed=3, sources=["cqmis"])
    # Only cqmis is generated: the build must still succeed with the other sources unlanded.
    assert cli.main(["load", "cqmis"]) == 0
    assert cli.main(["build"]) == 0
    yield root, sources / "cqmis" / "cqmis.sqlite"
    mp.undo()


def _source_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(
            "select complaint_id, received_date, complainant_district, status, resolved_date "
            "from complaints"
        ).fetchall()


def _loadable(rows: list[tuple]) -> list[tuple]:
    unresolvable = {n.casefold() for n in DELIBERATELY_UNRESOLVABLE}
    return [
        r
        for r in rows
        if _valid_date(r[1]) is not None
        and (r[2] or "").strip().casefold() not in unresolvable
        and (r[2] or "").strip()
    ]


def test_every_source_complaint_is_loaded_or_quarantined(pipeline):
    _, db = pipeline
    snap = publish.current()
    with duckdb.connect(str(snap.path), read_only=True) as con:
        loaded = con.execute("select count(*) from fct_complaints").fetchone()[0]
        quarantined = con.execute(
            "select sum(complaints_quarantined) from rpt_complaints__monthly "
            "where geo_level = 'province'"
        ).fetchone()[0]
    rows = _source_rows(db)
    assert loaded + quarantined == len(rows)
    assert loaded == len(_loadable(rows))


def test_published_monthly_counts_match_the_source(pipeline):
    _, db = pipeline
    expected_received = Counter(
        _valid_date(r[1]).replace(day=1) for r in _loadable(_source_rows(db))
    )
    with duckdb.connect(str(publish.current().path), read_only=True) as con:
        got = dict(
            con.execute(
                "select month_start, complaints_received from rpt_complaints__monthly "
                "where geo_level = 'province' and complaints_received > 0"
            ).fetchall()
        )
    assert got == dict(expected_received)


def test_published_median_days_to_resolve_match_the_source(pipeline):
    _, db = pipeline
    by_month: dict[date, list[int]] = {}
    for _, received, _, status, resolved in _loadable(_source_rows(db)):
        if status == "resolved":
            done = _valid_date(resolved)
            by_month.setdefault(done.replace(day=1), []).append((done - _valid_date(received)).days)
    with duckdb.connect(str(publish.current().path), read_only=True) as con:
        got = dict(
            con.execute(
                "select month_start, median_days_to_resolve from rpt_complaints__monthly "
                "where geo_level = 'province' and complaints_resolved > 0"
            ).fetchall()
        )
    assert got == {m: pytest.approx(statistics.median(v)) for m, v in by_month.items()}


def test_district_rows_add_up_to_the_province(pipeline):
    with duckdb.connect(str(publish.current().path), read_only=True) as con:
        mismatches = con.execute(
            """
            select d.month_start
            from rpt_complaints__monthly d
            join rpt_complaints__monthly p
              on p.month_start = d.month_start and p.geo_level = 'province'
            where d.geo_level = 'district'
            group by d.month_start, p.complaints_received, p.backlog_over_40d
            having sum(d.complaints_received) <> p.complaints_received
                or sum(d.backlog_over_40d) <> p.backlog_over_40d
            """
        ).fetchall()
        districts = con.execute(
            "select count(distinct geo_code) from rpt_complaints__monthly "
            "where geo_level = 'district'"
        ).fetchone()[0]
    assert mismatches == []
    assert districts == 34


def test_the_snapshot_says_it_is_synthetic(pipeline):
    with duckdb.connect(str(publish.current().path), read_only=True) as con:
        assert con.execute("select synthetic, sources from meta_snapshot").fetchone() == (
            True,
            "cqmis",
        )


def test_a_build_of_one_source_rebuilds_only_its_models_and_publishes_a_new_snapshot(pipeline):
    before = publish.current().path
    assert cli.main(["build", "--sources", "cqmis"]) == 0
    assert publish.current().path != before
    with dg.DagsterInstance.get() as instance:
        [run] = instance.get_runs(dg.RunsFilter(job_name="warehouse_build_and_publish"), limit=1)
    built = {key.to_user_string() for key in run.asset_selection}
    assert {"rpt_complaints__monthly", "fct_complaints", "serving_snapshot"} <= built
    # Marts of sources that were not named are left as they are.
    assert not any(name.startswith(("rpt_survey", "fct_hr_")) for name in built)


def test_a_build_of_an_unknown_source_names_the_known_ones(pipeline):
    with pytest.raises(SystemExit, match=r"unknown sources \['cqmsi'\]; known: .*'cqmis'"):
        cli.main(["build", "--sources", "cqmsi"])


def test_all_loads_each_source_as_its_own_run_in_its_own_process_then_publishes(
    pipeline, plain_main
):
    before = publish.current().path
    with dg.DagsterInstance.get() as instance:
        earlier = {r.run_id for r in instance.get_runs(dg.RunsFilter(job_name="cqmis_load"))}
    others = ",".join(s for s in cli.source_jobs(defs) if s != "cqmis")
    assert cli.main(["all", "--jobs", "2", "--skip", others]) == 0
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs(dg.RunsFilter(job_name="cqmis_load"))
        assert cli.last_run_seconds(instance, "cqmis_load") > 0
        assert cli.last_run_seconds(instance, "never_ran_load") == 0
    [new] = [r for r in runs if r.run_id not in earlier]
    assert new.status == dg.DagsterRunStatus.SUCCESS
    assert publish.current().path != before
