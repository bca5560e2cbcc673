"""Land the e-services catalogue: portals, services and the LOSI-style checklist.

The catalogue is one current document, not a series of periodic extracts, so it lands into
a single folder (``partition=current``), replaced whole on every load; each landed row
carries the ``catalogue_version`` (a fingerprint of the three files) it came from. Rows a
person must fix are quarantined with the reason: an unknown UN stage, department, channel,
portal or indicator; a duplicated service; a launch date in the future or not a date; a
checklist answer that is not yes or no. A file that cannot be read at all raises
``CatalogueError`` (see ``catalogue``).
"""

from __future__ import annotations

import csv
from datetime import date

import polars as pl

from orchestration.defs.eservices import catalogue
from orchestration.defs.eservices.catalogue import SOURCE, CatalogueFile
from orchestration.lib import landing, quarantine, settings
from orchestration.lib.quarantine import ROW_NUMBER

PARTITION = "current"
STAGES = ("Emerging", "Enhanced", "Interactive", "Transactional", "Connected")
CHANNELS = ("web_portal", "mobile_app", "sms", "helpline", "intranet", "kiosk")
STATUSES = ("live", "planned", "retired")
ANSWERS = {"yes": True, "y": True, "no": False, "n": False}
_CHANNEL_SPELLINGS = {
    "web portal": "web_portal",
    "website": "web_portal",
    "web": "web_portal",
    "mobile app": "mobile_app",
    "app": "mobile_app",
    "call centre": "helpline",
    "call center": "helpline",
    "mis": "intranet",
    "desktop": "intranet",
}


def departments() -> list[str]:
    with (settings.SEEDS_DIR / "departments.csv").open(newline="", encoding="utf-8") as fh:
        return [row["department_code"] for row in csv.DictReader(fh)]


def indicators() -> dict[str, str]:
    """indicator code -> criterion code, from the seed the dashboards also read."""
    path = settings.SEEDS_DIR / "eservices" / "losi_indicators.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["indicator_code"]: row["criterion_code"] for row in csv.DictReader(fh)}


def land_catalogue(today: date | None = None) -> list[landing.LoadAccount]:
    """Read all three files first, so a file that cannot be read lands nothing at all."""
    today = today or date.today()
    files = {entity: catalogue.read(entity) for entity in catalogue.FILES}
    version = catalogue.version()
    portals = _land(
        files["portals"], "portals", _portal_rules(today), _portal_shape, version, _typed_portals
    )
    known_portals = _loaded_ids("portals", "portal_id")
    return [
        portals,
        _land(
            files["services"],
            "services",
            _service_rules(today, known_portals),
            _service_shape,
            version,
            _typed_services,
        ),
        _land(
            files["checklist"],
            "checklist",
            _checklist_rules(known_portals),
            _checklist_shape,
            version,
            _typed_checklist,
        ),
    ]


def _loaded_ids(entity: str, column: str) -> list[str]:
    path = landing.partition_dir(SOURCE, entity, PARTITION) / "data.parquet"
    return pl.read_parquet(path).get_column(column).to_list()


def _land(
    file: CatalogueFile, entity: str, rules, shape, version: str, typed
) -> landing.LoadAccount:
    origin = str(file.path)
    good, bad = quarantine.split(
        typed(file.frame),
        rules,
        source=SOURCE,
        entity=entity,
        partition_key=PARTITION,
        origin=origin,
        raw_columns=[c for c in file.frame.columns if c != ROW_NUMBER],
    )
    loaded = shape(good).with_columns(pl.lit(version).alias("catalogue_version"))
    return landing.write_partition(
        source=SOURCE,
        entity=entity,
        partition_key=PARTITION,
        origin=origin,
        rows_read=file.frame.height,
        loaded=loaded,
        quarantined=bad,
    )


def _lower(column: str) -> pl.Expr:
    return pl.col(column).str.to_lowercase().str.strip_chars()


def _date(column: str) -> pl.Expr:
    return pl.col(column).str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _channel() -> pl.Expr:
    return (
        _lower("channel")
        .str.replace_all(r"[\s\-]+", " ")
        .replace(_CHANNEL_SPELLINGS)
        .str.replace_all(" ", "_")
    )


def _common_typing(frame: pl.DataFrame) -> list[pl.Expr]:
    return [
        _lower("department_code").str.to_uppercase().alias("_department"),
        _channel().alias("_channel"),
        _lower("status").alias("_status"),
        _date("launched_on").alias("_launched_on"),
        _lower("synthetic")
        .replace_strict(ANSWERS, default=None, return_dtype=pl.Boolean)
        .alias("_synthetic"),
    ]


