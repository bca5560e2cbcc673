"""Entry point: ``streamlit run dashboards/streamlit_app.py``.

Only routing lives here; each page is one file in ``app_pages/``. To add a page, add an
``st.Page`` to ``PAGES`` (a new section is a new key).
"""

from __future__ import annotations

import streamlit as st

from dashboards.page_header import APP_TITLE, show_snapshot_header, show_unavailable
from dashboards.queries.snapshot import SnapshotUnavailable, snapshot_info

PAGES = {
    "Service KPIs": [
        st.Page(
            "app_pages/complaints.py",
            title="Complaints",
            icon=":material/feedback:",
            url_path="complaints",
            default=True,
        ),
    ],
}

st.set_page_config(layout="wide", page_title=APP_TITLE)
page = st.navigation(PAGES)

try:
    show_snapshot_header(snapshot_info())
    page.run()
except SnapshotUnavailable as exc:
    # Nothing published yet, or the pointer moved to a broken file mid-run: say what to do
    # instead of showing a traceback.
    show_unavailable(exc)
