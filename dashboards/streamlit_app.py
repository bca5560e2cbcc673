"""Entry point: ``streamlit run dashboards/streamlit_app.py``.

Only routing lives here, plus what every page shares: the header (demo banner, snapshot
time) and the sidebar filters (period, division, district), drawn on every run so they
survive moving between pages and live in the URL. Each page is one file in
``app_pages/``; to add one, add an ``st.Page`` to ``PAGES`` (a new section is a new key).
"""

from __future__ import annotations

import streamlit as st

from dashboards.filters import render_sidebar
from dashboards.page_header import APP_TITLE, show_snapshot_header, show_unavailable
from dashboards.queries.snapshot import SnapshotUnavailable, snapshot_info

PAGES = {
    "Overview": [
        st.Page(
            "app_pages/overview.py",
            title="Overview",
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
    ],
    "Service KPIs": [
        st.Page(
            "app_pages/complaints.py",
            title="Complaints",
            icon=":material/feedback:",
            url_path="complaints",
        ),
    ],
    "Surveys": [
        st.Page(
            "app_pages/survey.py",
            title="e-Governance survey",
            icon=":material/ballot:",
            url_path="survey",
        ),
    ],
    "Data engineering": [
        st.Page(
            "app_pages/data_health.py",
            title="Data health",
            icon=":material/monitor_heart:",
            url_path="data-health",
        ),
    ],
}

st.set_page_config(layout="wide", page_title=APP_TITLE, page_icon=":material/account_balance:")
page = st.navigation(PAGES)

try:
    show_snapshot_header(snapshot_info())
    render_sidebar()
    page.run()
except SnapshotUnavailable as exc:
    # Nothing published yet, or the pointer moved to a broken file mid-run: say what to do
    # instead of showing a traceback.
    show_unavailable(exc)