def _typed_portals(frame: pl.DataFrame) -> pl.DataFrame:
    typed = frame.with_columns(_common_typing(frame))
    # A district is optional (provincial portals have none) but when given it resolves
    # exactly, like every district in the warehouse.
    return quarantine.resolve_districts(typed, "district")


def _typed_services(frame: pl.DataFrame) -> pl.DataFrame:
    stage_numbers = {s.lower(): i for i, s in enumerate(STAGES, start=1)}
    return frame.with_columns(
        *_common_typing(frame),
        _lower("un_stage")
        .replace_strict(stage_numbers, default=None, return_dtype=pl.Int8)
        .alias("_stage_number"),
        _lower("service_name").str.replace_all(r"\s+", " ").alias("_name_key"),
    )


def _typed_checklist(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        _lower("answer")
        .replace_strict(ANSWERS, default=None, return_dtype=pl.Boolean)
        .alias("_answer"),
        pl.col("indicator_code").str.strip_chars().str.to_uppercase().alias("_indicator"),
        _date("assessed_on").alias("_assessed_on"),
        _lower("synthetic")
        .replace_strict(ANSWERS, default=None, return_dtype=pl.Boolean)
        .alias("_synthetic"),
    )


def _missing(column: str) -> quarantine.Rule:
    return quarantine.Rule(
        failed=pl.col(column).is_null(), reason=pl.lit(f"missing {column}: blank")
    )


def _duplicate(column: str, what: str) -> quarantine.Rule:
    first = pl.col(ROW_NUMBER).min().over(column)
    return quarantine.Rule(
        failed=pl.col(ROW_NUMBER) != first,
        reason=pl.format(
            f"duplicate {what}: {column} '{{}}' is also in row {{}}", pl.col(column), first
        ),
        suggestion=pl.format("keep one of rows {} and {}", first, pl.col(ROW_NUMBER)),
    )


def _in_list(
    column: str, parsed: str, allowed: list[str] | tuple[str, ...], what: str, where: str
) -> quarantine.Rule:
    return quarantine.Rule(
        failed=~pl.col(parsed).is_in(list(allowed)).fill_null(False),
        reason=pl.format(f"unknown {what}: '{{}}'", pl.col(column).fill_null("")),
        suggestion=pl.lit(f"one of {', '.join(allowed)}{where}"),
    )


def _dates(today: date) -> list[quarantine.Rule]:
    return [
        quarantine.Rule(
            failed=pl.col("launched_on").is_not_null() & pl.col("_launched_on").is_null(),
            reason=pl.format("malformed launched_on: '{}'", pl.col("launched_on")),
            suggestion=pl.lit("a date written YYYY-MM-DD, or blank if not known"),
        ),
        quarantine.Rule(
            failed=pl.col("_launched_on") > today,
            reason=pl.format(
                f"launch date in the future: {{}} is after {today.isoformat()}",
                pl.col("_launched_on"),
            ),
            suggestion=pl.lit(
                "the date the service went live; a planned service has status "
                "'planned' and no launch date"
            ),
        ),
    ]


def _portal_rules(today: date) -> list[quarantine.Rule]:
    return [
        _missing("portal_id"),
        _duplicate("portal_id", "portal"),
        _in_list(
            "department_code",
            "_department",
            departments(),
            "department",
            " (transform/seeds/departments.csv)",
        ),
        quarantine.Rule(
            failed=pl.col("district").is_not_null() & pl.col("district_pcode").is_null(),
            reason=pl.format("unknown district: '{}'", pl.col("district")),
            suggestion=pl.col("district_suggestion"),
        ),
        _in_list("channel", "_channel", CHANNELS, "channel", ""),
        _in_list("status", "_status", STATUSES, "status", ""),
        *_dates(today),
    ]


