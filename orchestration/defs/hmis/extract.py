"""Land one month of the HMIS: its org-unit hierarchy, data values and completeness.

A partition is a reporting month (``2024-01-01`` = DHIS2 period ``202401``). Re-landing a
month reads it again whole, so late reports and corrections entered since the last load
replace what was there: the monthly schedule re-reads the last three months.

Every facility is placed in a district through its org-unit *path*: the name of its
ancestor at the district level (``BGW_HMIS_DISTRICT_LEVEL``, 3) goes through the
warehouse's exact district resolution, so DHIS2 districts such as Hub, Usta Muhammad or
Lehri fold into their Census-2023 district and a name nobody has mapped is quarantined
with a suggestion, never guessed.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from orchestration.defs.hmis.dhis2 import ORG_UNIT_FIELDS, SOURCE, Dhis2, Dhis2Settings
from orchestration.lib import landing, quarantine
from orchestration.lib.http_source import ApiRun, ChunkSpool, Prefetch, with_text_column
from orchestration.lib.quarantine import ROW_NUMBER, Rule

VALUE_FIELDS = [
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "storedBy",
    "created",
    "lastUpdated",
    "comment",
    "followup",
]
REGISTRATION_FIELDS = [
    "dataSet",
    "period",
    "organisationUnit",
    "attributeOptionCombo",
    "date",
    "storedBy",
    "completed",
]
ORG_UNIT_RAW = [
    "id",
    "code",
    "name",
    "level",
    "path",
    "parent",
    "openingDate",
    "closedDate",
    "organisationUnitGroups",
    "page",
]
# The JSON type of each field as DHIS2 writes it (read as text all the same).
VALUE_TYPES = {f: pa.bool_() if f == "followup" else pa.string() for f in VALUE_FIELDS}
REGISTRATION_TYPES = {
    f: pa.bool_() if f == "completed" else pa.string() for f in REGISTRATION_FIELDS
}
CHUNK = "chunk_org_unit"  # which request a row came from, kept in its quarantine record
VALUES, REGISTRATIONS = "values", "registrations"

# DHIS2 value types, as far as a load has to tell them apart.
NUMERIC_TYPES = {
    "NUMBER",
    "INTEGER",
    "INTEGER_POSITIVE",
    "INTEGER_NEGATIVE",
    "INTEGER_ZERO_OR_POSITIVE",
    "PERCENTAGE",
    "UNIT_INTERVAL",
}
INTEGER_TYPES = {"INTEGER", "INTEGER_POSITIVE", "INTEGER_NEGATIVE", "INTEGER_ZERO_OR_POSITIVE"}
NON_NEGATIVE_TYPES = {"INTEGER_POSITIVE", "INTEGER_ZERO_OR_POSITIVE", "PERCENTAGE", "UNIT_INTERVAL"}
BOOLEAN_TYPES = {"BOOLEAN", "TRUE_ONLY"}
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


class HmisConfigurationError(RuntimeError):
    """The DHIS2 instance does not look the way the settings say (levels, data sets)."""


def period_of(partition_key: str) -> str:
    """``2024-01-01`` -> DHIS2's monthly period ``202401``."""
    return partition_key[:4] + partition_key[5:7]


def due_date(partition_key: str, due_day: int) -> datetime:
    """The end of the day the month's report is due (the ``due_day`` of the next month)."""
    start = date.fromisoformat(partition_key)
    year, month = start.year + (start.month == 12), start.month % 12 + 1
    return datetime(year, month, due_day, 23, 59, 59)


def _timestamp(column: str) -> pl.Expr:
    """DHIS2 writes times as ``2024-02-07T19:23:24.000+0000`` or without the zone."""
    text = pl.col(column).str.strip_chars()
    return pl.coalesce(
        text.str.slice(0, 19).str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False),
        text.str.slice(0, 10).str.to_datetime("%Y-%m-%d", strict=False),
    ).cast(pl.Datetime("us"))


@dataclass(frozen=True)
class Metadata:
    org_units: pl.DataFrame  # every org unit as listed (duplicates too), with its context
    lookup: pl.DataFrame  # first listing of each org unit id: what a value's orgUnit joins
    elements: pl.DataFrame
    option_combos: pl.DataFrame
    data_sets: pl.DataFrame
    chunks: list[tuple[str, str]]  # (id, name) of the org units requested with children
    origin: str


# One request's answer, as read on a reading thread: (month, entity, rows as text).
Chunk = tuple[str, str, pa.Table]


