"""Read a KoboToolbox export (XLSX or CSV) into header + rows of text, as a person sees them.

Kobo's exports differ by the options chosen when they were made: groups in the headers or
not (and ``/`` or ``.`` between group and field), XML values or labels, ``;`` or ``,``
between CSV fields. This module only reads the file faithfully and maps headers to the
form's field names; deciding what is a valid answer is ``extract``'s job. A file that
cannot be read at all raises :class:`SurveyExportError` naming the file and, where there is
one, the row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from orchestration.defs.survey.form import FormSpec

# Kobo metadata the connector needs, and metadata it keeps when present.
REQUIRED_META = ("_id", "_uuid", "_submission_time")
OPTIONAL_META = ("_index", "__version__", "start", "end")
_DELIMITERS = (";", ",", "\t")


class SurveyExportError(ValueError):
    """An export that cannot be loaded at all (as opposed to rows that are quarantined)."""


@dataclass(frozen=True)
class RawExport:
    path: Path
    header: list[str]  # as in the file
    rows: list[tuple[int, list[str | None]]]  # (row number in the file, cells as text)


def read_export(path: Path) -> RawExport:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise SurveyExportError(f"survey export {path}: expected a .xlsx or .csv Kobo export")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        text = value.isoformat(timespec="seconds")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.strip()
    return text or None


def _read_xlsx(path: Path) -> RawExport:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or mislabelled file
        raise SurveyExportError(
            f"cannot read survey export {path}: not a readable XLSX workbook "
            f"({type(exc).__name__}: {exc})"
        ) from exc
    try:
        # Kobo writes the submissions to the first sheet; repeat groups go to later ones.
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            raise SurveyExportError(f"survey export {path}: the first sheet is empty")
        header = [_text(h) or "" for h in header_cells]
        while header and not header[-1]:
            header.pop()
        body = []
        for number, cells in enumerate(rows, start=2):
            values = [_text(v) for v in cells]
            overflow = [v for v in values[len(header) :] if v is not None]
            if overflow:
                raise SurveyExportError(
                    f"survey export {path}: row {number} has values beyond the last "
                    f"header column ({overflow[:3]})"
                )
            values = (values + [None] * len(header))[: len(header)]
            if any(v is not None for v in values):
                body.append((number, values))
    finally:
        workbook.close()
    return RawExport(path, header, body)


def _read_csv(path: Path) -> RawExport:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SurveyExportError(
            f"cannot read survey export {path}: row {line} is not UTF-8 text "
            f"(Kobo exports are UTF-8; was the file re-saved in another encoding?)"
        ) from exc
    first_line = text.splitlines()[0] if text else ""
    if not first_line.strip():
        raise SurveyExportError(f"survey export {path}: the file is empty")
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [(h or "").strip() for h in next(reader)]
    body = []
    try:
        for cells in reader:
            number = reader.line_num
            values = [_text(v) for v in cells]
            if not any(v is not None for v in values):
                continue  # a blank line holds no submission
            if len(values) != len(header):
                raise SurveyExportError(
                    f"survey export {path}: row {number} has {len(values)} fields but the "
                    f"header has {len(header)} (separator {delimiter!r})"
                )
            body.append((number, values))
    except csv.Error as exc:
        raise SurveyExportError(
            f"cannot read survey export {path}: row {reader.line_num}: {exc}"
        ) from exc
    return RawExport(path, header, body)


def field_names(raw: RawExport, form: FormSpec) -> list[str]:
    """The form's field name for each header (``group/field``, ``group.field`` or ``field``).

    Headers the form does not know (Kobo's ``_status``, ``_tags``...) keep their text and
    are ignored downstream.
    """
    known = {f.name for f in form.fields} | set(REQUIRED_META) | set(OPTIONAL_META)
    names = []
    for header in raw.header:
        name = header.lstrip("\ufeff").strip()
        if name not in known:
            for separator in ("/", "."):
                tail = name.rsplit(separator, 1)[-1]
                if separator in name and tail in known:
                    name = tail
                    break
        names.append(name)
    seen: dict[str, str] = {}
    for header, name in zip(raw.header, names, strict=True):
        if name in known and name in seen:
            raise SurveyExportError(
                f"survey export {raw.path}: columns {seen[name]!r} and {header!r} both hold "
                f"the field {name!r}"
            )
        seen[name] = header
    missing = [c for c in (*REQUIRED_META, *(f.name for f in form.fields)) if c not in seen]
    if missing:
        raise SurveyExportError(
            f"survey export {raw.path}: missing required column(s) {', '.join(missing)} "
            f"(the form {form.path.name} defines them; export with XML values and headers, "
            f"all fields); found {len(raw.header)} columns: {', '.join(raw.header[:8])}..."
        )
    return names
