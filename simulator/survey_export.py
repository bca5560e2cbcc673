"""Write submissions the way KoboToolbox exports them (XLSX or CSV).

A Kobo export has one row per submission: ``start`` and ``end``, every question as a column
named by its XLSForm name and, with "include groups in headers" on, prefixed by its group
(``perception/pc_a_service_efficiency``), then Kobo's own metadata (``_id``, ``_uuid``,
``_submission_time``, ``_index`` ...). Values are the choices' XML names, or their labels
if the export was made "with labels". The CSV export is ``;``-separated by default.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from simulator.survey_form import FORM_TITLE, FormDefinition

META_COLUMNS = (
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
    "_submitted_by", "__version__", "_tags", "_index",
)
NUMERIC = {"_id", "_index", "bps_grade"}


def export_headers(
    form: FormDefinition, group_separator: str | None = "/"
) -> list[tuple[str, str]]:
    """(header as exported, field name) for every column, in Kobo's order."""
    columns = [("start", "start"), ("end", "end")]
    for section, question in form.questions():
        header = question.name
        if group_separator is not None:
            header = f"{section.group}{group_separator}{question.name}"
        columns.append((header, question.name))
    columns += [(m, m) for m in META_COLUMNS]
    return columns


def _labels(form: FormDefinition) -> dict[str, dict[str, str]]:
    """field -> {choice name: label} for every select question."""
    return {
        q.name: {c.name: c.label for c in form.choice_lists[q.list_name]}
        for _, q in form.questions()
        if q.list_name
    }


def _cells(
    records: Sequence[dict[str, object]], form: FormDefinition, headers, with_labels: bool
) -> list[list[object]]:
    labels = _labels(form) if with_labels else {}
    rows = []
    for record in records:
        row = []
        for _, field in headers:
            value = record.get(field)
            if field in labels and isinstance(value, str):
                value = labels[field].get(value, value)
            row.append(value)
        rows.append(row)
    return rows


def write_xlsx(
    path: Path,
    records: Sequence[dict[str, object]],
    form: FormDefinition,
    *,
    group_separator: str | None = "/",
    with_labels: bool = False,
) -> Path:
    import xlsxwriter

    headers = export_headers(form, group_separator)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": datetime(2026, 11, 1)})
    ws = workbook.add_worksheet(FORM_TITLE[:31])
    for j, (header, _) in enumerate(headers):
        ws.write_string(0, j, header)
    for i, row in enumerate(_cells(records, form, headers, with_labels), start=1):
        for j, value in enumerate(row):
            if value is None or value == "":
                continue
            if headers[j][1] in NUMERIC and isinstance(value, int):
                ws.write_number(i, j, value)
            else:
                ws.write_string(i, j, str(value))
    workbook.close()
    return path


def write_csv(
    path: Path,
    records: Sequence[dict[str, object]],
    form: FormDefinition,
    *,
    group_separator: str | None = "/",
    with_labels: bool = False,
    delimiter: str = ";",
) -> Path:
    headers = export_headers(form, group_separator)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writer.writerow([h for h, _ in headers])
        for row in _cells(records, form, headers, with_labels):
            writer.writerow(["" if v is None else v for v in row])
    return path
