"""The audit trail as a section of the data-health page, for the readers allowed to read it."""

from __future__ import annotations

import streamlit as st

from dashboards.auth.access import load_policy
from dashboards.auth.identity import current_scope
from dashboards.components import download_table, table
from dashboards.queries import audit

SHOWN = 500


def show_audit_trail() -> None:
    if not current_scope().may_read(audit.AUDIT_KIND):
        return
    st.header("Audit trail", divider="gray")
    st.caption(
        "Who signed in, which pages and filters they looked at (with the link's parameters "
        "as sent), and which tables they downloaded; newest first, the last "
        f"{SHOWN:,} events. Kept {load_policy().audit_retention_days} days in "
        f"`{audit.audit_path()}` (SQLite: the `audit_event` table)."
    )
    events = audit.events(limit=SHOWN)
    if events.empty:
        st.info("Nothing recorded yet.", icon=":material/history:")
        return
    table(
        events,
        key="health_audit",
        column_order=["occurred_at", "event", "subject", "role", "page", "filters", "detail"],
        column_config={
            "occurred_at": st.column_config.DatetimeColumn(
                "When", format="D MMM YYYY, HH:mm:ss", timezone="Asia/Karachi"
            ),
            "event": st.column_config.TextColumn("Event"),
            "subject": st.column_config.TextColumn("Who"),
            "role": st.column_config.TextColumn("Role"),
            "page": st.column_config.TextColumn("Page"),
            "filters": st.column_config.TextColumn("Filters", width="large"),
            "detail": st.column_config.TextColumn("Detail", width="medium"),
        },
    )
    download_table(
        events,
        key="health_audit",
        title="Audit trail",
        source=str(audit.audit_path()),
        columns={
            "occurred_at": "When (PKT)",
            "event": "Event",
            "subject": "Who",
            "role": "Role",
            "session_id": "Session",
            "page": "Page",
            "filters": "Filters",
            "detail": "Detail",
        },
    )
