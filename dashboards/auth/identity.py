"""Who is reading: the signed-in person, resolved on the server from ``st.user`` alone.

``st.user`` is filled by Streamlit from its identity cookie, which only Streamlit's own
OpenID Connect callback writes and signs with the cookie secret; nothing a reader puts in
the URL, in widget state or in a header changes it. We add what Streamlit does not do:
a sign-in older than the policy's session length is no longer honoured, and an identity is
refused outright when Streamlit is configured to take user fields from request headers
(``server.trustedUserHeaders``), which a client could forge unless a proxy strips them.

Outside a Streamlit session (tests and scripts calling the query functions directly) nobody
is signed in: the reader is public unless the calling code says otherwise with
``acting_as``. Inside a session ``acting_as`` is ignored, so no page can widen its own scope.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboards.auth.access import Policy, Scope, load_policy

# Identity providers' clocks drift a little; a token "issued" further ahead is refused.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Identity:
    scope: Scope
    subject: str | None = None  # the user claim (e-mail) or the subject; None: not signed in
    name: str | None = None
    signed_in_at: datetime | None = None
    expired: bool = False  # signed in once, but the session is over
    granted: bool = False  # a grant in the policy matched
    refused: str | None = None  # why a sign-in was not honoured, for the page to say

    @property
    def signed_in(self) -> bool:
        return self.subject is not None and not self.expired and self.refused is None


def _issued_at(claims: Mapping[str, Any]) -> datetime | None:
    value = claims.get("iat")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def identity_from_claims(
    claims: Mapping[str, Any] | None,
    policy: Policy,
    *,
    now: datetime | None = None,
    headers_trusted: bool = False,
) -> Identity:
    """The identity and scope of ``st.user``'s claims at ``now``."""
    public = policy.public_scope()
    if not claims or claims.get("is_logged_in") is not True:
        return Identity(scope=public)
    subject = claims.get(policy.user_claim) or claims.get("sub")
    subject = str(subject) if subject else "unknown"
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    if headers_trusted:
        return Identity(
            scope=public,
            subject=subject,
            name=name,
            refused="Streamlit takes user fields from request headers "
            "(server.trustedUserHeaders); sign-in is not honoured while it does.",
        )
    now = now or datetime.now(UTC)
    issued = _issued_at(claims)
    max_age = timedelta(minutes=policy.session_max_age_minutes)
    if issued is None or issued > now + CLOCK_SKEW or now - issued > max_age:
        return Identity(scope=public, subject=subject, name=name, signed_in_at=issued, expired=True)
    grant = policy.grant_for(claims)
    return Identity(
        scope=policy.scope_for(claims),
        subject=subject,
        name=name,
        signed_in_at=issued,
        granted=grant is not None,
    )


_acting: ContextVar[Identity | None] = ContextVar("bgw_acting_identity", default=None)


@contextmanager
def acting_as(scope: Scope, subject: str = "script") -> Iterator[Identity]:
    """Run query functions outside a Streamlit session as ``scope`` (tests, scripts)."""
    identity = Identity(scope=scope, subject=subject, granted=True)
    token = _acting.set(identity)
    try:
        yield identity
    finally:
        _acting.reset(token)


def in_session() -> bool:
    return get_script_run_ctx() is not None


def current_identity() -> Identity:
    """The reader of this run: from ``st.user`` in a session, else ``acting_as`` or public."""
    policy = load_policy()
    if not in_session():
        return _acting.get() or Identity(scope=policy.public_scope())
    return identity_from_claims(
        st.user.to_dict(),
        policy,
        headers_trusted=bool(st.get_option("server.trustedUserHeaders")),
    )


def current_scope() -> Scope:
    return current_identity().scope
