"""Land one month's export of the Board of Revenue's land-record mutation register.

A partition is the export's month (``2026-10-01`` ← ``mutation_register_2026-10.csv``). An
export lists every mutation whose entry changed in the month (applied for, attested or
rejected) with its state at the month's end, so one mutation appears in several partitions
as it moves on; staging picks its latest state. Within one export a mutation appears once:
a second row with the same mutation id is quarantined. Re-running a month re-reads its file
and replaces the partition.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from orchestration.lib import delimited, landing, monthly_exports, quarantine

SOURCE = "lrmis"
ENTITY = "mutations"
STATUSES = ("pending", "attested", "rejected")
MUTATION_TYPES = ("sale", "inheritance", "gift", "mortgage", "redemption", "exchange", "partition")
# Local names the register also uses for the same mutation types.
_TYPE_SYNONYMS = {
    "warasat": "inheritance",
    "hiba": "gift",
    "rehn": "mortgage",
    "bay": "sale",
    "tabadla": "exchange",
    "taqseem": "partition",
    "fak_rehn": "redemption",
    "redemption_of_mortgage": "redemption",
}
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")
# A fee written with thousands separators ("1,500") is a number; "Rs. 500" is not.
_FEE = r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$"

COLUMNS: dict[str, tuple[str, ...]] = {
    "mutation_id": ("Mutation ID", "Mutation No", "Mutation Number", "Intiqal No"),
    "mutation_type": ("Mutation Type", "Type", "Nature of Mutation"),
    "mauza": ("Mauza", "Revenue Estate", "Mouza"),
    "tehsil": ("Tehsil", "Sub-Division"),
    "district": ("District",),
    "application_date": ("Application Date", "Date of Application", "Applied On"),
    "attestation_date": ("Attestation Date", "Date of Attestation", "Attested On"),
    "status": ("Status", "Mutation Status"),
    "fee": ("Fee", "Fee (Rs)", "Mutation Fee", "Fee Rs"),
}
REQUIRED = tuple(COLUMNS)


class MutationRegisterError(ValueError):
    """An export that cannot be loaded at all."""


EXPORTS = monthly_exports.MonthlyExports(
    SOURCE, "mutation_register_", "mutation register export", MutationRegisterError
)


def land_month(partition_key: str) -> list[landing.LoadAccount]:
    path = EXPORTS.path(partition_key)
    split = delimited.split_file(
        path,
        COLUMNS,
        required=REQUIRED,
        typed=_typed,
        rules=_rules(),
        source=SOURCE,
        entity=ENTITY,
        partition_key=partition_key,
    )
    export_month = datetime.strptime(partition_key, "%Y-%m-%d").date()
    return [
        landing.write_partition(
            source=SOURCE,
            entity=ENTITY,
            partition_key=partition_key,
            origin=str(path),
            rows_read=split.rows_read,
            loaded=split.loaded.select(
                pl.lit(export_month).alias("export_month"),
                "mutation_id",
                pl.col("_type").alias("mutation_type"),
                "mauza",
                "tehsil",
                pl.col("district").alias("district_reported"),
                "district_unit",
                "district_pcode",
                pl.col("_application_date").alias("application_date"),
                pl.col("_attestation_date").alias("attestation_date"),
                pl.col("_status").alias("status"),
                pl.col("_fee").alias("fee_pkr"),
            ),
            quarantined=split.quarantined,
        )
    ]


def _date(column: str) -> pl.Expr:
    return pl.coalesce(
        [pl.col(column).str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS]
    ).alias(f"_{column}")


def _folded(column: str) -> pl.Expr:
    return (
        pl.col(column).str.to_lowercase().str.replace_all(r"[^0-9a-z]+", "_").str.strip_chars("_")
    )


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    types = {t: t for t in MUTATION_TYPES} | _TYPE_SYNONYMS
    typed = frame.with_columns(
        _date("application_date"),
        _date("attestation_date"),
        _folded("status").alias("_status"),
        _folded("mutation_type").replace_strict(types, default=None).alias("_type"),
        pl.when(pl.col("fee").str.contains(_FEE))
        .then(pl.col("fee").str.replace_all(",", "").cast(pl.Decimal(14, 2), strict=False))
        .alias("_fee"),
        pl.col(quarantine.ROW_NUMBER).min().over("mutation_id").alias("_first_line"),
    )
    return quarantine.resolve_districts(typed, "district")


def _malformed_date(column: str) -> quarantine.Rule:
    return quarantine.Rule(
        failed=pl.col(column).is_not_null() & pl.col(f"_{column}").is_null(),
        reason=pl.format("malformed {}: '{}'", pl.lit(column), pl.col(column)),
        suggestion=pl.lit("a date written DD-MM-YYYY"),
    )


def _rules() -> list[quarantine.Rule]:
    return [
        quarantine.Rule(
            failed=pl.col("mutation_id").is_null(), reason=pl.lit("missing mutation_id: blank")
        ),
        quarantine.Rule(
            failed=pl.col(quarantine.ROW_NUMBER) != pl.col("_first_line"),
            reason=pl.format(
                "duplicate mutation_id: '{}' (first at line {})",
                pl.col("mutation_id"),
                pl.col("_first_line"),
            ),
            suggestion=pl.format("same mutation as line {}", pl.col("_first_line")),
        ),
        quarantine.unresolved_district_rule("district"),
        quarantine.Rule(
            failed=pl.col("_type").is_null(),
            reason=pl.format("unknown mutation_type: '{}'", pl.col("mutation_type").fill_null("")),
            suggestion=pl.lit(" / ".join(MUTATION_TYPES)),
        ),
        quarantine.Rule(
            failed=~pl.col("_status").is_in(STATUSES).fill_null(False),
            reason=pl.format("unknown status: '{}'", pl.col("status").fill_null("")),
            suggestion=pl.lit(" / ".join(STATUSES)),
        ),
        quarantine.Rule(
            failed=pl.col("application_date").is_null(),
            reason=pl.lit("missing application_date: blank"),
        ),
        _malformed_date("application_date"),
        _malformed_date("attestation_date"),
        quarantine.Rule(
            failed=(pl.col("_status") == "attested") & pl.col("attestation_date").is_null(),
            reason=pl.lit("missing attestation_date: status is attested"),
        ),
        quarantine.Rule(
            failed=pl.col("_attestation_date") < pl.col("_application_date"),
            reason=pl.format(
                "attestation before application: attested {} < applied {}",
                pl.col("_attestation_date"),
                pl.col("_application_date"),
            ),
        ),
        quarantine.Rule(
            failed=pl.col("fee").is_not_null() & pl.col("_fee").is_null(),
            reason=pl.format("malformed fee: '{}'", pl.col("fee")),
            suggestion=pl.lit("rupees as a number, e.g. 1500 or 1,500"),
        ),
    ]
