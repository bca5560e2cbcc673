"""Land one round of the PHE water-supply scheme functionality survey from its workbook.

A partition is a survey round, keyed by the year of its field work (``2024``). The round's
workbook is found in the inbox by the year in its file name, read with ``lib.workbook``
through ``column_maps/<round>.yaml`` and landed as ``phemis/schemes``: one row per scheme
per round with its inventory attributes (type, year built, design population, district)
and what the survey found (functional or not, and why).

A workbook that cannot be read as a whole raises ``WorkbookError`` and lands nothing; every
scheme row otherwise loads or is quarantined with its reason. Re-running a round re-reads
the file and replaces the partition.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from orchestration.defs.phemis import vocabulary as vocab
from orchestration.lib import landing, quarantine, settings
from orchestration.lib.workbook import (
    ROW_NUMBER,
    SheetTable,
    WorkbookError,
    load_column_map,
    read_table,
    workbooks_in,
)

SOURCE = "phemis"
ENTITY = "schemes"
COLUMN_MAPS_DIR = Path(__file__).resolve().parent / "column_maps"
REQUIRED = (
    "scheme_id",
    "scheme_name",
    "district",
    "scheme_type",
    "year_built",
    "design_population",
    "functional",
    "reason",
)
OPTIONAL = ("tehsil", "solarised")
FIRST_PLAUSIBLE_YEAR = 1900
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def inbox_dir() -> Path:
    default = settings.simulated_sources_dir() / SOURCE / "inbox"
    return Path(settings.source_setting(SOURCE, "inbox", str(default)))


def rounds_in(text: str) -> set[str]:
    return set(_YEAR_IN_TEXT.findall(text))


def find_workbook(round_: str) -> Path:
    inbox = inbox_dir()
    files = workbooks_in(inbox)
    matching = [p for p in files if round_ in rounds_in(p.stem)]
    if len(matching) != 1:
        found = ", ".join(p.name for p in (matching or files)) or "nothing"
        raise WorkbookError(
            f"{SOURCE}: {'no' if not matching else len(matching)} workbook(s) for survey round "
            f"{round_} in {inbox} (expected exactly one .xlsx whose name contains {round_}); "
            f"found: {found}"
        )
    return matching[0]


def land_round(round_: str) -> list[landing.LoadAccount]:
    path = find_workbook(round_)
    column_map = load_column_map(COLUMN_MAPS_DIR / f"{round_}.yaml")
    table = read_table(path, column_map, source=SOURCE, key_column="scheme_id", required=REQUIRED)
    return [land_table(table, round_)]


def land_table(table: SheetTable, round_: str) -> landing.LoadAccount:
    frame = table.frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in OPTIONAL if c not in table.frame.columns
    )
    good, bad = quarantine.split(
        _typed(frame),
        _rules(int(round_)),
        source=SOURCE,
        entity=ENTITY,
        partition_key=round_,
        origin=table.origin,
        raw_columns=[c for c in table.frame.columns if c != ROW_NUMBER],
    )
    return landing.write_partition(
        source=SOURCE,
        entity=ENTITY,
        partition_key=round_,
        origin=table.origin,
        rows_read=frame.height,
        loaded=_shape(good, round_),
        quarantined=bad,
    )


def _lookup(column: str, mapping: dict[str, object], dtype: pl.DataType) -> pl.Expr:
    return (
        pl.col(column)
        .str.to_lowercase()
        .str.strip_chars()
        .replace_strict(mapping, default=None, return_dtype=dtype)
    )


def _whole_number(column: str) -> pl.Expr:
    # "2,500" is a number written for reading; "approx 500" is not.
    return pl.col(column).str.replace_all(",", "").str.strip_chars().cast(pl.Int64, strict=False)


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    return quarantine.resolve_districts(frame, "district").with_columns(
        pl.col(ROW_NUMBER).alias("_source_row"),
        _lookup("scheme_type", vocab.SCHEME_TYPES, pl.String).alias("_type"),
        _lookup("functional", vocab.FUNCTIONALITY, pl.String).alias("_functionality"),
        _lookup("solarised", vocab.YES_NO, pl.Boolean).alias("_solarised"),
        _lookup("reason", vocab.REASONS, pl.String).alias("_reason_code"),
        _whole_number("year_built").alias("_year_built"),
        _whole_number("design_population").alias("_design_population"),
    )


def _rules(survey_year: int) -> list[quarantine.Rule]:
    first_row = pl.col(ROW_NUMBER).min().over("scheme_id")
    return [
        quarantine.Rule(
            failed=pl.col("scheme_id").is_null(),
            reason=pl.lit("missing scheme_id: blank"),
        ),
        quarantine.Rule(
            failed=pl.col(ROW_NUMBER) != first_row,
            reason=pl.format(
                "duplicate scheme row: scheme_id '{}' is also in row {}",
                pl.col("scheme_id"),
                first_row,
            ),
            suggestion=pl.format("the same scheme as row {}; keep one row", first_row),
        ),
        quarantine.unresolved_district_rule("district"),
        quarantine.Rule(
            failed=pl.col("_type").is_null(),
            reason=pl.format("unknown scheme_type: '{}'", pl.col("scheme_type").fill_null("")),
            suggestion=pl.lit(
                "one of "
                + ", ".join(dict.fromkeys(vocab.SCHEME_TYPES.values()))
                + " (spellings in orchestration/defs/phemis/vocabulary.py)"
            ),
        ),
        quarantine.Rule(
            failed=pl.col("_year_built").is_null(),
            reason=pl.format("non-numeric year_built: '{}'", pl.col("year_built").fill_null("")),
            suggestion=pl.lit("the four-digit year the scheme was completed"),
        ),
        quarantine.Rule(
            failed=pl.col("_year_built") > survey_year,
            reason=pl.format(
                f"built after the survey: {{}} > {survey_year}", pl.col("_year_built")
            ),
            suggestion=pl.lit(
                "a scheme surveyed in a round was completed by then; check the completion year"
            ),
        ),
        quarantine.Rule(
            failed=pl.col("_year_built") < FIRST_PLAUSIBLE_YEAR,
            reason=pl.format("impossible year_built: {}", pl.col("_year_built")),
        ),
        quarantine.Rule(
            failed=pl.col("_design_population").is_null(),
            reason=pl.format(
                "non-numeric design_population: '{}'", pl.col("design_population").fill_null("")
            ),
            suggestion=pl.lit("a whole number of people, as in the scheme's PC-I"),
        ),
        quarantine.Rule(
            failed=pl.col("_design_population") <= 0,
            reason=pl.format("impossible design_population: {}", pl.col("_design_population")),
            suggestion=pl.lit("a positive number of people"),
        ),
        quarantine.Rule(
            failed=pl.col("_functionality").is_null(),
            reason=pl.format("unknown functional: '{}'", pl.col("functional").fill_null("")),
            suggestion=pl.lit("yes, no or partially"),
        ),
        quarantine.Rule(
            failed=(pl.col("_functionality") == "non_functional") & pl.col("reason").is_null(),
            reason=pl.format(
                "missing non-functional reason: functional is '{}' but no reason is given",
                pl.col("functional"),
            ),
            suggestion=pl.lit("the field report's reason (no electricity, pump broken, ...)"),
        ),
        quarantine.Rule(
            failed=pl.col("solarised").is_not_null() & pl.col("_solarised").is_null(),
            reason=pl.format("invalid solarised value: '{}'", pl.col("solarised")),
            suggestion=pl.lit("yes or no"),
        ),
    ]


def _shape(good: pl.DataFrame, round_: str) -> pl.DataFrame:
    return good.select(
        pl.lit(round_).alias("survey_round"),
        "scheme_id",
        "scheme_name",
        pl.col("district").alias("district_reported"),
        "district_unit",
        "district_pcode",
        pl.col("tehsil").str.to_titlecase().alias("tehsil"),
        pl.col("_type").alias("scheme_type"),
        pl.col("_year_built").cast(pl.Int16).alias("year_built"),
        pl.col("_design_population").cast(pl.Int32).alias("design_population"),
        pl.col("_functionality").alias("functionality"),
        pl.when(pl.col("_functionality") == "non_functional")
        .then(pl.col("_reason_code").fill_null("other"))
        .alias("non_functional_reason"),
        pl.col("reason").alias("reason_reported"),
        pl.col("_solarised").alias("is_solarised"),
        pl.col("_source_row").alias("source_row_number"),
    )
