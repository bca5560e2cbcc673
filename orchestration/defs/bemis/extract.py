"""Land one year of the annual school census from the Education Department's workbook.

A partition is a school year as BEMIS labels its census (``2024-25``). The department's
workbook for that year is found in the inbox by the year in its file name
(``BEMIS_ASC_2024-25.xlsx``, ``ASC_2024_25.xlsx``...), read with ``lib.workbook`` through
``column_maps/<year>.yaml`` and landed as three entities:

* ``schools``: one row per school, with its district resolved exactly and its facilities;
* ``enrolment``: one row per school × class × gender with a count (long);
* ``teachers``: one row per school × gender with a count.

A workbook that cannot be read as a whole (missing sheet, unmapped or missing column, not a
workbook, named for one year but titled for another) raises ``WorkbookError`` and lands
nothing. Otherwise every school row loads or is quarantined with its reason, and every
count cell of a quarantined school is quarantined with it, so nothing read is lost.
Re-running a year re-reads the file and replaces the partition.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from orchestration.defs.bemis import vocabulary as vocab
from orchestration.lib import landing, quarantine, settings
from orchestration.lib.workbook import (
    ROW_NUMBER,
    SheetTable,
    WorkbookError,
    load_column_map,
    read_table,
    workbooks_in,
)

SOURCE = "bemis"
COLUMN_MAPS_DIR = Path(__file__).resolve().parent / "column_maps"
CLASSES = ("ece", *(str(c) for c in range(1, 13)))
ENROLMENT_COLUMNS = [f"enrol_{c}_{g}" for c in CLASSES for g in ("boys", "girls")]
TEACHER_COLUMNS = ["teachers_male", "teachers_female"]
FACILITIES = ("electricity", "drinking_water", "toilets", "boundary_wall", "it_lab")
REQUIRED = ("emis_code", "school_name", "district", "level", "school_gender", "functional_status")
OPTIONAL_TEXT = ("tehsil", "location", *FACILITIES)
MAX_CLASS_ENROLMENT = 1_500  # pupils of one gender in one class of one school
MAX_TEACHERS = 300
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})\s*[-_/ ]\s*(?:20)?(\d{2})(?!\d)")


def inbox_dir() -> Path:
    default = settings.simulated_sources_dir() / SOURCE / "inbox"
    return Path(settings.source_setting(SOURCE, "inbox", str(default)))


def years_in(text: str) -> set[str]:
    """School years written in a file name or title: 2024-25, 2024_25, 2024-2025."""
    found = set()
    for first, second in _YEAR_IN_TEXT.findall(text):
        if (int(first) + 1) % 100 == int(second):
            found.add(f"{first}-{second}")
    return found


def find_workbook(year: str) -> Path:
    inbox = inbox_dir()
    files = workbooks_in(inbox)
    matching = [p for p in files if year in years_in(p.stem)]
    if not matching:
        raise WorkbookError(
            f"{SOURCE}: no workbook for census year {year} in {inbox} (expected a .xlsx whose "
            f"name contains {year}); found: {', '.join(p.name for p in files) or 'nothing'}"
        )
    if len(matching) > 1:
        raise WorkbookError(
            f"{SOURCE}: {len(matching)} workbooks for census year {year} in {inbox}: "
            f"{', '.join(p.name for p in matching)}; keep the one that is current"
        )
    return matching[0]


def land_year(year: str) -> list[landing.LoadAccount]:
    path = find_workbook(year)
    column_map = load_column_map(COLUMN_MAPS_DIR / f"{year}.yaml")
    table = read_table(path, column_map, source=SOURCE, key_column="emis_code", required=REQUIRED)
    titled = set().union(*(years_in(line) for line in table.title)) if table.title else set()
    if titled and year not in titled:
        raise WorkbookError(
            f"{SOURCE}: workbook {path} is filed as census year {year} but its title says "
            f"{', '.join(sorted(titled))}; rename the file or check it is the right workbook"
        )
    return land_table(table, year)


def land_table(table: SheetTable, year: str) -> list[landing.LoadAccount]:
    frame = _with_all_columns(table.frame)
    good, bad = quarantine.split(
        _typed_schools(frame),
        _school_rules(),
        source=SOURCE,
        entity="schools",
        partition_key=year,
        origin=table.origin,
        raw_columns=[c for c in table.frame.columns if c != ROW_NUMBER],
    )
    schools = landing.write_partition(
        source=SOURCE,
        entity="schools",
        partition_key=year,
        origin=table.origin,
        rows_read=frame.height,
        loaded=_school_shape(good, year),
        quarantined=bad,
    )
    school_reasons = bad.select(
        pl.col("row_number").alias(ROW_NUMBER), pl.col("reason").alias("_school_reason")
    )
    counts = [
        _land_counts(
            frame,
            table,
            year,
            school_reasons,
            entity="enrolment",
            columns=ENROLMENT_COLUMNS,
            what="enrolment",
            maximum=MAX_CLASS_ENROLMENT,
        ),
        _land_counts(
            frame,
            table,
            year,
            school_reasons,
            entity="teachers",
            columns=TEACHER_COLUMNS,
            what="teachers",
            maximum=MAX_TEACHERS,
        ),
    ]
    return [schools, *counts]


def _with_all_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Years that do not print a column (classes 11-12 before 2018-19) get it empty."""
    wanted = [*REQUIRED, *OPTIONAL_TEXT, *ENROLMENT_COLUMNS, *TEACHER_COLUMNS]
    return frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in wanted if c not in frame.columns
    )