class HmisExtract(ApiRun):
    """One run's reading of the HMIS: metadata once, then one month at a time.

    Told the months the run will land (``plan``), it reads the next month's chunks while
    the current one lands; asked for a month out of that order, it reads that month alone.
    """

    api: Dhis2

    def __init__(
        self,
        cfg: Dhis2Settings | None = None,
        *,
        warn: Callable[[str], None] = lambda m: None,
        info: Callable[[str], None] = lambda m: None,
    ) -> None:
        self.cfg = cfg or Dhis2Settings.from_env()
        super().__init__(Dhis2(self.cfg, warn), info)
        self._planned: list[str] = []
        self._reading: Prefetch[Chunk] | None = None
        self._upcoming: list[str] = []  # the months self._reading will hand back, in order

    def __exit__(self, *exc: object) -> None:
        self._stop_reading()  # before the client closes under a request in flight
        super().__exit__(*exc)

    def plan(self, partition_keys: Iterable[str]) -> None:
        """The months this run will land, in the order it will land them."""
        self._planned = list(partition_keys)

    @cached_property
    def metadata(self) -> Metadata:
        cfg = self.cfg
        listed = self.api.metadata("dataSets", "id,code,name,periodType")
        data_sets = [
            d
            for d in listed
            if (d.get("id") in cfg.data_sets if cfg.data_sets else d.get("periodType") == "Monthly")
        ]
        if not data_sets:
            wanted = ", ".join(cfg.data_sets) or "any data set with periodType Monthly"
            raise HmisConfigurationError(
                f"{SOURCE}: {cfg.base_url}/api/dataSets lists none of {wanted} for this user; "
                "set BGW_HMIS_DATA_SETS to the monthly facility report's id"
            )
        elements = (
            pl.DataFrame(
                [
                    (e.get("id"), e.get("code"), e.get("name"), e.get("valueType"))
                    for e in self.api.metadata("dataElements", "id,code,name,valueType")
                ],
                schema={
                    "dataElement": pl.String,
                    "data_element_code": pl.String,
                    "data_element_name": pl.String,
                    "value_type": pl.String,
                },
                orient="row",
            )
            .unique("dataElement", keep="first", maintain_order=True)
            .with_columns(pl.lit(True).alias("_element_known"))
        )
        option_combos = pl.DataFrame(
            [
                (c.get("id"), c.get("name"))
                for c in self.api.metadata("categoryOptionCombos", "id,name")
            ],
            schema={"categoryOptionCombo": pl.String, "category_option_combo_name": pl.String},
            orient="row",
        ).unique("categoryOptionCombo", keep="first", maintain_order=True)
        level_names = {
            int(lv["level"]): lv.get("name")
            for lv in self.api.metadata("organisationUnitLevels", "level,name")
            if str(lv.get("level", "")).isdigit()
        }
        org_units = self._org_units(level_names)
        lookup = org_units.unique("org_unit_id", keep="first", maintain_order=True)
        chunks = [
            (row["org_unit_id"], row["org_unit_name"])
            for row in lookup.filter(pl.col("level") == cfg.chunk_level).iter_rows(named=True)
        ]
        if not chunks:
            raise HmisConfigurationError(
                f"{SOURCE}: no org unit at level {cfg.chunk_level} (BGW_HMIS_CHUNK_LEVEL) in "
                f"{cfg.base_url}/api/organisationUnits; levels present: "
                f"{sorted(lookup['level'].drop_nulls().unique().to_list())}"
            )
        self.info(
            f"{SOURCE}: {len(lookup)} org units, {len(elements)} data elements, data sets "
            f"{[d.get('name') for d in data_sets]}; {len(chunks)} chunks a month"
        )
        return Metadata(
            org_units=org_units,
            lookup=lookup,
            elements=elements,
            option_combos=option_combos,
            data_sets=pl.DataFrame(
                {
                    "dataSet": [d["id"] for d in data_sets],
                    "data_set_name": [d.get("name") for d in data_sets],
                }
            ),
            chunks=chunks,
            origin=self.api.http.endpoint(
                "/api/organisationUnits",
                {"paging": "true", "pageSize": cfg.page_size, "fields": ORG_UNIT_FIELDS},
            ),
        )

    def _org_units(self, level_names: dict[int, str]) -> pl.DataFrame:
        with tempfile.TemporaryDirectory(prefix="hmis-ou-") as tmp:
            spool = ChunkSpool(Path(tmp) / "org_units.parquet", ORG_UNIT_RAW)
            page_records: list[dict[str, Any]] = []
            current = None
            for page, record in self.api.org_units():
                if current is not None and page != current:
                    spool.append(page_records, {"page": current})
                    page_records = []
                current = page
                page_records.append(record)
            if page_records:
                spool.append(page_records, {"page": current})
            raw = spool.read()
        names = dict(zip(raw["id"].to_list(), raw["name"].to_list(), strict=True))
        cfg = self.cfg
        context = []
        for row in raw.iter_rows(named=True):
            ancestors = [a for a in (row["path"] or "").split("/") if a]

            def name_at(level: int, ancestors: list[str] = ancestors) -> str | None:
                return names.get(ancestors[level - 1]) if len(ancestors) >= level else None

            context.append(
                {
                    "division_name": name_at(2) if cfg.district_level > 2 else None,
                    "district_reported": name_at(cfg.district_level),
                    "tehsil_name": name_at(cfg.facility_level - 1)
                    if cfg.facility_level - 1 > cfg.district_level
                    else None,
                    "facility_type": _group_in_set(
                        row["organisationUnitGroups"], cfg.facility_type_group_set
                    ),
                    "parent_id": _parent_id(row["parent"]),
                }
            )
        frame = pl.concat(
            [
                raw,
                pl.DataFrame(
                    context,
                    schema={
                        "division_name": pl.String,
                        "district_reported": pl.String,
                        "tehsil_name": pl.String,
                        "facility_type": pl.String,
                        "parent_id": pl.String,
                    },
                ),
            ],
            how="horizontal",
        ).with_columns(
            pl.col("level").cast(pl.Int64, strict=False),
            pl.col("id").alias("org_unit_id"),
            pl.col("name").alias("org_unit_name"),
        )
        frame = frame.with_columns(
            pl.col("level")
            .replace_strict(level_names, default=None, return_dtype=pl.String)
            .alias("level_name"),
            (pl.col("level") == cfg.facility_level).alias("is_facility"),
            # Districts resolve only for units at or below the district level.
            pl.when(pl.col("level") >= cfg.district_level)
            .then(pl.col("district_reported"))
            .alias("district_reported"),
        )
        return quarantine.resolve_districts(frame, "district_reported").rename(
            {
                "district_reported_unit": "district_unit",
                "district_reported_suggestion": "district_suggestion",
            }
        )

    # --- one month ------------------------------------------------------------------------
    def land_month(self, partition_key: str) -> list[landing.LoadAccount]:
        md = self.metadata
        period = period_of(partition_key)
        try:
            chunks = self._month_chunks(partition_key)
        except BaseException:
            self._stop_reading()
            raise
        raw_values = _text_frame(chunks[VALUES], [*VALUE_FIELDS, CHUNK])
        raw_registrations = _text_frame(chunks[REGISTRATIONS], [*REGISTRATION_FIELDS, CHUNK])
        self.info(
            f"{SOURCE} {period}: {len(md.chunks) * 2} requests, {raw_values.height} data "
            f"values, {raw_registrations.height} registrations"
        )
        return [
            self.land_org_units(partition_key),
            self.land_values(raw_values, partition_key),
            self.land_completeness(raw_registrations, partition_key),
        ]

    def _month_chunks(self, partition_key: str) -> dict[str, list[pa.Table]]:
        """The month's answers, chunk by chunk in the order of ``metadata.chunks``."""
        if self._reading is None or not self._upcoming or self._upcoming[0] != partition_key:
            self._stop_reading()
            planned = self._planned
            months = (
                planned[planned.index(partition_key) :]
                if partition_key in planned
                else [partition_key]
            )
            self._upcoming = list(months)
            self._reading = Prefetch(
                self._reads(months),
                workers=self.cfg.concurrent_requests,
                ahead=2 * len(self.metadata.chunks),
            )
        tables: dict[str, list[pa.Table]] = {VALUES: [], REGISTRATIONS: []}
        for _ in range(2 * len(self.metadata.chunks)):
            month, entity, table = next(self._reading)
            if month != partition_key:  # an ordering bug, never a data problem
                raise RuntimeError(f"{SOURCE}: read {month} while landing {partition_key}")
            tables[entity].append(table)
        self._upcoming.pop(0)
        if not self._upcoming:
            self._stop_reading()
        return tables

    def _reads(self, months: list[str]) -> Iterator[Callable[[], Chunk]]:
        """One call per request, month by month, chunk by chunk: values, then registrations."""
        data_sets = self.metadata.data_sets["dataSet"].to_list()
        for month in months:
            period = period_of(month)
            for ou_id, name in self.metadata.chunks:
                label = f"period {period}, org unit {name} ({ou_id}) with children"
                ask = (data_sets, period, ou_id, label)
                yield partial(_read, month, VALUES, self.api.data_values, ask, VALUE_TYPES, ou_id)
                yield partial(
                    _read,
                    month,
                    REGISTRATIONS,
                    self.api.registrations,
                    ask,
                    REGISTRATION_TYPES,
                    ou_id,
                )

    def _stop_reading(self) -> None:
        if self._reading is not None:
            self._reading.close()
        self._reading, self._upcoming = None, []

    def _origin(self, path: str, partition_key: str) -> str:
        ids = ",".join(self.metadata.data_sets["dataSet"].to_list())
        return (
            f"{self.api.http.endpoint(path)}?dataSet={ids}&period={period_of(partition_key)}"
            f"&children=true, one request per level-{self.cfg.chunk_level} org unit "
            f"({len(self.metadata.chunks)})"
        )

    def land_org_units(self, partition_key: str) -> landing.LoadAccount:
        """The hierarchy as it stands, landed beside the month it was read with."""
        frame = self.metadata.org_units.with_row_index(ROW_NUMBER, offset=1).with_columns(
            pl.col(ROW_NUMBER).cast(pl.Int64)
        )
        first = pl.col(ROW_NUMBER).min().over("org_unit_id")
        opening = _timestamp("openingDate")
        closed = _timestamp("closedDate")
        rules = [
            Rule(
                failed=pl.col(ROW_NUMBER) != first,
                reason=pl.format(
                    "duplicate org unit: '{}' listed again on page {} (paging "
                    "moved under the load)",
                    pl.col("org_unit_id"),
                    pl.col("page"),
                ),
            ),
            Rule(
                failed=pl.col("org_unit_id").is_null()
                | pl.col("level").is_null()
                | pl.col("path").is_null(),
                reason=pl.format(
                    "malformed org unit: id '{}', level '{}', path '{}'",
                    pl.col("id").fill_null(""),
                    pl.col("level").fill_null(-1),
                    pl.col("path").fill_null(""),
                ),
            ),
            quarantine.Rule(
                failed=(pl.col("level") >= self.cfg.district_level)
                & pl.col("district_pcode").is_null(),
                reason=pl.format(
                    "unknown district: '{}'", pl.col("district_reported").fill_null("")
                ),
                suggestion=pl.col("district_suggestion"),
            ),
            Rule(
                failed=pl.col("openingDate").is_not_null() & opening.is_null(),
                reason=pl.format("malformed openingDate: '{}'", pl.col("openingDate")),
            ),
        ]
        return quarantine.land(
            frame,
            rules,
            source=SOURCE,
            entity="org_units",
            partition_key=partition_key,
            origin=self.metadata.origin,
            raw_columns=ORG_UNIT_RAW,
            shape=lambda good: good.select(
                # The month this copy of the hierarchy was read with (one copy a month).
                pl.lit(period_of(partition_key)).alias("period"),
                "org_unit_id",
                pl.col("code").alias("org_unit_code"),
                "org_unit_name",
                "level",
                "level_name",
                "parent_id",
                "path",
                "division_name",
                "district_reported",
                "district_unit",
                "district_pcode",
                "tehsil_name",
                "facility_type",
                "is_facility",
                opening.dt.date().alias("opening_date"),
                closed.dt.date().alias("closed_date"),
            ),
        )

    def _with_org_unit(self, raw: pl.DataFrame, column: str) -> pl.DataFrame:
        lookup = self.metadata.lookup.select(
            pl.col("org_unit_id").alias(column),
            pl.col("org_unit_name").alias("facility_name"),
            pl.col("level").alias("org_unit_level"),
            "facility_type",
            "tehsil_name",
            "division_name",
            "district_reported",
            "district_unit",
            "district_pcode",
            "district_suggestion",
            pl.lit(True).alias("_known"),
        )
        return (
            raw.with_row_index(ROW_NUMBER, offset=1)
            .with_columns(pl.col(ROW_NUMBER).cast(pl.Int64))
            .join(lookup, on=column, how="left", maintain_order="left")
        )

    def _org_unit_rules(self, column: str) -> list[Rule]:
        return [
            Rule(
                failed=pl.col("_known").is_null(),
                reason=pl.format(
                    "unknown org unit: '{}' is not in the organisationUnits hierarchy",
                    pl.col(column).fill_null(""),
                ),
            ),
            Rule(
                failed=pl.col("org_unit_level") < self.cfg.district_level,
                reason=pl.format(
                    "not in a district: org unit '{}' is at level {}",
                    pl.col(column),
                    pl.col("org_unit_level"),
                ),
            ),
            Rule(
                failed=pl.col("district_pcode").is_null(),
                reason=pl.format(
                    "unknown district: '{}'", pl.col("district_reported").fill_null("")
                ),
                suggestion=pl.col("district_suggestion"),
            ),
        ]

    def land_values(self, raw: pl.DataFrame, partition_key: str) -> landing.LoadAccount:
        period = period_of(partition_key)
        md = self.metadata
        frame = (
            self._with_org_unit(raw, "orgUnit")
            .join(md.elements, on="dataElement", how="left", maintain_order="left")
            .join(md.option_combos, on="categoryOptionCombo", how="left", maintain_order="left")
        )
        text = pl.col("value").str.strip_chars()
        is_number = text.str.contains(_NUMBER).fill_null(False)
        lowered = text.str.to_lowercase()
        frame = frame.with_columns(
            pl.when(pl.col("value_type").is_in(BOOLEAN_TYPES))
            .then(
                pl.when(lowered.is_in(["true", "1"]))
                .then(1.0)
                .when(lowered.is_in(["false", "0"]))
                .then(0.0)
            )
            .when(pl.col("value_type").is_in(NUMERIC_TYPES) & is_number)
            .then(text.cast(pl.Float64, strict=False))
            .alias("_value"),
        )
        keys = ["dataElement", "categoryOptionCombo", "attributeOptionCombo", "orgUnit", "period"]
        first = pl.col(ROW_NUMBER).min().over(keys)
        rules = [
            *self._org_unit_rules("orgUnit"),
            Rule(
                failed=pl.col("_element_known").is_null(),
                reason=pl.format("unknown data element: '{}'", pl.col("dataElement").fill_null("")),
            ),
            Rule(
                failed=pl.col("category_option_combo_name").is_null(),
                reason=pl.format(
                    "unknown category option combo: '{}'",
                    pl.col("categoryOptionCombo").fill_null(""),
                ),
            ),
            quarantine.not_asked_for_rule("period", period, "answer"),
            Rule(
                failed=pl.col("value_type").is_in(NUMERIC_TYPES | BOOLEAN_TYPES)
                & pl.col("_value").is_null(),
                reason=pl.format(
                    "non-numeric value: '{}' for {} ({})",
                    pl.col("value").fill_null(""),
                    pl.coalesce("data_element_code", "dataElement"),
                    pl.col("value_type"),
                ),
            ),
            Rule(
                failed=pl.col("value_type").is_in(NON_NEGATIVE_TYPES) & (pl.col("_value") < 0),
                reason=pl.format(
                    "negative count: '{}' for {}",
                    pl.col("value"),
                    pl.coalesce("data_element_code", "dataElement"),
                ),
            ),
            Rule(
                failed=pl.col("value_type").is_in(INTEGER_TYPES)
                & (pl.col("_value") != pl.col("_value").round(0)),
                reason=pl.format(
                    "non-integer count: '{}' for {}",
                    pl.col("value"),
                    pl.coalesce("data_element_code", "dataElement"),
                ),
            ),
            Rule(
                failed=pl.col(ROW_NUMBER) != first,
                reason=pl.format(
                    "duplicate data value: same data element, option combo, "
                    "org unit and period as row {}",
                    first,
                ),
            ),
        ]
        return quarantine.land(
            frame,
            rules,
            source=SOURCE,
            entity="data_values",
            partition_key=partition_key,
            origin=self._origin("/api/dataValueSets", partition_key),
            raw_columns=[*VALUE_FIELDS, CHUNK],
            shape=lambda good: good.select(
                "period",
                pl.lit(date.fromisoformat(partition_key)).alias("period_start"),
                pl.col("orgUnit").alias("org_unit_id"),
                "facility_name",
                "facility_type",
                "org_unit_level",
                "tehsil_name",
                "division_name",
                "district_reported",
                "district_unit",
                "district_pcode",
                pl.col("dataElement").alias("data_element_id"),
                "data_element_code",
                "data_element_name",
                "value_type",
                pl.col("categoryOptionCombo").alias("category_option_combo_id"),
                "category_option_combo_name",
                pl.col("attributeOptionCombo").alias("attribute_option_combo_id"),
                pl.col("value").alias("value_text"),
                pl.col("_value").alias("value"),
                pl.col("storedBy").alias("stored_by"),
                _timestamp("created").alias("created_at"),
                _timestamp("lastUpdated").alias("last_updated_at"),
            ),
        )

    def land_completeness(self, raw: pl.DataFrame, partition_key: str) -> landing.LoadAccount:
        period = period_of(partition_key)
        due = due_date(partition_key, self.cfg.due_day)
        frame = (
            self._with_org_unit(raw, "organisationUnit")
            .join(self.metadata.data_sets, on="dataSet", how="left", maintain_order="left")
            .with_columns(_timestamp("date").alias("_completed_at"))
        )
        keys = ["dataSet", "period", "organisationUnit", "attributeOptionCombo"]
        first = pl.col(ROW_NUMBER).min().over(keys)
        rules = [
            *self._org_unit_rules("organisationUnit"),
            Rule(
                failed=pl.col("data_set_name").is_null(),
                reason=pl.format("unexpected data set: '{}'", pl.col("dataSet").fill_null("")),
            ),
            quarantine.not_asked_for_rule("period", period, "answer"),
            Rule(
                failed=pl.col("_completed_at").is_null(),
                reason=pl.format("malformed date: '{}'", pl.col("date").fill_null("")),
            ),
            Rule(
                failed=pl.col(ROW_NUMBER) != first,
                reason=pl.format(
                    "duplicate registration: same data set, period and org unit as row {}", first
                ),
            ),
        ]
        return quarantine.land(
            frame,
            rules,
            source=SOURCE,
            entity="completeness",
            partition_key=partition_key,
            origin=self._origin("/api/completeDataSetRegistrations", partition_key),
            raw_columns=[*REGISTRATION_FIELDS, CHUNK],
            shape=lambda good: good.select(
                pl.col("dataSet").alias("data_set_id"),
                "data_set_name",
                "period",
                pl.lit(date.fromisoformat(partition_key)).alias("period_start"),
                pl.col("organisationUnit").alias("org_unit_id"),
                "facility_name",
                "facility_type",
                "org_unit_level",
                "district_reported",
                "district_unit",
                "district_pcode",
                pl.col("attributeOptionCombo").alias("attribute_option_combo_id"),
                pl.col("_completed_at").alias("completed_at"),
                pl.lit(due).cast(pl.Datetime("us")).alias("due_at"),
                (pl.col("_completed_at") <= pl.lit(due)).alias("on_time"),
                pl.max_horizontal(
                    (pl.col("_completed_at").dt.date() - pl.lit(due.date())).dt.total_days(),
                    pl.lit(0),
                )
                .cast(pl.Int32)
                .alias("days_late"),
                (pl.col("completed").fill_null("true").str.to_lowercase() != "false").alias(
                    "completed"
                ),
                pl.col("storedBy").alias("stored_by"),
            ),
        )


