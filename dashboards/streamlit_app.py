"""Entry point: ``streamlit run dashboards/streamlit_app.py``.

Only routing lives here, plus what every page shares: the header (demo banner, snapshot
time) and the sidebar filters (period, division, district), drawn on every run so they
survive moving between pages and live in the URL. Each page is one file in
``app_pages/``; to add one, add an ``st.Page`` to ``PAGES`` (a new section is a new key).
"""

from __future__ import annotations

import streamlit as st

from dashboards.auth import account, audit_trail
from dashboards.auth.identity import current_identity
from dashboards.auth.navigation import page_name, pages_for
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
    "Compare": [
        st.Page(
            "app_pages/compare_districts.py",
            title="Compare districts",
            icon=":material/compare_arrows:",
            url_path="compare-districts",
        ),
        st.Page(
            "app_pages/district_profile.py",
            title="District profile",
            icon=":material/location_city:",
            url_path="district-profile",
        ),
    ],
    "E-readiness": [
        st.Page(
            "app_pages/ereadiness.py",
            title="E-readiness",
            icon=":material/speed:",
            url_path="e-readiness",
        ),
    ],
    "Service KPIs": [
        st.Page(
            "app_pages/service_kpis.py",
            title="By department",
            icon=":material/insights:",
            url_path="service-kpis",
        ),
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
# Who reads, from the signed-in identity alone; the navigation offers only their pages.
reader = current_identity()
page = st.navigation(pages_for(PAGES, reader.scope))
account.show(reader)

try:
    show_snapshot_header(snapshot_info())
    # The URL as sent, read before the filters drop values they do not offer.
    sent = st.query_params.to_dict()
    audit_trail.note_view(reader, page_name(page), render_sidebar(), sent)
    page.run()
except SnapshotUnavailable as exc:
    # Nothing published yet, or the pointer moved to a broken file mid-run: say what to do
    # instead of showing a traceback.
    show_unavailable(exc)