def _code(column: str, mapping: dict[str, object], dtype: pl.DataType) -> pl.Expr:
    return (
        pl.col(column)
        .str.to_lowercase()
        .str.strip_chars()
        .replace_strict(mapping, default=None, return_dtype=dtype)
    )


def _typed_schools(frame: pl.DataFrame) -> pl.DataFrame:
    return quarantine.resolve_districts(frame, "district").with_columns(
        pl.col(ROW_NUMBER).alias("_source_row"),
        _code("level", vocab.LEVELS, pl.String).alias("_level"),
        _code("school_gender", vocab.SCHOOL_GENDERS, pl.String).alias("_school_gender"),
        _code("location", vocab.LOCATIONS, pl.String).alias("_location"),
        _code("functional_status", vocab.FUNCTIONAL_STATUS, pl.String).alias("_status"),
        *(_code(f, vocab.YES_NO, pl.Boolean).alias(f"_{f}") for f in FACILITIES),
    )


def _unknown_code(column: str, parsed: str, mapping: dict[str, str]) -> quarantine.Rule:
    accepted = ", ".join(dict.fromkeys(mapping.values()))
    return quarantine.Rule(
        failed=pl.col(parsed).is_null(),
        reason=pl.format(f"unknown {column}: '{{}}'", pl.col(column).fill_null("")),
        suggestion=pl.lit(
            f"one of {accepted} (spellings in orchestration/defs/bemis/vocabulary.py)"
        ),
    )


def _school_rules() -> list[quarantine.Rule]:
    first_row = pl.col(ROW_NUMBER).min().over("emis_code")
    bad_facility = pl.coalesce(
        pl.when(pl.col(f).is_not_null() & pl.col(f"_{f}").is_null()).then(
            pl.format("invalid facility value: '{}' for {}", pl.col(f), pl.lit(f))
        )
        for f in FACILITIES
    )
    return [
        quarantine.Rule(
            failed=pl.col("emis_code").is_null(),
            reason=pl.lit("missing emis_code: blank"),
            suggestion=pl.lit("every school row needs its EMIS code"),
        ),
        quarantine.Rule(
            failed=~pl.col("emis_code").str.contains(r"^\d{5,10}$"),
            reason=pl.format("malformed emis_code: '{}'", pl.col("emis_code")),
        ),
        quarantine.Rule(
            failed=pl.col(ROW_NUMBER) != first_row,
            reason=pl.format(
                "duplicate school row: emis_code '{}' is also in row {}",
                pl.col("emis_code"),
                first_row,
            ),
            suggestion=pl.format("the same school as row {}; keep one row", first_row),
        ),
        quarantine.unresolved_district_rule("district"),
        _unknown_code("level", "_level", vocab.LEVELS),
        _unknown_code("school_gender", "_school_gender", vocab.SCHOOL_GENDERS),
        _unknown_code("functional_status", "_status", vocab.FUNCTIONAL_STATUS),
        quarantine.Rule(
            failed=pl.col("location").is_not_null() & pl.col("_location").is_null(),
            reason=pl.format("unknown location: '{}'", pl.col("location")),
            suggestion=pl.lit("urban or rural"),
        ),
        quarantine.Rule(
            failed=bad_facility.is_not_null(),
            reason=bad_facility,
            suggestion=pl.lit("yes or no (Y/N, 1/0 and ہاں/نہیں are understood)"),
        ),
    ]


