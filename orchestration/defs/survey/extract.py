"""Land one wave of the need-assessment survey from its KoboToolbox export.

A partition is a survey wave (``2009-wave1``). The IT Department drops the wave's Kobo
export, XLSX or CSV, in ``<inbox>/<wave>/export.xlsx|csv``; re-running a partition reloads
the file and replaces the wave, so the load is idempotent. Every submission either loads or
is quarantined with its reason: a missing required answer, a second copy of a ``_uuid``, a
district that does not resolve exactly, an answer that is not one of the form's choices, an
impossible BPS grade or a malformed Kobo timestamp.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from orchestration.defs.survey.form import SOURCE, FormSpec, load_form
from orchestration.defs.survey.kobo_export import (
    OPTIONAL_META,
    REQUIRED_META,
    SurveyExportError,
    field_names,
    read_export,
)
from orchestration.lib import landing, quarantine, settings

ENTITY = "responses"
EXPORT_NAMES = ("export.xlsx", "export.csv")
WAVE_KEY = re.compile(r"^(?P<year>\d{4})-wave(?P<number>\d+)$")
_TIMESTAMP_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
)
PROFILE_COLUMNS = ("level", "department", "district", "designation", "bps_grade")


def inbox_dir() -> Path:
    default = settings.simulated_sources_dir() / SOURCE
    return Path(settings.source_setting(SOURCE, "inbox", str(default)))


def find_export(wave: str) -> Path:
    if not WAVE_KEY.match(wave):
        raise SurveyExportError(f"survey wave {wave!r} is not of the form <year>-wave<n>")
    folder = inbox_dir() / wave
    found = [folder / n for n in EXPORT_NAMES if (folder / n).exists()]
    if not found:
        raise SurveyExportError(
            f"survey wave {wave}: no export in {folder} (expected one of {EXPORT_NAMES})"
        )
    if len(found) > 1:
        raise SurveyExportError(
            f"survey wave {wave}: both {found[0].name} and {found[1].name} in {folder}; "
            "keep the one export that is current"
        )
    return found[0]


def land_wave(wave: str) -> list[landing.LoadAccount]:
    path = find_export(wave)
    loaded, quarantined, rows_read = load_export(path, wave, load_form())
    return [
        landing.write_partition(
            source=SOURCE,
            entity=ENTITY,
            partition_key=wave,
            origin=str(path),
            rows_read=rows_read,
            loaded=loaded,
            quarantined=quarantined,
        )
    ]


def load_export(path: Path, wave: str, form: FormSpec) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(rows that load, quarantined rows, rows read) for one export file."""
    raw = read_export(path)
    names = field_names(raw, form)
    keep = [i for i, n in enumerate(names) if n in _wanted(form)]
    frame = pl.DataFrame(
        {
            quarantine.ROW_NUMBER: [number for number, _ in raw.rows],
            **{names[i]: [cells[i] for _, cells in raw.rows] for i in keep},
        },
        schema={quarantine.ROW_NUMBER: pl.Int64, **{names[i]: pl.String for i in keep}},
    )
    for optional in OPTIONAL_META:
        if optional not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(optional))
    good, bad = quarantine.split(
        _typed(frame, form),
        _rules(form),
        source=SOURCE,
        entity=ENTITY,
        partition_key=wave,
        origin=str(path),
        raw_columns=[names[i] for i in keep],
    )
    return _loaded(good, form, wave), bad, frame.height


def _wanted(form: FormSpec) -> set[str]:
    return {f.name for f in form.fields} | set(REQUIRED_META) | set(OPTIONAL_META)


def _choice_columns(form: FormSpec) -> list[str]:
    # The district is resolved against the district tables instead (aliases, lineage).
    return [f.name for f in form.fields if f.type == "select_one" and f.name != "district"]


