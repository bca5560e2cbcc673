"""Data health: is every source up to date, what did each load keep, and what did it reject."""

from __future__ import annotations

import streamlit as st

from dashboards import filters
from dashboards.auth.audit_panel import show_audit_trail
from dashboards.charts.data_health import loads_by_partition, quarantine_by_reason
from dashboards.components import (
    download_table,
    local_time,
    number,
    show_chart,
    table,
    table_with_downloads,
)
from dashboards.queries import catalog, data_health
from dashboards.queries.snapshot import snapshot_info

st.title("Data health")
info = snapshot_info()
st.caption(
    f"For the data engineer. Snapshot published {local_time(info.published_at)}. "
    f"Source: {data_health.SOURCE} (marts `rpt_data_health__*`). Runs, asset checks and "
    "re-runs of a partition are in the Dagster UI."
)

missing = catalog.missing_tables(*data_health.MARTS)
if missing:
    st.info(
        "This snapshot has no data-health marts yet (missing: "
        f"{', '.join(missing)}): nothing has landed, or the warehouse was built before they "
        "existed. Load a source and rebuild.",
        icon=":material/hourglass_empty:",
    )
    st.stop()

# Table cells are plain text: a symbol and the word, so status never rests on colour.
STATUS_TEXT = {
    "on time": "✔ on time",
    "overdue": "⚠ overdue",
    "no schedule": "– no schedule",
    "not loaded": "○ not loaded",
}

# -- Freshness ------------------------------------------------------------------------------
st.header("Freshness by source", divider="gray")
fresh = data_health.freshness()
assessed = fresh["assessed_at"].dropna()
counts = fresh["freshness_status"].value_counts()
cols = st.columns(len(data_health.FRESHNESS_ORDER))
for col, status in zip(cols, data_health.FRESHNESS_ORDER, strict=True):
    col.metric(
        status.capitalize(),
        f"{int(counts.get(status, 0)):,}",
        help={
            "on time": "The latest period due has landed and the last extract is recent.",
            "overdue": "A period that is due has not landed, or the last extract is older "
            "than the source's cadence allows.",
            "no schedule": "Delivered on change or one-off: no due date to miss.",
            "not loaded": "The source has not landed anything yet.",
        }[status],
        border=True,
    )
st.caption(
    "Judged against each publisher's cadence (dim_source_system) when the warehouse was "
    f"built{', ' + local_time(assessed.iloc[0]) if not assessed.empty else ''}."
)
table_with_downloads(
    # The status as a symbol and a word on the page; the files keep the plain status.
    fresh.assign(status=fresh["freshness_status"].map(STATUS_TEXT).fillna("")),
    key="health_freshness",
    title="Source freshness",
    source=data_health.SOURCE,
    shown={
        "status": st.column_config.TextColumn("Status", width=120),
        "source_code": st.column_config.TextColumn("Source", width=80),
        "latest_partition_key": st.column_config.TextColumn("Latest partition"),
        "expected_latest_period_start": st.column_config.DateColumn(
            "Latest period due", format="MMM YYYY"
        ),
        "periods_behind": st.column_config.NumberColumn(
            "Behind", format="%d", help="Periods due that have not landed", width=70
        ),
        "last_extracted_at": st.column_config.DatetimeColumn(
            "Last extract", format="D MMM YYYY, HH:mm", timezone="Asia/Karachi"
        ),
        "extract_age_days": st.column_config.NumberColumn(
            "Age (days)", format="%.1f", help="Days since the last extract", width=80
        ),
        "cadence": st.column_config.TextColumn("Cadence"),
        "source_name": st.column_config.TextColumn("System", width=320),
    },
    exported={
        "source_code": "Source",
        "source_name": "System",
        "department_name": "Department",
        "cadence": "Cadence",
        "freshness_status": "Status",
        "latest_partition_key": "Latest partition",
        "latest_period_start": "Latest period",
        "expected_latest_period_start": "Latest period due",
        "periods_behind": "Periods behind",
        "last_extracted_at": "Last extract (PKT)",
        "extract_age_days": "Extract age (days)",
        "max_extract_age_days": "Allowed extract age (days)",
    },
)

# -- Loads ----------------------------------------------------------------------------------
st.header("Loads", divider="gray")
st.caption(
    "The newest partition of every source and entity. Nothing is lost: rows read = rows "
    "loaded + rows quarantined, or the landing step refuses the partition."
)
latest = data_health.latest_loads()
table_with_downloads(
    latest,
    key="health_loads",
    title="Latest loads",
    source=data_health.SOURCE,
    shown={
        "source_code": st.column_config.TextColumn("Source"),
        "entity": st.column_config.TextColumn("Entity"),
        "partition_key": st.column_config.TextColumn("Last partition"),
        "rows_read": st.column_config.NumberColumn("Rows read", format="localized"),
        "rows_loaded": st.column_config.NumberColumn("Loaded", format="localized"),
        "rows_quarantined": st.column_config.NumberColumn("Quarantined", format="localized"),
        "quarantined_pct": st.column_config.NumberColumn("Quarantined (%)", format="%.1f"),
        "rows_add_up": st.column_config.CheckboxColumn("Adds up"),
        "extracted_at": st.column_config.DatetimeColumn(
            "Extracted", format="D MMM YYYY, HH:mm", timezone="Asia/Karachi"
        ),
        "landing_folder": st.column_config.TextColumn("Landing folder", width=300),
    },
    exported={
        "source_code": "Source",
        "entity": "Entity",
        "partition_key": "Last partition",
        "rows_read": "Rows read",
        "rows_loaded": "Rows loaded",
        "rows_quarantined": "Rows quarantined",
        "quarantined_pct": "Quarantined (%)",
        "rows_add_up": "Rows add up",
        "extracted_at": "Extracted (PKT)",
        "landing_folder": "Landing folder",
        "origin": "Read from",
    },
)

