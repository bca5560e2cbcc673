"""Small UI pieces every page uses: downloads, charts with PNG export, number formatting.

Tables leave the dashboard as CSV and Excel with readable headers; a file travels without
the page's banner, so demo data carry their own note. Charts export as PNG from Plotly's
modebar (no server-side image engine needed).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboards.auth.audit_trail import note_download
from dashboards.page_header import PKT
from dashboards.queries.snapshot import snapshot_info

SYNTHETIC_NOTE = "Synthetic demo data, not official statistics"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


def number(value: Any, fmt: str = ",.0f", suffix: str = "") -> str:
    """Thousands separators; a dash for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    try:
        return f"{value:{fmt}}{suffix}"
    except (TypeError, ValueError):
        return str(value)


def local_time(value: Any) -> str:
    """A timestamp in Pakistan time, as '28 Nov 2026, 15:15 PKT'."""
    if value is None or (not isinstance(value, datetime | date | str) and pd.isna(value)):
        return "–"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(UTC)
    return f"{stamp.tz_convert(PKT):%d %b %Y, %H:%M} PKT"


def export_frame(frame: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The frame as it leaves the dashboard: readable headers, the demo note if needed."""
    out = frame.copy()
    if columns:
        out = out[[c for c in columns if c in out.columns]].rename(columns=dict(columns))
    for column in out.columns:
        # Excel has no time zones; keep the instant, in Pakistan time, without one.
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_convert(PKT).dt.tz_localize(None)
    if snapshot_info().synthetic:
        out["Note"] = SYNTHETIC_NOTE
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def to_excel(frame: pd.DataFrame, *, sheet: str, title: str, source: str) -> bytes:
    """An .xlsx workbook: the table (header frozen, columns sized) and an About sheet."""
    info = snapshot_info()
    published = local_time(info.published_at) if info.published_at else "unknown"
    about = pd.DataFrame(
        {
            "": ["Table", "Source", "Snapshot published", "Data"],
            " ": [
                title,
                source,
                published,
                SYNTHETIC_NOTE if info.synthetic else "Warehouse snapshot",
            ],
        }
    )
    buffer = io.BytesIO()
    sheet = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "Table"
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        frame.to_excel(writer, sheet_name=sheet, index=False)
        worksheet = writer.sheets[sheet]
        worksheet.freeze_panes(1, 0)
        thousands = writer.book.add_format({"num_format": "#,##0.##"})
        for i, column in enumerate(frame.columns):
            width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
            is_number = pd.api.types.is_numeric_dtype(frame[column])
            worksheet.set_column(i, i, min(max(width + 2, 8), 60), thousands if is_number else None)
        about.to_excel(writer, sheet_name="About", index=False, header=False)
        writer.sheets["About"].set_column(0, 0, 20)
        writer.sheets["About"].set_column(1, 1, 90)
    return buffer.getvalue()


def download_table(
    frame: pd.DataFrame,
    *,
    key: str,
    title: str,
    source: str,
    columns: Mapping[str, str] | None = None,
    file_stem: str | None = None,
) -> pd.DataFrame:
    """CSV and Excel download buttons for a table; returns the exported frame.

    ``columns`` maps the frame's columns to the headers the file gets (and picks them).
    """
    out = export_frame(frame, columns)
    stem = file_stem or slug(title)
    if snapshot_info().synthetic:
        stem += "_synthetic-demo"
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "Download CSV",
        data=to_csv(out),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        # Recorded in the audit trail: who took which table (the click reruns the page).
        on_click=note_download,
        args=(title, f"{stem}.csv", len(out)),
        icon=":material/download:",
        help=f"Download “{title}” as CSV",
    )
    row.download_button(
        "Download Excel",
        data=to_excel(out, sheet=title, title=title, source=source),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        # Recorded in the audit trail: who took which table (the click reruns the page).
        on_click=note_download,
        args=(title, f"{stem}.xlsx", len(out)),
        icon=":material/table_view:",
        help=f"Download “{title}” as an Excel workbook",
    )
    return out


def chart_config(filename: str) -> dict[str, Any]:
    """Plotly config: the modebar's camera saves a PNG at twice the screen resolution."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": slug(filename), "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }


def show_chart(figure: go.Figure, *, key: str, filename: str, alt: str | None = None) -> None:
    st.plotly_chart(figure, key=key, config=chart_config(filename), alt=alt or filename)


def change_colour(delta: float | None, higher_is_better: bool | None) -> str:
    """Delta colour that does not rely on red against green (blue = better, orange = worse)."""
    if delta is None or delta == 0 or higher_is_better is None:
        return "off"
    better = (delta > 0) == higher_is_better
    return "blue" if better else "orange"


def table(
    frame: pd.DataFrame,
    *,
    key: str,
    column_order: list[str] | None = None,
    column_config: Mapping[str, Any] | None = None,
    full_rows: int = 25,
    height: int = 440,
) -> None:
    """A table that shows every row when it is short (no hidden scrolling), a dash for gaps;
    longer ones scroll within ``height`` pixels."""
    fit: int | str = "content" if len(frame) <= full_rows else height
    st.dataframe(
        frame,
        hide_index=True,
        key=key,
        column_order=column_order,
        column_config=dict(column_config) if column_config else None,
        placeholder="–",
        height=fit,
    )


def table_with_downloads(
    frame: pd.DataFrame,
    *,
    key: str,
    title: str,
    source: str,
    shown: Mapping[str, Any],
    exported: Mapping[str, str],
    table_key: str | None = None,
    file_stem: str | None = None,
    **table_options: Any,
) -> pd.DataFrame:
    """A table and, under it, its CSV and Excel downloads; returns the exported frame.

    ``shown`` maps each column the page shows, in order, to its ``st.column_config``;
    ``exported`` maps the columns the files carry to their headers, usually more columns and
    longer headers than fit on screen. ``table_key`` is for when ``key`` is already taken
    on the page (by a chart of the same figures); ``table_options`` go to :func:`table`.
    """
    table(
        frame,
        key=table_key or key,
        column_order=list(shown),
        column_config=shown,
        **table_options,
    )
    return download_table(
        frame, key=key, title=title, source=source, columns=exported, file_stem=file_stem
    )
