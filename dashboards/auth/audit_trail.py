"""When the dashboards write to the audit trail (``dashboards/queries/audit.py``).

- a sign-in, once per session and sign-in; an expired session, once;
- a page view, whenever the page, the sidebar filters or the URL's parameters change (the
  raw parameters too: a crafted link is worth knowing about);
- a download, when its button is clicked;
- a sign-out, before Streamlit clears the identity.

If the trail cannot be written the page stops with an error: nothing is shown unrecorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboards.auth.access import load_policy
from dashboards.auth.identity import Identity, current_identity
from dashboards.filters import Filters
from dashboards.queries import audit

_SEEN_IDENTITY = "_bgw_audit_identity"
_SEEN_VIEW = "_bgw_audit_view"
MAX_PARAMS = 20


def _session_id() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def _record(identity: Identity, event: str, **fields: Any) -> None:
    try:
        audit.record(
            event,
            subject=identity.subject,
            role=identity.scope.role,
            session_id=_session_id(),
            retention_days=load_policy().audit_retention_days,
            **fields,
        )
    except audit.AuditUnavailable as exc:
        st.error(f"{exc} The dashboards show nothing until it can.", icon=":material/error:")
        st.stop()


def note_identity(identity: Identity) -> None:
    """A sign-in (or an expired session), the first time this session sees it."""
    if identity.subject is None:
        return
    seen = (identity.subject, str(identity.signed_in_at), identity.expired, identity.refused)
    if st.session_state.get(_SEEN_IDENTITY) == seen:
        return
    if identity.signed_in:
        detail = {"scope": identity.scope.describe(), "granted": identity.granted}
        _record(identity, "sign_in", detail=detail)
    elif identity.expired:
        _record(identity, "session_expired", detail={"signed_in_at": str(identity.signed_in_at)})
    st.session_state[_SEEN_IDENTITY] = seen


def _url_parameters(params: Mapping[str, Any]) -> dict[str, str]:
    return {str(k)[:100]: str(v)[:200] for k, v in list(params.items())[:MAX_PARAMS]}


def note_view(
    identity: Identity, page: str, filters: Filters, url_parameters: Mapping[str, Any]
) -> None:
    """A page view with the filters chosen and the URL's parameters as sent, when they differ
    from the last view recorded in the session."""
    note_identity(identity)
    chosen = {
        "period": None if filters.period is None else str(filters.period),
        "division": filters.division,
        "district": filters.district_pcode,
    }
    url = _url_parameters(url_parameters)
    seen = (identity.scope.key, identity.subject, page, sorted(chosen.items()), sorted(url.items()))
    if st.session_state.get(_SEEN_VIEW) == seen:
        return
    _record(identity, "view", page=page, filters={"chosen": chosen, "url": url})
    st.session_state[_SEEN_VIEW] = seen


def note_download(title: str, file_name: str, rows: int) -> None:
    """Download buttons' callback: who took which table, how many rows."""
    identity = current_identity()
    detail = {"title": title, "file_name": file_name, "rows": rows}
    _record(identity, "download", detail=detail)


def sign_out() -> None:
    """The sign-out button: record it, then let Streamlit clear the identity cookie."""
    identity = current_identity()
    if identity.subject is not None:
        _record(identity, "sign_out")
    st.session_state.pop(_SEEN_IDENTITY, None)
    st.logout()
