"""Land one month's export of the Social Welfare Department's NGO registry.

A partition is the export's month (``2026-10-01`` for ``ngo_registry_2026-10.csv``); each
export is the whole registry on its day, so every partition is a full snapshot and the
warehouse keeps them all (the latest is picked in staging). Re-running a month re-reads its
file and replaces the partition.

Two entities land from one file: ``registrations`` (one row per NGO) and
``districts_of_operation`` (one row per NGO × district, from the list in one field, e.g.
``Quetta; Pishin``). A registration that loads contributes its list items to the second
entity, where an item that does not resolve to a district is quarantined on its own: the NGO
still loads, and the item waits with its suggestion for a person to confirm.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from orchestration.lib import delimited, landing, monthly_exports, quarantine

SOURCE = "ngomis"
STATUSES = ("active", "lapsed", "cancelled")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATES = ("application_date", "registration_date", "renewal_date")
# Separators seen between the districts of one NGO.
LIST_SEPARATOR = r"\s*[;,\n]\s*"

# Every heading the export has used for each column (matched ignoring case and punctuation):
# the July 2025 upgrade renamed three of them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "registration_no": ("Registration No", "Reg. Number", "Reg No", "Registration Number"),
    "ngo_name": ("NGO Name", "Name", "Name of NGO", "Organisation"),
    "sector": ("Sector", "Thematic Area"),
    "districts_of_operation": (
        "Districts of Operation",
        "Operational Districts",
        "Areas of Operation",
        "Districts",
    ),
    "application_date": ("Application Date", "Applied On", "Date of Application"),
    "registration_date": ("Registration Date", "Registered On", "Date of Registration"),
    "renewal_date": ("Renewal Date", "Last Renewed On", "Last Renewal Date"),
    "status": ("Status", "Registration Status"),
}
REQUIRED = tuple(COLUMNS)


class NgoRegistryError(ValueError):
    """An export that cannot be loaded at all."""


EXPORTS = monthly_exports.MonthlyExports(
    SOURCE, "ngo_registry_", "registry export", NgoRegistryError
)


def land_month(partition_key: str) -> list[landing.LoadAccount]:
    path = EXPORTS.path(partition_key)
    split = delimited.split_file(
        path,
        COLUMNS,
        required=REQUIRED,
        typed=_typed,
        rules=_registration_rules(),
        source=SOURCE,
        entity="registrations",
        partition_key=partition_key,
    )
    export_month = datetime.strptime(partition_key, "%Y-%m-%d").date()
    registrations = landing.write_partition(
        source=SOURCE,
        entity="registrations",
        partition_key=partition_key,
        origin=str(path),
        rows_read=split.rows_read,
        loaded=_registrations(split.loaded, export_month),
        quarantined=split.quarantined,
    )
    return [registrations, _land_districts(split.loaded, partition_key, export_month, str(path))]


def _date(column: str) -> pl.Expr:
    return pl.coalesce(
        [pl.col(column).str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS]
    ).alias(f"_{column}")


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        *[_date(c) for c in DATES],
        pl.col("status").str.to_lowercase().str.strip_chars().alias("_status"),
        pl.col(quarantine.ROW_NUMBER).min().over("registration_no").alias("_first_line"),
        # Kept past the split so each district item is quarantined with its NGO's line.
        pl.col(quarantine.ROW_NUMBER).alias("_line"),
    )


def _malformed_date(column: str) -> quarantine.Rule:
    return quarantine.Rule(
        failed=pl.col(column).is_not_null() & pl.col(f"_{column}").is_null(),
        reason=pl.format("malformed {}: '{}'", pl.lit(column), pl.col(column)),
        suggestion=pl.lit("a date written YYYY-MM-DD or DD/MM/YYYY"),
    )


def _registration_rules() -> list[quarantine.Rule]:
    return [
        quarantine.Rule(
            failed=pl.col("registration_no").is_null(),
            reason=pl.lit("missing registration_no: blank"),
        ),
        quarantine.Rule(
            failed=pl.col(quarantine.ROW_NUMBER) != pl.col("_first_line"),
            reason=pl.format(
                "duplicate registration_no: '{}' (first at line {})",
                pl.col("registration_no"),
                pl.col("_first_line"),
            ),
            suggestion=pl.format("same registration as line {}", pl.col("_first_line")),
        ),
        *[_malformed_date(c) for c in DATES],
        *[
            quarantine.Rule(failed=pl.col(c).is_null(), reason=pl.lit(f"missing {c}: blank"))
            for c in ("application_date", "registration_date")
        ],
        quarantine.Rule(
            failed=pl.col("_registration_date") < pl.col("_application_date"),
            reason=pl.format(
                "registration before application: registered {} < applied {}",
                pl.col("_registration_date"),
                pl.col("_application_date"),
            ),
        ),
        quarantine.Rule(
            failed=pl.col("_renewal_date") < pl.col("_registration_date"),
            reason=pl.format(
                "renewal before registration: renewed {} < registered {}",
                pl.col("_renewal_date"),
                pl.col("_registration_date"),
            ),
        ),
        quarantine.Rule(
            failed=~pl.col("_status").is_in(STATUSES).fill_null(False),
            reason=pl.format("unknown status: '{}'", pl.col("status").fill_null("")),
            suggestion=pl.lit(" / ".join(STATUSES)),
        ),
    ]


def _registrations(good: pl.DataFrame, export_month: date) -> pl.DataFrame:
    return good.select(
        pl.lit(export_month).alias("export_month"),
        "registration_no",
        "ngo_name",
        "sector",
        "districts_of_operation",
        pl.col("_application_date").alias("application_date"),
        pl.col("_registration_date").alias("registration_date"),
        pl.col("_renewal_date").alias("renewal_date"),
        pl.col("_status").alias("status"),
    )


def _land_districts(
    good: pl.DataFrame, partition_key: str, export_month: date, origin: str
) -> landing.LoadAccount:
    items = (
        good.select(
            pl.col("_line").alias(quarantine.ROW_NUMBER),
            "registration_no",
            # polars splits on a literal, so every separator becomes the unit separator first.
            pl.col("districts_of_operation")
            .fill_null("")
            .str.replace_all(LIST_SEPARATOR, "\u001f")
            .str.split("\u001f")
            .alias("district"),
        )
        .with_columns(pl.int_ranges(1, pl.col("district").list.len() + 1).alias("position"))
        .explode("district", "position")
        .with_columns(pl.col("district").str.strip_chars())
        .filter(pl.col("district") != "")
    )
    typed = quarantine.resolve_districts(items, "district").with_columns(
        pl.col("position").min().over("registration_no", "district_unit").alias("_first_position")
    )
    rules = [
        quarantine.unresolved_district_rule("district"),
        quarantine.Rule(
            failed=pl.col("position") != pl.col("_first_position"),
            reason=pl.format(
                "duplicate district: '{}' repeats item {} of the list",
                pl.col("district"),
                pl.col("_first_position"),
            ),
        ),
    ]
    return quarantine.land(
        typed,
        rules,
        source=SOURCE,
        entity="districts_of_operation",
        partition_key=partition_key,
        origin=origin,
        raw_columns=["registration_no", "position", "district"],
        shape=lambda ok: ok.select(
            pl.lit(export_month).alias("export_month"),
            "registration_no",
            pl.col("position").cast(pl.Int16).alias("list_position"),
            pl.col("district").alias("district_reported"),
            pl.col("district_unit"),
            "district_pcode",
        ),
    )