def _typed(frame: pl.DataFrame, form: FormSpec) -> pl.DataFrame:
    """Add the parsed value of every column beside the text as read (``_c_<field>``)."""
    parsed = []
    for name in _choice_columns(form):
        # An export "with labels" holds the label; both spellings mean the same choice.
        choices = form.choices[form.field(name).list_name]
        mapping = {n.casefold(): n for n in choices} | {
            label.casefold(): n for n, label in choices.items() if label
        }
        parsed.append(
            pl.col(name)
            .str.to_lowercase()
            .replace_strict(mapping, default=None, return_dtype=pl.String)
            .alias(f"_c_{name}")
        )
    parsed += [
        pl.col("bps_grade").cast(pl.Int64, strict=False).alias("_c_bps_grade"),
        pl.col("_id").cast(pl.Int64, strict=False).alias("_c__id"),
        pl.col("_index").cast(pl.Int64, strict=False).alias("_c__index"),
        pl.coalesce(
            pl.col("_submission_time").str.strptime(pl.Datetime("us"), f, strict=False)
            for f in _TIMESTAMP_FORMATS
        ).alias("_c__submission_time"),
    ]
    return quarantine.resolve_districts(frame.with_columns(parsed), "district")


def _first_failing(columns: list[str], failed, message) -> pl.Expr:
    """The message for the first column (in form order) that fails, else null."""
    return pl.coalesce([pl.when(failed(c)).then(message(c)) for c in columns])


def _rules(form: FormSpec) -> list[quarantine.Rule]:
    required = [*REQUIRED_META, *(f.name for f in form.fields if f.required)]
    missing = _first_failing(
        required,
        lambda c: pl.col(c).is_null(),
        lambda c: pl.lit(f"missing required answer: '{c}'"),
    )
    first_row = pl.col(quarantine.ROW_NUMBER).min().over("_uuid")
    choices = _choice_columns(form)
    unknown_choice = _first_failing(
        choices,
        lambda c: pl.col(c).is_not_null() & pl.col(f"_c_{c}").is_null(),
        lambda c: pl.format("unknown choice value: '{}' for {}", pl.col(c), pl.lit(c)),
    )
    expected = _first_failing(
        choices,
        lambda c: pl.col(c).is_not_null() & pl.col(f"_c_{c}").is_null(),
        lambda c: pl.lit("expected one of: " + ", ".join(form.choices[form.field(c).list_name])),
    )
    return [
        quarantine.Rule(failed=missing.is_not_null(), reason=missing),
        quarantine.Rule(
            failed=pl.col(quarantine.ROW_NUMBER) != first_row,
            reason=pl.format("duplicate _uuid: '{}'", pl.col("_uuid")),
            suggestion=pl.format("same submission as row {}", first_row),
        ),
        quarantine.unresolved_district_rule("district"),
        quarantine.Rule(
            failed=unknown_choice.is_not_null(), reason=unknown_choice, suggestion=expected
        ),
        quarantine.Rule(
            failed=~pl.col("_c_bps_grade").is_between(1, 22).fill_null(False),
            reason=pl.format("invalid bps_grade: '{}'", pl.col("bps_grade")),
            suggestion=pl.lit("a whole number from 1 to 22"),
        ),
        quarantine.Rule(
            failed=pl.col("_c__submission_time").is_null(),
            reason=pl.format("malformed _submission_time: '{}'", pl.col("_submission_time")),
        ),
        quarantine.Rule(
            failed=pl.col("_c__id").is_null(),
            reason=pl.format("malformed _id: '{}'", pl.col("_id")),
        ),
    ]


def _loaded(good: pl.DataFrame, form: FormSpec, wave: str) -> pl.DataFrame:
    return good.select(
        pl.lit(wave).alias("wave"),
        pl.col("_uuid").alias("respondent_uuid"),
        pl.col("_c__id").alias("kobo_id"),
        pl.col("_c__index").alias("kobo_index"),
        pl.col("_c__submission_time").alias("submitted_at"),
        pl.col("__version__").alias("form_version"),
        pl.col("_c_level").alias("level"),
        pl.col("_c_department").alias("department"),
        pl.col("district").alias("district_reported"),
        "district_unit",
        "district_pcode",
        pl.col("_c_designation").alias("designation"),
        pl.col("_c_bps_grade").cast(pl.Int16).alias("bps_grade"),
        *(pl.col(f"_c_{f.name}").alias(f.name) for f in form.items),
    )
