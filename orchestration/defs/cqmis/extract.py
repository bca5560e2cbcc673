"""Extract one month of the Complaint & Inquiry MIS and decide what loads.

A partition is the month a complaint was *registered in the system* (``created_at``, set by
the database, never retyped). Re-extracting a partition fetches the current state of every
complaint registered that month, so a complaint updated later is replaced, never
duplicated, and re-running a partition is idempotent. Which partitions need re-extracting
is found from the ``updated_at`` watermark (see ``changed_partitions``).
"""

from __future__ import annotations

from datetime import datetime

import polars as pl
import sqlalchemy as sa

from orchestration.lib import landing, quarantine, settings, sql_source
from orchestration.lib.periods import month_key, month_window

SOURCE = "cqmis"
STATUSES = ["registered", "under_inquiry", "resolved", "rejected", "reopened"]

COMPLAINT_COLUMNS = {
    "complaint_id": pl.Int64,
    "tracking_no": pl.String,
    "received_date": pl.String,
    "complainant_district": pl.String,
    "department": pl.String,
    "category": pl.String,
    "channel": pl.String,
    "status": pl.String,
    "resolved_date": pl.String,
    "satisfaction": pl.String,
    "created_at": pl.Datetime("us"),
    "updated_at": pl.Datetime("us"),
}
HISTORY_COLUMNS = {
    "event_id": pl.Int64,
    "complaint_id": pl.Int64,
    "status": pl.String,
    "changed_at": pl.Datetime("us"),
    "remarks": pl.String,
}


def database_url() -> str:
    default = f"sqlite:///{settings.simulated_sources_dir() / 'cqmis' / 'cqmis.sqlite'}"
    return settings.source_setting(SOURCE, "database_url", default)


def changed_partitions(url: str, since: datetime | None) -> tuple[list[str], datetime | None]:
    """Months holding complaints updated after ``since``, and the new watermark."""
    with sql_source.connect(url) as conn:
        complaints = sql_source.reflect_table(conn, "complaints")
        stmt = sa.select(complaints.c.created_at, complaints.c.updated_at)
        if since is not None:
            stmt = stmt.where(complaints.c.updated_at > since)
        frame = sql_source.read_frame(
            conn, stmt, {"created_at": pl.Datetime("us"), "updated_at": pl.Datetime("us")}
        )
    if frame.is_empty():
        return [], since
    months = sorted({month_key(d) for d in frame.get_column("created_at").to_list()})
    return months, frame.get_column("updated_at").max()


def extract_month(url: str, partition_key: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Complaints registered in the month, and their full status history."""
    start, end = month_window(partition_key)
    with sql_source.connect(url) as conn:
        complaints = sql_source.reflect_table(conn, "complaints")
        history = sql_source.reflect_table(conn, "complaint_status_history")
        in_month = (complaints.c.created_at >= start) & (complaints.c.created_at < end)
        rows = sql_source.read_frame(
            conn,
            sa.select(*[complaints.c[c] for c in COMPLAINT_COLUMNS])
            .where(in_month)
            .order_by(complaints.c.complaint_id),
            COMPLAINT_COLUMNS,
        )
        events = sql_source.read_frame(
            conn,
            sa.select(*[history.c[c] for c in HISTORY_COLUMNS])
            .join(complaints, complaints.c.complaint_id == history.c.complaint_id)
            .where(in_month)
            .order_by(history.c.event_id),
            HISTORY_COLUMNS,
        )
    return rows, events


def land_month(url: str, partition_key: str) -> list[landing.LoadAccount]:
    rows, events = extract_month(url, partition_key)
    origin = sql_source.redact(url)
    return [
        _land_complaints(rows, partition_key, f"{origin} table complaints"),
        _land_history(events, partition_key, f"{origin} table complaint_status_history"),
    ]


def _land_complaints(rows: pl.DataFrame, partition_key: str, origin: str) -> landing.LoadAccount:
    typed = quarantine.resolve_districts(rows, "complainant_district").with_columns(
        pl.col("received_date").str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("_received"),
        pl.col("resolved_date").str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("_resolved"),
        pl.col("satisfaction").cast(pl.Int16, strict=False).alias("_satisfaction"),
    )
    rules = [
        quarantine.Rule(
            failed=pl.col("_received").is_null(),
            reason=pl.format(
                "malformed received_date: '{}'", pl.col("received_date").fill_null("")
            ),
        ),
        quarantine.unresolved_district_rule("complainant_district"),
        quarantine.Rule(
            failed=~pl.col("status").is_in(STATUSES),
            reason=pl.format("unknown status: '{}'", pl.col("status").fill_null("")),
        ),
        quarantine.Rule(
            failed=pl.col("resolved_date").is_not_null() & pl.col("_resolved").is_null(),
            reason=pl.format("malformed resolved_date: '{}'", pl.col("resolved_date")),
        ),
        quarantine.Rule(
            failed=pl.col("_resolved") < pl.col("_received"),
            reason=pl.format(
                "resolved before received: resolved {} < received {}",
                pl.col("resolved_date"),
                pl.col("received_date"),
            ),
        ),
    ]
    return quarantine.land(
        typed,
        rules,
        source=SOURCE,
        entity="complaints",
        partition_key=partition_key,
        origin=origin,
        raw_columns=list(COMPLAINT_COLUMNS),
        shape=lambda good: good.select(
            "complaint_id",
            "tracking_no",
            pl.col("_received").alias("received_date"),
            pl.col("complainant_district").alias("district_reported"),
            pl.col("complainant_district_unit").alias("district_unit"),
            "district_pcode",
            "department",
            "category",
            "channel",
            "status",
            pl.col("_resolved").alias("resolved_date"),
            pl.col("_satisfaction").alias("satisfaction"),
            "created_at",
            "updated_at",
        ),
    )


def _land_history(events: pl.DataFrame, partition_key: str, origin: str) -> landing.LoadAccount:
    # The same status change recorded twice (an operator double-submitting) is quarantined
    # as a duplicate of the first event, so counts of reopenings are not inflated.
    first_event = pl.col("event_id").min().over("complaint_id", "status", "changed_at")
    rules = [
        quarantine.Rule(
            failed=~pl.col("status").is_in(STATUSES),
            reason=pl.format("unknown status: '{}'", pl.col("status").fill_null("")),
        ),
        quarantine.Rule(
            failed=pl.col("changed_at").is_null(),
            reason=pl.lit("missing changed_at: blank"),
        ),
        quarantine.Rule(
            failed=pl.col("event_id") != first_event,
            reason=pl.format("duplicate status event: same as event {}", first_event),
        ),
    ]
    return quarantine.land(
        events,
        rules,
        source=SOURCE,
        entity="status_history",
        partition_key=partition_key,
        origin=origin,
        raw_columns=list(HISTORY_COLUMNS),
    )