def _service_rules(today: date, portals: list[str]) -> list[quarantine.Rule]:
    first_named = pl.col(ROW_NUMBER).min().over("_department", "_name_key", "_channel")
    return [
        _missing("service_id"),
        _duplicate("service_id", "service"),
        quarantine.Rule(
            failed=pl.col(ROW_NUMBER) != first_named,
            reason=pl.format(
                "duplicate service: '{}' ({}) is also in row {}",
                pl.col("service_name"),
                pl.col("channel"),
                first_named,
            ),
            suggestion=pl.lit("one row per service and channel; delete the repeat"),
        ),
        _in_list(
            "department_code",
            "_department",
            departments(),
            "department",
            " (transform/seeds/departments.csv)",
        ),
        quarantine.Rule(
            failed=~pl.col("portal_id").is_in(portals).fill_null(False),
            reason=pl.format("unknown portal: '{}'", pl.col("portal_id").fill_null("")),
            suggestion=pl.lit("a portal_id of a portal in portals.csv that loaded"),
        ),
        quarantine.Rule(
            failed=pl.col("_stage_number").is_null()
            & (pl.col("un_stage").is_not_null() | (pl.col("_status") == "live")),
            reason=pl.format("unknown stage: '{}'", pl.col("un_stage").fill_null("")),
            suggestion=pl.lit(
                f"one of {', '.join(STAGES)} (the UN five-stage model); required for a live service"
            ),
        ),
        _in_list("channel", "_channel", CHANNELS, "channel", ""),
        _in_list("status", "_status", STATUSES, "status", ""),
        *_dates(today),
    ]


def _checklist_rules(portals: list[str]) -> list[quarantine.Rule]:
    known = indicators()
    first = pl.col(ROW_NUMBER).min().over("portal_id", "_indicator")
    return [
        quarantine.Rule(
            failed=~pl.col("portal_id").is_in(portals).fill_null(False),
            reason=pl.format("unknown portal: '{}'", pl.col("portal_id").fill_null("")),
            suggestion=pl.lit("a portal_id of a portal in portals.csv that loaded"),
        ),
        quarantine.Rule(
            failed=~pl.col("_indicator").is_in(list(known)).fill_null(False),
            reason=pl.format("unknown indicator: '{}'", pl.col("indicator_code").fill_null("")),
            suggestion=pl.lit("a code from transform/seeds/eservices/losi_indicators.csv"),
        ),
        quarantine.Rule(
            failed=pl.col(ROW_NUMBER) != first,
            reason=pl.format(
                "duplicate checklist answer: {} for {} is also in row {}",
                pl.col("_indicator"),
                pl.col("portal_id"),
                first,
            ),
        ),
        quarantine.Rule(
            failed=pl.col("_answer").is_null(),
            reason=pl.format("checklist answer not yes/no: '{}'", pl.col("answer").fill_null("")),
            suggestion=pl.lit("yes or no; explain a partial answer in the note column"),
        ),
        quarantine.Rule(
            failed=pl.col("assessed_on").is_not_null() & pl.col("_assessed_on").is_null(),
            reason=pl.format("malformed assessed_on: '{}'", pl.col("assessed_on")),
        ),
    ]


def _portal_shape(good: pl.DataFrame) -> pl.DataFrame:
    return good.select(
        "portal_id",
        pl.col("_department").alias("department_code"),
        pl.col("district").alias("district_reported"),
        "district_pcode",
        "portal_name",
        pl.col("_channel").alias("channel"),
        "url",
        pl.col("_status").alias("status"),
        pl.col("_launched_on").alias("launched_on"),
        pl.col("_synthetic").fill_null(False).alias("is_synthetic"),
        "source_note",
    )


def _service_shape(good: pl.DataFrame) -> pl.DataFrame:
    return good.select(
        "service_id",
        "portal_id",
        pl.col("_department").alias("department_code"),
        "service_name",
        pl.col("_channel").alias("channel"),
        "url",
        pl.col("_status").alias("status"),
        pl.col("_launched_on").alias("launched_on"),
        pl.col("_stage_number")
        .replace_strict(
            {i: s for i, s in enumerate(STAGES, start=1)}, default=None, return_dtype=pl.String
        )
        .alias("un_stage"),
        pl.col("_stage_number").alias("un_stage_number"),
        "stage_basis",
        pl.col("_synthetic").fill_null(False).alias("is_synthetic"),
        "source_note",
    )


def _checklist_shape(good: pl.DataFrame) -> pl.DataFrame:
    criteria = indicators()
    return good.select(
        "portal_id",
        pl.col("_indicator").alias("indicator_code"),
        pl.col("_indicator")
        .replace_strict(criteria, return_dtype=pl.String)
        .alias("criterion_code"),
        pl.col("_answer").alias("answer"),
        pl.col("_assessed_on").alias("assessed_on"),
        pl.col("_synthetic").fill_null(False).alias("is_synthetic"),
        "note",
    )