def _read(
    month: str,
    entity: str,
    request: Callable[..., pa.Table],
    ask: tuple[Any, ...],
    fields: dict[str, pa.DataType],
    chunk: str,
) -> Chunk:
    """One request, its answer made a table of text on the reading thread."""
    return month, entity, with_text_column(request(*ask, fields), CHUNK, chunk)


def _text_frame(tables: list[pa.Table], columns: list[str]) -> pl.DataFrame:
    """The chunks in arrival order, as strings."""
    if not tables:
        return pl.DataFrame(schema={c: pl.String for c in columns})
    return pl.from_arrow(pa.concat_tables(tables))


def _parent_id(text: str | None) -> str | None:
    if not text:
        return None
    try:
        parent = json.loads(text)
    except json.JSONDecodeError:
        return None
    return parent.get("id") if isinstance(parent, dict) else None


def _group_in_set(text: str | None, group_set: str) -> str | None:
    """The name of the org unit's group that belongs to the group set (facility type)."""
    if not text:
        return None
    try:
        groups = json.loads(text)
    except json.JSONDecodeError:
        return None
    for group in groups if isinstance(groups, list) else []:
        sets = group.get("groupSets") or []
        if any(s.get("name") == group_set or s.get("id") == group_set for s in sets):
            return group.get("name")
    return None
