"""What every page shows above its own content: the demo-data banner, when the data were
published, or, before anything is published, how to get a snapshot."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

import streamlit as st

from dashboards.queries.snapshot import SnapshotInfo, SnapshotUnavailable

DEMO_BANNER = "Demo data: synthetic figures produced by the simulator, not official statistics"
APP_TITLE = "Balochistan e-Governance Warehouse"
# Pakistan Standard Time has had no daylight saving since 2009; a fixed offset avoids
# depending on the system's time-zone database.
PKT = timezone(timedelta(hours=5), "PKT")


def show_snapshot_header(info: SnapshotInfo) -> None:
    if info.synthetic:
        st.warning(DEMO_BANNER, icon=":material/science:")
    if info.published_at is None:
        st.caption("Snapshot publication time unknown.")
        return
    local = info.published_at.astimezone(PKT)
    utc = info.published_at.astimezone(UTC)
    sources = f" Sources: {', '.join(info.sources)}." if info.sources else ""
    st.caption(f"Data as published {local:%d %b %Y, %H:%M} PKT ({utc:%H:%M} UTC).{sources}")


def show_unavailable(exc: SnapshotUnavailable) -> None:
    st.title(APP_TITLE)
    st.error(f"No data to show yet. {exc}", icon=":material/database_off:")
