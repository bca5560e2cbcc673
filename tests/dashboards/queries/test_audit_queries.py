"""dashboards.queries.audit: the audit trail appended beside the warehouse, kept for a
configurable time, readable by the data engineer only."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from dashboards.auth.access import load_policy
from dashboards.auth.identity import acting_as
from dashboards.queries import audit

ENGINEER = load_policy().scope_of("data_engineer")
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def record(event="view", *, at=NOW, **fields):
    audit.record(
        event, subject=fields.pop("subject", "someone"), role="policy_maker", at=at, **fields
    )


def test_events_are_appended_to_a_file_beside_the_warehouse(warehouse):
    record("sign_in", detail={"scope": "every department"})
    record("view", page="complaints", filters={"chosen": {"district": "PK205"}})
    assert audit.audit_path() == warehouse / "audit" / "audit.sqlite"
    with acting_as(ENGINEER):
        events = audit.events()
    assert events["event"].tolist() == ["view", "sign_in"]  # newest first
    assert events["page"].iloc[0] == "complaints" and events["page"].isna().iloc[1]
    assert '"district": "PK205"' in events["filters"].iloc[0]
    assert events["occurred_at"].iloc[0] == NOW


def test_values_carrying_sql_are_stored_as_the_text_they_are(warehouse):
    hostile = "x'); drop table audit_event; --"
    record("view", page=hostile, subject=hostile)
    with acting_as(ENGINEER):
        events = audit.events(subject=hostile)
    assert events["page"].tolist() == [hostile]
    with sqlite3.connect(audit.audit_path()) as con:
        assert con.execute("select count(*) from audit_event").fetchone() == (1,)


def test_an_event_cannot_flood_the_trail():
    record("view", filters={"url": {"district": "A" * 100_000}})
    with acting_as(ENGINEER):
        assert len(audit.events()["filters"].iloc[0]) == audit.MAX_TEXT


def test_events_older_than_the_retention_are_purged():
    record("view", at=NOW - timedelta(days=400))
    record("view", at=NOW - timedelta(days=10))
    assert audit.purge(365, now=NOW) == 1
    with acting_as(ENGINEER):
        assert len(audit.events()) == 1


def test_recording_purges_now_and_then_by_the_policys_retention(monkeypatch):
    record("view", at=datetime.now(UTC) - timedelta(days=400))
    monkeypatch.setattr(audit, "_last_purge", {})
    audit.record("sign_in", subject="x", role="public", retention_days=365)
    with acting_as(ENGINEER):
        assert audit.events()["event"].tolist() == ["sign_in"]


def test_an_unknown_event_is_refused():
    with pytest.raises(ValueError, match="Unknown audit event"):
        record("peek")


def test_a_trail_that_cannot_be_written_raises_audit_unavailable(warehouse):
    (warehouse / "audit").write_text("not a folder", encoding="utf-8")
    with pytest.raises(audit.AuditUnavailable, match="cannot be written"):
        record("view")


@pytest.mark.parametrize("role", ["public", "policy_maker", "department_secretary"])
def test_only_a_role_with_the_audit_kind_may_read_the_trail(role):
    scope = load_policy().scope_of(role)
    assert not scope.may_read("audit")
    record("view")
    with acting_as(scope), pytest.raises(PermissionError):
        audit.events()
