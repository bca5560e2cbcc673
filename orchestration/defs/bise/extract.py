"""Land one exam year of the Board of Intermediate & Secondary Education's result gazettes.

A partition is an exam year (``2024``). The Board's gazettes for that year, one file per
examination and session (``ssc_annual_2024.csv``, ``hssc_supplementary_2024.csv``...), are
read from the inbox with their encoding and delimiter detected (``orchestration.lib.
delimited``), their headings mapped to one set of column names (the headings change between
years), and every candidate either loads or is quarantined with its reason. Re-running a
year re-reads every gazette of that year and replaces the partition.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from orchestration.lib import delimited, landing, quarantine, settings

SOURCE = "bise"
ENTITY = "results"
GAZETTE_NAME = re.compile(
    r"^(?P<exam>ssc|hssc)_(?P<session>annual|supplementary)_(?P<year>\d{4})\.(csv|txt|tsv)$",
    re.IGNORECASE,
)
EXAMS = ("ssc", "hssc")
SESSIONS = ("annual", "supplementary")
RESULTS = ("pass", "fail", "compartment", "absent")
GENDERS = ("male", "female")
# group -> exams it is offered in
GROUPS: dict[str, tuple[str, ...]] = {
    "science": ("ssc",),
    "humanities": ("ssc", "hssc"),
    "computer_science": ("ssc", "hssc"),
    "pre_medical": ("hssc",),
    "pre_engineering": ("hssc",),
}

# Every heading a gazette has used for each column (matched ignoring case and punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "roll_no": ("Roll No", "Roll Number", "RollNo", "Roll #"),
    "candidate_name": ("Name", "Candidate Name", "Student Name", "Name of Candidate"),
    "school_emis_code": ("School Code", "EMIS Code", "EMIS", "Institution Code"),
    "school_name": ("School Name", "Institution", "School", "Institution Name"),
    "district": ("District", "Distt"),
    "gender": ("Gender", "Sex"),
    "group": ("Group", "Subject Group"),
    "marks_obtained": ("Marks Obtained", "Obtained Marks", "Obtained", "Marks"),
    "total_marks": ("Total Marks", "Total", "Max Marks"),
    "result": ("Result", "Status", "Result Status"),
}
REQUIRED = ("roll_no", "district", "gender", "group", "marks_obtained", "total_marks", "result")

# The texts each gazette style writes, folded to the warehouse's codes.
_RESULT_CODES = {
    "pass": "pass",
    "p": "pass",
    "passed": "pass",
    "fail": "fail",
    "f": "fail",
    "failed": "fail",
    "compartment": "compartment",
    "comp": "compartment",
    "supply": "compartment",
    "supplementary": "compartment",
    "reappear": "compartment",
    "absent": "absent",
    "abs": "absent",
}
_GENDER_CODES = {
    "m": "male",
    "male": "male",
    "boy": "male",
    "f": "female",
    "female": "female",
    "girl": "female",
}
_GROUP_CODES = {
    "science": "science",
    "general_science": "science",
    "arts": "humanities",
    "humanities": "humanities",
    "general": "humanities",
    "computer_science": "computer_science",
    "ics": "computer_science",
    "cs": "computer_science",
    "pre_medical": "pre_medical",
    "premedical": "pre_medical",
    "pre_engineering": "pre_engineering",
    "pre_engg": "pre_engineering",
    "preengineering": "pre_engineering",
}
_WHOLE_NUMBER = r"^\d+$"


class BiseGazetteError(ValueError):
    """A gazette (or a year's set of them) that cannot be loaded at all."""


def inbox_dir() -> Path:
    default = settings.simulated_sources_dir() / SOURCE / "inbox"
    return Path(settings.source_setting(SOURCE, "inbox", str(default)))


def gazettes(year: str) -> list[Path]:
    """The year's gazette files in the inbox, SSC before HSSC, Annual before Supplementary."""
    if not re.fullmatch(r"\d{4}", year):
        raise BiseGazetteError(f"bise: exam year {year!r} is not a four-digit year")
    inbox = inbox_dir()
    found = []
    if inbox.is_dir():
        for path in inbox.iterdir():
            m = GAZETTE_NAME.match(path.name)
            if m and m["year"] == year and path.is_file():
                found.append(
                    (EXAMS.index(m["exam"].lower()), SESSIONS.index(m["session"].lower()), path)
                )
    if not found:
        raise BiseGazetteError(
            f"bise: no result gazette for exam year {year} in {inbox} (expected files named "
            f"<exam>_<session>_<year>.csv, e.g. ssc_annual_{year}.csv)"
        )
    exams = [(e, s) for e, s, _ in found]
    if len(set(exams)) < len(exams):
        raise BiseGazetteError(
            f"bise: more than one gazette for the same exam and session of {year} in {inbox}: "
            f"{sorted(p.name for _, _, p in found)}; keep the one that is current"
        )
    return [p for _, _, p in sorted(found)]


def land_year(year: str) -> list[landing.LoadAccount]:
    paths = gazettes(year)
    loaded, bad, read = [], [], 0
    for path in paths:
        good, quarantined, rows_read = load_gazette(path, year)
        loaded.append(good)
        bad.append(quarantined)
        read += rows_read
    return [
        landing.write_partition(
            source=SOURCE,
            entity=ENTITY,
            partition_key=year,
            origin="; ".join(str(p) for p in paths),
            rows_read=read,
            loaded=pl.concat(loaded),
            quarantined=pl.concat(bad),
        )
    ]


def load_gazette(path: Path, year: str) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(candidates that load, quarantined rows, records read) for one gazette file."""
    m = GAZETTE_NAME.match(path.name)
    if m is None or m["year"] != year:
        raise BiseGazetteError(f"bise file {path}: not a gazette of exam year {year}")
    exam, session = m["exam"].lower(), m["session"].lower()
    split = delimited.split_file(
        path,
        COLUMNS,
        required=REQUIRED,
        typed=lambda frame: _typed(frame, exam),
        rules=_rules(exam),
        source=SOURCE,
        entity=ENTITY,
        partition_key=year,
    )
    loaded = split.loaded.select(
        pl.lit(int(year), dtype=pl.Int16).alias("exam_year"),
        pl.lit(exam).alias("exam"),
        pl.lit(session).alias("session"),
        "roll_no",
        "candidate_name",
        "school_emis_code",
        "school_name",
        pl.col("district").alias("district_reported"),
        pl.col("district_unit"),
        "district_pcode",
        pl.col("_gender").alias("gender"),
        pl.col("_group").alias("group_code"),
        pl.col("_marks").alias("marks_obtained"),
        pl.col("_total").alias("total_marks"),
        pl.col("_result").alias("result"),
        pl.lit(path.name).alias("source_file"),
    )
    return loaded, split.quarantined, split.rows_read


def _code(column: str, mapping: dict[str, str]) -> pl.Expr:
    folded = (
        pl.col(column).str.to_lowercase().str.replace_all(r"[^0-9a-z]+", "_").str.strip_chars("_")
    )
    return folded.replace_strict(mapping, default=None, return_dtype=pl.String)


def _typed(frame: pl.DataFrame, exam: str) -> pl.DataFrame:
    typed = frame.with_columns(
        _code("result", _RESULT_CODES).alias("_result"),
        _code("gender", _GENDER_CODES).alias("_gender"),
        _code("group", _GROUP_CODES).alias("_group"),
        pl.col("marks_obtained").str.strip_chars().cast(pl.Int32, strict=False).alias("_marks"),
        pl.col("total_marks").str.strip_chars().cast(pl.Int32, strict=False).alias("_total"),
        pl.col(quarantine.ROW_NUMBER).min().over("roll_no").alias("_first_line"),
    )
    offered = [g for g, exams in GROUPS.items() if exam in exams]
    typed = typed.with_columns(pl.col("_group").is_in(offered).alias("_group_offered"))
    return quarantine.resolve_districts(typed, "district")


def _rules(exam: str) -> list[quarantine.Rule]:
    marks, total = pl.col("marks_obtained"), pl.col("total_marks")
    return [
        quarantine.Rule(
            failed=pl.col("roll_no").is_null(), reason=pl.lit("missing roll_no: blank")
        ),
        quarantine.Rule(
            failed=pl.col(quarantine.ROW_NUMBER) != pl.col("_first_line"),
            reason=pl.format(
                "duplicate roll number: '{}' (first at line {})",
                pl.col("roll_no"),
                pl.col("_first_line"),
            ),
            suggestion=pl.format("same candidate as line {}", pl.col("_first_line")),
        ),
        quarantine.unresolved_district_rule("district"),
        quarantine.Rule(
            failed=pl.col("_gender").is_null(),
            reason=pl.format("unknown gender: '{}'", pl.col("gender").fill_null("")),
            suggestion=pl.lit("M / F / Male / Female"),
        ),
        quarantine.Rule(
            failed=pl.col("_group").is_null(),
            reason=pl.format("unknown group: '{}'", pl.col("group").fill_null("")),
        ),
        quarantine.Rule(
            failed=~pl.col("_group_offered"),
            reason=pl.format(
                "group not offered: '{}' in {}", pl.col("group"), pl.lit(exam.upper())
            ),
        ),
        quarantine.Rule(
            failed=pl.col("_result").is_null(),
            reason=pl.format("unknown result code: '{}'", pl.col("result").fill_null("")),
            suggestion=pl.lit("pass / fail / compartment (supply) / absent"),
        ),
        quarantine.Rule(
            failed=total.is_null() | ~total.str.contains(_WHOLE_NUMBER) | (pl.col("_total") <= 0),
            reason=pl.format("malformed total_marks: '{}'", total.fill_null("")),
        ),
        quarantine.Rule(
            failed=marks.is_not_null() & ~marks.str.contains(_WHOLE_NUMBER),
            reason=pl.format("malformed marks_obtained: '{}'", marks),
        ),
        quarantine.Rule(
            failed=marks.is_null() & (pl.col("_result") != "absent"),
            reason=pl.format("missing marks_obtained: blank for result '{}'", pl.col("result")),
        ),
        quarantine.Rule(
            failed=pl.col("_marks") > pl.col("_total"),
            reason=pl.format("marks exceed total: {} > {}", pl.col("_marks"), pl.col("_total")),
        ),
    ]
