"""dashboards.auth.identity: who reads, from st.user's claims alone, and for how long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboards.auth.access import load_policy
from dashboards.auth.identity import acting_as, current_identity, identity_from_claims

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@pytest.fixture
def policy():
    return load_policy()


def claims(issued=NOW, **extra):
    return {
        "is_logged_in": True,
        "email": "dc.gwadar@bgw-demo.example",
        "name": "Deputy Commissioner Gwadar",
        "groups": ["bgw-dc-gwadar"],
        "iat": int(issued.timestamp()),
        **extra,
    }


def test_a_fresh_sign_in_gives_the_granted_scope(policy):
    reader = identity_from_claims(claims(), policy, now=NOW + timedelta(minutes=5))
    assert reader.signed_in and reader.granted
    assert reader.subject == "dc.gwadar@bgw-demo.example"
    assert reader.scope.districts == {"PK205"}


def test_a_session_older_than_the_policy_allows_is_refused(policy):
    max_age = timedelta(minutes=policy.session_max_age_minutes)
    still = identity_from_claims(claims(), policy, now=NOW + max_age - timedelta(seconds=1))
    over = identity_from_claims(claims(), policy, now=NOW + max_age + timedelta(seconds=1))
    assert still.signed_in
    assert over.expired and not over.signed_in
    assert over.scope.role == "public"


@pytest.mark.parametrize(
    "iat",
    [None, "1764323000", True, float("inf"), int((NOW + timedelta(hours=1)).timestamp())],
    ids=["missing", "text", "boolean", "infinite", "issued-in-the-future"],
)
def test_a_sign_in_without_a_believable_issue_time_is_refused(policy, iat):
    forged = claims()
    if iat is None:
        del forged["iat"]
    else:
        forged["iat"] = iat
    reader = identity_from_claims(forged, policy, now=NOW)
    assert not reader.signed_in
    assert reader.scope.role == "public"


@pytest.mark.parametrize("flag", [False, "true", 1, None])
def test_only_streamlits_own_logged_in_flag_counts(policy, flag):
    reader = identity_from_claims(claims(is_logged_in=flag), policy, now=NOW)
    assert not reader.signed_in and reader.subject is None
    assert reader.scope.role == "public"


def test_identity_from_request_headers_is_never_honoured(policy):
    reader = identity_from_claims(claims(), policy, now=NOW, headers_trusted=True)
    assert not reader.signed_in
    assert "trustedUserHeaders" in reader.refused
    assert reader.scope.role == "public"


def test_outside_a_streamlit_session_the_reader_is_who_the_code_acts_as(policy):
    gwadar = policy.scope_for(claims())
    with acting_as(gwadar, subject="script"):
        assert current_identity().scope == gwadar
        with acting_as(policy.public_scope()):
            assert current_identity().scope.role == "public"
        assert current_identity().subject == "script"