def _school_shape(good: pl.DataFrame, year: str) -> pl.DataFrame:
    return good.select(
        pl.lit(year).alias("census_year"),
        "emis_code",
        "school_name",
        pl.col("district").alias("district_reported"),
        pl.col("district_unit"),
        "district_pcode",
        pl.col("tehsil").str.to_titlecase().alias("tehsil"),
        pl.col("_level").alias("level"),
        pl.col("_school_gender").alias("school_gender"),
        pl.col("_location").alias("location"),
        pl.col("_status").alias("functional_status"),
        *(pl.col(f"_{f}").alias(f"has_{f}") for f in FACILITIES),
        pl.col("_source_row").alias("source_row_number"),
    )


def _land_counts(
    frame: pl.DataFrame,
    table: SheetTable,
    year: str,
    school_reasons: pl.DataFrame,
    *,
    entity: str,
    columns: list[str],
    what: str,
    maximum: int,
) -> landing.LoadAccount:
    """Unpivot the count cells of every school row; an empty cell is not a record."""
    labels = {c: table.columns[c].describe() if c in table.columns else c for c in columns}
    cells = (
        frame.select(ROW_NUMBER, "emis_code", *columns)
        .unpivot(index=[ROW_NUMBER, "emis_code"], variable_name="column", value_name="value")
        .filter(pl.col("value").is_not_null())
        .join(school_reasons, on=ROW_NUMBER, how="left")
        .with_columns(
            pl.col("column").replace_strict(labels, return_dtype=pl.String).alias("header"),
            pl.when(pl.col("value").str.to_lowercase().is_in(list(vocab.NIL)))
            .then(pl.lit(0, dtype=pl.Int64))
            .otherwise(pl.col("value").str.replace_all(",", "").cast(pl.Int64, strict=False))
            .alias("_count"),
        )
        .sort(ROW_NUMBER, "column")
    )
    rules = [
        quarantine.Rule(
            failed=pl.col("_school_reason").is_not_null(),
            reason=pl.format(
                "school not loaded: row {} was quarantined ({})",
                pl.col(ROW_NUMBER),
                pl.col("_school_reason"),
            ),
        ),
        quarantine.Rule(
            failed=pl.col("_count").is_null(),
            reason=pl.format(
                f"non-numeric {what}: '{{}}' in {{}}", pl.col("value"), pl.col("header")
            ),
            suggestion=pl.lit("a whole number; a dash means nil (0)"),
        ),
        quarantine.Rule(
            failed=(pl.col("_count") < 0) | (pl.col("_count") > maximum),
            reason=pl.format(
                f"impossible {what}: {{}} in {{}}", pl.col("_count"), pl.col("header")
            ),
            suggestion=pl.lit(f"between 0 and {maximum:,}"),
        ),
    ]
    good, bad = quarantine.split(
        cells,
        rules,
        source=SOURCE,
        entity=entity,
        partition_key=year,
        origin=table.origin,
        raw_columns=["emis_code", "header", "value"],
    )
    if entity == "enrolment":
        parts = pl.col("column").str.split("_")
        loaded = good.select(
            pl.lit(year).alias("census_year"),
            "emis_code",
            parts.list.get(1).alias("class"),
            parts.list.get(1).replace({"ece": "0"}).cast(pl.Int16).alias("class_order"),
            parts.list.get(2).alias("gender"),
            pl.col("_count").cast(pl.Int32).alias("enrolment"),
        )
    else:
        loaded = good.select(
            pl.lit(year).alias("census_year"),
            "emis_code",
            pl.col("column").str.strip_prefix("teachers_").alias("gender"),
            pl.col("_count").cast(pl.Int32).alias("teachers"),
        )
    return landing.write_partition(
        source=SOURCE,
        entity=entity,
        partition_key=year,
        origin=table.origin,
        rows_read=cells.height,
        loaded=loaded,
        quarantined=bad,
    )
