from __future__ import annotations

import re
import shutil
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from orchestration.lib.districts import resolver
from simulator import common, cqmis
from simulator.common import DELIBERATELY_UNRESOLVABLE, Messiness

SCALE = 0.02
AS_OF = common.DEFAULT_AS_OF
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _make(folder: Path, name: str, **kwargs) -> tuple[str, dict]:
    url = f"sqlite:///{folder / name}.sqlite"
    return url, cqmis.generate(url, **{"scale": SCALE, "seed": 7, **kwargs})


def _read(url: str) -> dict[str, list[tuple]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: conn.execute(sa.select(t).order_by(*t.primary_key.columns)).all()
                for t in (cqmis.complaints, cqmis.complaint_status_history)
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cqmis")


@pytest.fixture(scope="module")
def messy(folder) -> tuple[str, dict, dict]:
    url, summary = _make(folder, "messy")
    return url, summary, _read(url)


@pytest.fixture(scope="module")
def clean(folder) -> tuple[str, dict, dict]:
    url, summary = _make(folder, "clean", messiness=Messiness.clean())
    return url, summary, _read(url)


def _history_by_complaint(tables: dict) -> dict[int, list]:
    history = defaultdict(list)
    for event in tables["complaint_status_history"]:
        history[event.complaint_id].append(event)
    return history


# --- the contract with the connector ---------------------------------------------------


def test_schema_names_are_the_connector_contract(messy):
    url = messy[0]
    inspector = sa.inspect(sa.create_engine(url))
    assert set(inspector.get_table_names()) == {"complaints", "complaint_status_history"}
    assert [c["name"] for c in inspector.get_columns("complaints")] == [
        "complaint_id",
        "tracking_no",
        "received_date",
        "complainant_district",
        "department",
        "category",
        "channel",
        "status",
        "resolved_date",
        "satisfaction",
        "created_at",
        "updated_at",
    ]
    assert [c["name"] for c in inspector.get_columns("complaint_status_history")] == [
        "event_id",
        "complaint_id",
        "status",
        "changed_at",
        "remarks",
    ]
    types = {c["name"]: c["type"] for c in inspector.get_columns("complaints")}
    assert isinstance(types["created_at"], sa.DateTime)
    assert isinstance(types["updated_at"], sa.DateTime)
    assert "ix_complaints_updated_at" in {i["name"] for i in inspector.get_indexes("complaints")}


def test_values_come_from_the_documented_vocabularies(clean):
    complaints = clean[2]["complaints"]
    statuses = {c.status for c in complaints}
    assert {"under_inquiry", "resolved", "rejected"} <= statuses
    assert statuses <= {"registered", "under_inquiry", "resolved", "rejected", "reopened"}
    assert {c.channel for c in complaints} == {"web portal", "SMS", "helpline", "letter", "walk-in"}
    assert {c.department for c in complaints} == set(cqmis._DEPARTMENTS)
    assert {"sanitation", "water supply", "corruption", "delay in development scheme"} <= {
        c.category for c in complaints
    }
    assert all(re.fullmatch(r"LGC-\d{4}-\d{6}", c.tracking_no) for c in complaints)
    assert len({c.tracking_no for c in complaints}) == len(complaints)
    assert all(c.tracking_no[4:8] == str(c.created_at.year) for c in complaints)


# --- determinism and scale ---------------------------------------------------------------


def test_same_seed_gives_identical_database(folder, messy):
    url, _ = _make(folder, "messy_again")
    assert _read(url) == messy[2]


def test_another_seed_gives_different_data(folder, messy):
    url, _ = _make(folder, "seed8", seed=8)
    assert _read(url)["complaints"] != messy[2]["complaints"]


def test_generating_again_into_the_same_database_replaces_it(folder, messy):
    url = f"sqlite:///{folder / 'twice'}.sqlite"
    cqmis.generate(url, scale=SCALE, seed=9)
    cqmis.generate(url, scale=SCALE, seed=7)
    assert _read(url) == messy[2]


def test_scale_is_roughly_proportional(folder, messy):
    _, double = _make(folder, "double", scale=2 * SCALE)
    ratio = double["rows"]["complaints"] / messy[1]["rows"]["complaints"]
    assert 1.85 < ratio < 2.15


def test_scale_one_means_about_30000_complaints_a_year(clean):
    per_year = Counter(c.created_at.year for c in clean[2]["complaints"])
    full_years = [per_year[y] / SCALE for y in (2023, 2024, 2025)]
    assert all(22_000 < n < 38_000 for n in full_years), full_years
    assert statistics.mean(full_years) == pytest.approx(30_000, rel=0.15)


def test_volume_grows_year_over_year_with_a_summer_peak(folder):
    _, summary = _make(folder, "big", scale=0.1, messiness=Messiness.clean())
    complaints = _read(f"sqlite:///{folder / 'big'}.sqlite")["complaints"]
    per_year = Counter(c.created_at.year for c in complaints)
    assert per_year[2023] < per_year[2024] < per_year[2025]
    per_month = Counter(c.created_at.month for c in complaints if c.created_at.year < 2026)
    assert per_month[7] > 1.3 * per_month[12]
    assert summary["rows"]["complaints"] == len(complaints)


# --- lifecycle ---------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["messy", "clean"])
def test_lifecycle_is_consistent(which, request):
    tables = request.getfixturevalue(which)[2]
    history = _history_by_complaint(tables)
    for c in tables["complaints"]:
        events = history[c.complaint_id]
        assert events[0].status == "registered" and events[0].changed_at == c.created_at
        assert c.updated_at == max(e.changed_at for e in events)
        assert c.status == events[-1].status  # event ids follow entry order
        assert (c.resolved_date is not None) == (c.status == "resolved")
        if c.satisfaction is not None:
            assert c.status == "resolved" and 1 <= c.satisfaction <= 5
        if c.status == "resolved":
            assert date.fromisoformat(c.resolved_date) <= c.updated_at.date()
        changed = [e.changed_at for e in events]
        assert changed == sorted(changed)


def test_no_event_after_as_of(messy):
    tables = messy[2]
    assert max(e.changed_at for e in tables["complaint_status_history"]) <= AS_OF
    assert max(c.created_at for c in tables["complaints"]) <= AS_OF


def test_statuses_follow_the_allowed_transitions(messy):
    allowed = {
        "registered": {"under_inquiry"},
        "under_inquiry": {"resolved", "rejected"},
        "resolved": {"reopened"},
        "reopened": {"resolved"},
        "rejected": set(),
    }
    for events in _history_by_complaint(messy[2]).values():
        statuses = [
            s for i, s in enumerate(e.status for e in events) if i == 0 or s != events[i - 1].status
        ]  # duplicated rows repeat a status
        for before, after in zip(statuses, statuses[1:], strict=False):
            assert after in allowed[before], statuses


def test_resolution_takes_about_25_days_with_a_long_tail(folder):
    _make(folder, "timing", scale=0.05, messiness=Messiness.clean())
    history = _history_by_complaint(_read(f"sqlite:///{folder / 'timing'}.sqlite"))
    days = []
    for events in history.values():
        resolved = [e.changed_at for e in events if e.status == "resolved"]
        if resolved:
            days.append((resolved[0] - events[0].changed_at).total_seconds() / 86400)
    assert 18 < statistics.median(days) < 32
    assert 0.02 < sum(d > 100 for d in days) / len(days) < 0.15


def test_about_8_percent_rejected_and_5_percent_of_resolved_reopened(clean):
    complaints = clean[2]["complaints"]
    closed = Counter(c.status for c in complaints if c.status in ("resolved", "rejected"))
    assert 0.05 < closed["rejected"] / closed.total() < 0.11
    history = _history_by_complaint(clean[2])
    resolved = [evs for evs in history.values() if any(e.status == "resolved" for e in evs)]
    reopened = [evs for evs in resolved if any(e.status == "reopened" for e in evs)]
    assert 0.025 < len(reopened) / len(resolved) < 0.08
    assert any(sum(e.status == "resolved" for e in evs) == 2 for evs in reopened)


def test_a_realistic_backlog_is_still_open_at_as_of(clean):
    complaints = clean[2]["complaints"]
    still_open = [c for c in complaints if c.status in cqmis.OPEN_STATUSES]
    assert 0.005 < len(still_open) / len(complaints) < 0.08
    assert any(c.status == "under_inquiry" for c in still_open)


def test_district_rankings_differ_in_time_to_resolve(clean):
    history = _history_by_complaint(clean[2])
    days = defaultdict(list)
    for c in clean[2]["complaints"]:
        if c.status == "resolved":
            first = history[c.complaint_id][0].changed_at
            days[c.complainant_district].append((c.updated_at - first).total_seconds() / 86400)
    medians = [statistics.median(v) for v in days.values() if len(v) >= 15]
    assert max(medians) > 1.6 * min(medians)


def test_some_resolved_complaints_give_feedback(clean):
    resolved = [c for c in clean[2]["complaints"] if c.status == "resolved"]
    rated = [c.satisfaction for c in resolved if c.satisfaction is not None]
    assert 0.3 < len(rated) / len(resolved) < 0.6
    assert set(rated) == {1, 2, 3, 4, 5}


# --- messiness ---------------------------------------------------------------------------


def test_messiness_is_present_at_default_rates(messy):
    _, summary, tables = messy
    complaints, history = tables["complaints"], tables["complaint_status_history"]
    assert all(n > 0 for n in summary["messiness"].values()), summary["messiness"]

    malformed = [c for c in complaints if not _is_date(c.received_date)]
    assert len(malformed) == summary["messiness"]["malformed_received_date"]
    keys = Counter((e.complaint_id, e.status, e.changed_at, e.remarks) for e in history)
    assert sum(n - 1 for n in keys.values()) == summary["messiness"]["duplicated_history_row"]
    assert any(_is_urdu(e.remarks) for e in history)
    assert any(_is_urdu(c.complainant_district) for c in complaints)
    blanks = [c for c in complaints if c.category in common.BLANKS or c.channel in common.BLANKS]
    assert len(blanks) == summary["messiness"]["blank_value"]
    late = [
        c
        for c in complaints
        if c.status == "resolved" and c.resolved_date < c.updated_at.date().isoformat()
    ]
    assert late


def test_messiness_is_absent_when_clean(clean):
    _, summary, tables = clean
    complaints, history = tables["complaints"], tables["complaint_status_history"]
    assert all(n == 0 for n in summary["messiness"].values()), summary["messiness"]
    names = {d.name for d in common.districts()}
    assert all(c.complainant_district in names for c in complaints)
    assert all(_is_date(c.received_date) for c in complaints)
    keys = Counter((e.complaint_id, e.status, e.changed_at) for e in history)
    assert max(keys.values()) == 1
    assert not any(_is_urdu(e.remarks) for e in history)
    assert not any(c.category in common.BLANKS or c.channel in common.BLANKS for c in complaints)
    assert all(
        c.resolved_date == c.updated_at.date().isoformat()
        for c in complaints
        if c.status == "resolved"
    )


def test_clean_and_messy_runs_live_the_same_lives(clean, messy):
    def lives(tables):
        return [
            (c.complaint_id, c.created_at, c.status, c.updated_at, c.department)
            for c in tables["complaints"]
        ]

    assert lives(clean[2]) == lives(messy[2])


def test_only_deliberately_unresolvable_district_texts_fail_to_resolve(messy):
    r = resolver()
    texts = Counter(c.complainant_district for c in messy[2]["complaints"])
    unresolved = {t for t in texts if r.resolve(t) is None}
    assert unresolved, "the default rates should produce some unresolvable names"
    assert unresolved <= set(DELIBERATELY_UNRESOLVABLE)
    assert sum(texts[t] for t in unresolved) == messy[1]["messiness"]["district_unresolvable"]
    assert any(r.resolve(t).via != "census_name" for t in texts if t not in unresolved)


# --- advance -----------------------------------------------------------------------------


@pytest.fixture
def advanced(folder, messy):
    def run(name: str, to: datetime, seed: int = 1) -> tuple[str, dict]:
        copy = folder / f"{name}.sqlite"
        shutil.copyfile(folder / "messy.sqlite", copy)
        url = f"sqlite:///{copy}"
        return url, cqmis.advance(url, to=to, seed=seed)

    return run


def test_advance_moves_updated_at_forward_and_adds_complaints(messy, advanced):
    before = {c.complaint_id: c for c in messy[2]["complaints"]}
    watermark = max(c.updated_at for c in before.values())
    url, summary = advanced("week_later", AS_OF + timedelta(days=14))
    after = _read(url)

    moved = [
        c
        for c in after["complaints"]
        if c.complaint_id in before and c.updated_at > before[c.complaint_id].updated_at
    ]
    assert moved and all(before[c.complaint_id].status in cqmis.OPEN_STATUSES for c in moved)
    assert all(c.updated_at > watermark for c in moved)  # an incremental extract sees them
    new = [c for c in after["complaints"] if c.complaint_id not in before]
    assert new and all(c.created_at > watermark for c in new)
    assert summary["complaints_updated"] == len(moved)
    assert summary["complaints_added"] == len(new)
    assert summary["events_added"] == (
        len(after["complaint_status_history"]) - len(messy[2]["complaint_status_history"])
    )
    assert any(c.status == "resolved" and c.resolved_date for c in moved)
    # What was closed stays as it was.
    for c in after["complaints"]:
        if c.complaint_id in before and before[c.complaint_id].status not in cqmis.OPEN_STATUSES:
            assert c == before[c.complaint_id]


def test_advance_keeps_the_lifecycle_consistent(advanced):
    to = AS_OF + timedelta(days=30)
    url, _ = advanced("month_later", to)
    tables = _read(url)
    history = _history_by_complaint(tables)
    for c in tables["complaints"]:
        events = history[c.complaint_id]
        assert events[0].status == "registered" and events[0].changed_at == c.created_at
        assert c.updated_at == max(e.changed_at for e in events) <= to
        assert c.status == events[-1].status
        assert (c.resolved_date is not None) == (c.status == "resolved")
    ids = [e.event_id for e in tables["complaint_status_history"]]
    assert ids == list(range(1, len(ids) + 1))
    tracking = [c.tracking_no for c in tables["complaints"]]
    assert len(set(tracking)) == len(tracking)


def test_advance_is_deterministic(advanced):
    to = AS_OF + timedelta(days=10)
    url_a, summary_a = advanced("adv_a", to, seed=5)
    url_b, summary_b = advanced("adv_b", to, seed=5)
    assert summary_a == summary_b
    assert _read(url_a) == _read(url_b)


def test_advance_to_the_past_changes_nothing(messy, advanced):
    url, summary = advanced("no_time", AS_OF - timedelta(days=1))
    assert summary["complaints_updated"] == summary["complaints_added"] == 0
    assert _read(url) == messy[2]


# --- other databases ---------------------------------------------------------------------


@pytest.mark.postgres
def test_the_same_code_writes_postgresql(postgres_database):
    url = postgres_database
    summary = cqmis.generate(url, scale=0.005, seed=7)
    tables = _read(url)
    assert len(tables["complaints"]) == summary["rows"]["complaints"]
    moved = cqmis.advance(url, to=AS_OF + timedelta(days=7), seed=1)
    assert moved["complaints_updated"] + moved["complaints_added"] > 0


def _is_date(text: str | None) -> bool:
    try:
        date.fromisoformat(text or "")
    except ValueError:
        return False
    return bool(ISO_DATE.match(text or ""))


def _is_urdu(text: str | None) -> bool:
    return bool(text) and any("\u0600" <= ch <= "\u06ff" for ch in text)