sources = data_health.landed_sources()
if sources:
    source = st.selectbox("Partitions of one source", options=sources, key="health_source")
    history = data_health.load_history(source)
    entities = list(dict.fromkeys(history["entity"]))
    for entity_col, entity in zip(st.columns(min(len(entities), 2)) * 2, entities, strict=False):
        with entity_col:
            show_chart(
                loads_by_partition(history[history["entity"] == entity], entity=entity),
                key=f"health_history_{entity}",
                filename=f"{source} {entity} rows per partition",
                alt=f"Rows loaded and quarantined per partition, {source} {entity}",
            )

# -- Quarantine -----------------------------------------------------------------------------
st.header("Quarantine", divider="gray")
summary = data_health.quarantine_summary()
if summary.empty:
    st.success("No row has been quarantined.", icon=":material/check_circle:")
else:
    st.caption(
        "Rows that did not load, by reason (the part before the colon of `<kind>: <detail>`), "
        "over every partition. Each keeps its file, row number and reason in the landing "
        "zone's quarantine.parquet."
    )
    show_chart(
        quarantine_by_reason(summary),
        key="health_quarantine_chart",
        filename="quarantine by reason",
        alt="Quarantined rows by reason and source",
    )
    chosen = filters.current()
    pick_col, period_col = st.columns([2, 3])
    source_filter = pick_col.selectbox(
        "Source",
        options=[None, *sorted(summary["source_code"].unique())],
        format_func=lambda s: "All sources" if s is None else s,
        key="health_quarantine_source",
    )
    only_period = period_col.toggle(
        f"Only partitions of {chosen.period_label}" if chosen.period else "Only one month",
        value=False,
        key="health_quarantine_period",
        disabled=chosen.period is None,
        help="Uses the sidebar's period; partitions that are not months (survey waves) drop out.",
    )
    detail = data_health.quarantine(source_filter, chosen.period if only_period else None)
    table(
        detail,
        key="health_quarantine",
        column_order=[
            "source_code",
            "entity",
            "partition_key",
            "reason_kind",
            "quarantined_rows",
            "example_reason",
            "example_suggestion",
            "example_row_number",
        ],
        column_config={
            "source_code": st.column_config.TextColumn("Source"),
            "entity": st.column_config.TextColumn("Entity"),
            "partition_key": st.column_config.TextColumn("Partition"),
            "reason_kind": st.column_config.TextColumn("Reason"),
            "quarantined_rows": st.column_config.NumberColumn("Rows", format="localized"),
            "distinct_reasons": st.column_config.NumberColumn("Variants", format="localized"),
            "example_reason": st.column_config.TextColumn("Example reason", width=280),
            "example_suggestion": st.column_config.TextColumn("Suggestion", width=200),
            "example_row_number": st.column_config.NumberColumn(
                "Row", format="%d", help="Row number of the example in its origin"
            ),
        },
    )
    st.caption(f"{number(detail['quarantined_rows'].sum())} rows in {len(detail):,} groups.")
    download_table(
        detail,
        key="health_quarantine",
        title="Quarantine by partition and reason",
        source=data_health.SOURCE,
        columns={
            "source_code": "Source",
            "entity": "Entity",
            "partition_key": "Partition",
            "reason_kind": "Reason",
            "quarantined_rows": "Rows quarantined",
            "distinct_reasons": "Different reasons",
            "example_reason": "Example reason",
            "example_suggestion": "Suggestion",
            "example_origin": "Example from",
            "example_row_number": "Example row number",
        },
    )

# -- Unresolved districts -------------------------------------------------------------------
st.header("District names that did not resolve", divider="gray")
unresolved = data_health.unresolved_districts()
if unresolved.empty:
    st.success("Every district name resolved.", icon=":material/check_circle:")
else:
    st.caption(
        "Names that matched no district after normalisation and the alias tables; their rows "
        "are quarantined, never guessed. To accept a suggestion, add the name to "
        "`transform/seeds/district_aliases.csv` and re-run the partitions it held back. "
        "Blank names have nothing to map: fix them at the source."
    )
    table(
        unresolved.assign(
            name_as_typed=unresolved["name_as_typed"].where(~unresolved["is_blank"], "(blank)")
        ),
        key="health_unresolved",
        column_order=[
            "source_code",
            "name_as_typed",
            "suggested_match",
            "quarantined_rows",
            "partitions",
            "entities",
            "first_partition_key",
            "last_partition_key",
        ],
        column_config={
            "source_code": st.column_config.TextColumn("Source"),
            "name_as_typed": st.column_config.TextColumn("Name as typed"),
            "suggested_match": st.column_config.TextColumn("Suggested match", width="medium"),
            "quarantined_rows": st.column_config.NumberColumn("Rows", format="localized"),
            "partitions": st.column_config.NumberColumn("Partitions", format="localized"),
            "entities": st.column_config.TextColumn("Entities"),
            "first_partition_key": st.column_config.TextColumn("First seen"),
            "last_partition_key": st.column_config.TextColumn("Last seen"),
        },
    )
    download_table(
        unresolved,
        key="health_unresolved",
        title="Unresolved district names",
        source=data_health.SOURCE,
        columns={
            "source_code": "Source",
            "name_as_typed": "Name as typed",
            "is_blank": "Blank",
            "suggested_match": "Suggested match",
            "quarantined_rows": "Rows quarantined",
            "partitions": "Partitions",
            "entities": "Entities",
            "first_partition_key": "First partition",
            "last_partition_key": "Last partition",
        },
    )

# -- Audit trail (only for a reader whose role may read it) ----------------------------------
show_audit_trail()
