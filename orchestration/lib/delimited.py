"""Read a delimited text export (CSV and its cousins) the way a departmental system wrote it.

Exports from departmental systems differ from file to file in ways nobody announces: the
encoding (UTF-8, UTF-8 with a byte-order mark, UTF-16 from Excel's "Unicode text", cp1252
from an old Windows PC, sometimes cp1252 with names pasted in as UTF-8), the delimiter
(``,`` ``;`` tab ``|``) and lines cut short when a transfer was interrupted. This module
detects the encoding and the delimiter instead of assuming them, reads every field as text
and keeps each record's 1-based line number in the file (the header is line 1), so a
quarantined row can be found in the file by a person.

What it decides, and what it leaves to the caller:
- A record whose number of fields differs from the header's, or a last line cut short, is
  returned in ``DelimitedFile.malformed`` with its reason: the caller quarantines it.
- A file that cannot be read at all (missing, empty, binary, no consistent delimiter,
  duplicate column names) raises :class:`DelimitedFileError` naming the file.
- Whether the columns are the ones expected, and whether each value is valid, is the
  caller's business (see :func:`map_columns`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from orchestration.lib import landing, quarantine
from orchestration.lib.quarantine import ROW_NUMBER

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# Lines the delimiter detection looks at; a few hundred are plenty and keep it fast.
_SAMPLE_LINES = 200
# Share of sampled records that must have the header's number of fields for a delimiter to
# be believed; the rest may be damaged lines, which are quarantined later.
_CONSISTENT_SHARE = 0.5
_BLANKS = ("", "-")
# Physical lines with their ends; str.splitlines would also split on form feeds and U+2028.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


class DelimitedFileError(ValueError):
    """A delimited file that cannot be read at all (as opposed to lines that are quarantined)."""


@dataclass(frozen=True)
class MalformedLine:
    line_number: int  # 1-based line in the file where the record starts
    reason: str  # "<kind>: <detail>"
    text: str  # the line(s) as read, for the quarantine's raw record


@dataclass(frozen=True)
class DelimitedFile:
    path: Path
    encoding: str  # what was detected, e.g. "utf-16", "cp1252 (3 lines utf-8)"
    delimiter: str
    header: list[str]  # column names exactly as in the file (trimmed)
    rows: pl.DataFrame  # one String column per header name, plus ROW_NUMBER (line number)
    malformed: list[MalformedLine] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Records in the file (not counting the header or blank lines)."""
        return self.rows.height + len(self.malformed)

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES[self.delimiter]


def read_delimited(path: Path, *, source: str) -> DelimitedFile:
    """Read ``path`` into text columns; see the module docstring for what is decided here."""
    what = f"{source} file {path}"
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DelimitedFileError(f"{what}: file not found") from exc
    except OSError as exc:
        raise DelimitedFileError(f"{what}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise DelimitedFileError(f"{what}: the file is empty (0 records, no header)")
    text, encoding = decode(data, what)
    lines = _LINES.findall(text)
    if not any(line.strip() for line in lines):
        raise DelimitedFileError(f"{what}: the file is empty (0 records, no header)")
    delimiter = detect_delimiter(lines, what)
    return _parse(path, what, lines, encoding, delimiter)


def decode(data: bytes, what: str) -> tuple[str, str]:
    """The text and the name of the encoding it was found to be in."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", what), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", what), "utf-16"
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, what), utf16
    if b"\x00" in data:
        raise DelimitedFileError(
            f"{what}: holds NUL bytes but is not UTF-16 text; not a delimited text export "
            "(a spreadsheet or other binary file?)"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8 as a whole. Old Windows exports are cp1252; when names were pasted in from
    # a UTF-8 source, those lines alone are UTF-8, so each line is decoded on its own.
    out, utf8_lines = [], 0
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        try:
            line = raw.decode("utf-8")
            utf8_lines += any(b >= 0x80 for b in raw)
        except UnicodeDecodeError:
            try:
                line = raw.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise DelimitedFileError(
                    f"{what}: line {number} is neither UTF-8, UTF-16 nor cp1252 text "
                    f"(byte 0x{raw[exc.start]:02x} at position {exc.start + 1})"
                ) from exc
        out.append(line)
    encoding = f"cp1252 ({utf8_lines} lines utf-8)" if utf8_lines else "cp1252"
    return "".join(out), encoding


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: text whose every other byte is mostly NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, what: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.reason == "truncated data":
            # A copy cut off inside its last character: the record it cut is quarantined
            # as truncated later, so the text up to the cut is what there is.
            return data[: exc.start].decode(encoding)
        raise DelimitedFileError(
            f"{what}: starts like {encoding} text but byte {exc.start + 1} is not valid "
            f"{encoding} ({exc.reason})"
        ) from exc


def detect_delimiter(lines: list[str], what: str) -> str:
    """The delimiter csv.Sniffer proposes if the sample bears it out, else the one that
    splits the header into several fields and most records into as many."""
    sample = [line for line in lines[:_SAMPLE_LINES] if line.strip()]
    candidates = list(DELIMITERS)
    try:
        sniffed = csv.Sniffer().sniff("".join(sample), delimiters="".join(DELIMITERS))
        candidates.remove(sniffed.delimiter)
        candidates.insert(0, sniffed.delimiter)
    except csv.Error:
        pass  # the sniffer gives up on short or irregular samples; counting still works
    cut = len(lines) > _SAMPLE_LINES
    scores = {d: _consistency(sample, d, cut) for d in candidates}
    best = max(candidates, key=lambda d: scores[d])  # the first of equals: the sniffer's
    if scores[best] >= _CONSISTENT_SHARE:
        return best
    found = ", ".join(f"{_DELIMITER_NAMES[d]} {scores[d]:.0%}" for d in DELIMITERS if scores[d] > 0)
    raise DelimitedFileError(
        f"{what}: no delimiter among comma, semicolon, tab and pipe splits the header into "
        f"several columns and at least {_CONSISTENT_SHARE:.0%} of the first records into as many "
        f"(share of records that fit: {found or 'none'})"
    )


def _consistency(sample: list[str], delimiter: str, cut: bool) -> float:
    """Share of sampled records with the header's number of fields (0 if the header is one
    field, since then the delimiter is not splitting anything)."""
    try:
        records = list(csv.reader(io.StringIO("".join(sample)), delimiter=delimiter))
    except csv.Error:
        return 0.0
    records = [r for r in records if r]
    if not records or len(records[0]) < 2:
        return 0.0
    body = records[1:-1] if cut else records[1:]  # the sample may end inside a record
    if not body:
        return 1.0
    return sum(len(r) == len(records[0]) for r in body) / len(body)


def _parse(path: Path, what: str, lines: list[str], encoding: str, delimiter: str) -> DelimitedFile:
    ends_cleanly = lines[-1].endswith(("\n", "\r"))
    # Not strict: a stray quote inside a field is how these exports look, not an error.
    reader = csv.reader(_NumberedLines(lines), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    numbers: list[int] = []
    records: list[list[str]] = []
    malformed: list[MalformedLine] = []
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        if not record or not any(cell.strip() for cell in record):
            continue  # blank lines separate nothing and hold nothing
        if header is None:
            header = _header(record, what)
            continue
        raw = "".join(lines[start - 1 : reader.line_num])
        cut_short = reader.line_num == len(lines) and not ends_cleanly
        if cut_short and (len(record) < len(header) or raw.count('"') % 2):
            reason = (
                f"truncated line: the file ends inside this record ({len(record)} of "
                f"{len(header)} fields)"
            )
        elif len(record) != len(header):
            reason = f"wrong number of fields: expected {len(header)}, found {len(record)}"
        else:
            numbers.append(start)
            records.append(record)
            continue
        malformed.append(MalformedLine(start, reason, raw.rstrip("\r\n")))
    if header is None:
        raise DelimitedFileError(f"{what}: the file is empty (0 records, no header)")
    columns = {name: [_cell(r[i]) for r in records] for i, name in enumerate(header)}
    rows = pl.DataFrame(
        {ROW_NUMBER: numbers, **columns},
        schema={ROW_NUMBER: pl.Int64, **{name: pl.String for name in header}},
    )
    return DelimitedFile(path, encoding, delimiter, header, rows, malformed)


class _NumberedLines:
    """Lines for csv.reader; its ``line_num`` then counts physical lines read."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = iter(lines)

    def __iter__(self) -> _NumberedLines:
        return self

    def __next__(self) -> str:
        return next(self._lines)


def _header(record: list[str], what: str) -> list[str]:
    names = [cell.strip() or f"column_{i}" for i, cell in enumerate(record, start=1)]
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if name.casefold() in seen:
            raise DelimitedFileError(
                f"{what}: line 1 names column {name!r} twice (columns {seen[name.casefold()]} "
                f"and {i}); the file's columns cannot be told apart"
            )
        seen[name.casefold()] = i
    return names


def _cell(text: str) -> str | None:
    text = text.strip()
    return None if text in _BLANKS else text


def normalise_header(name: str) -> str:
    """``"Roll No."``, ``"roll_no"`` and ``"ROLL-NO"`` all become ``"roll_no"``."""
    return re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")


def map_columns(
    file: DelimitedFile,
    synonyms: Mapping[str, tuple[str, ...]],
    *,
    required: tuple[str, ...],
    source: str,
) -> pl.DataFrame:
    """The file's rows with columns renamed to the connector's names.

    ``synonyms`` maps each connector column to the headers (any case or punctuation) that
    mean it, so a known rename between export versions loads. A required column that no
    header names raises :class:`DelimitedFileError` listing what the file has instead, so a
    person can add the new header as a synonym. Columns the connector does not know are
    dropped; optional columns the file lacks are added as nulls.
    """
    lookup = {
        normalise_header(h): column for column, heads in synonyms.items() for h in (column, *heads)
    }
    renames: dict[str, str] = {}
    for name in file.header:
        column = lookup.get(normalise_header(name))
        if column is None:
            continue
        if column in renames.values():
            first = next(h for h, c in renames.items() if c == column)
            raise DelimitedFileError(
                f"{source} file {file.path}: columns {first!r} and {name!r} both mean "
                f"{column!r}; keep one"
            )
        renames[name] = column
    missing = [c for c in required if c not in renames.values()]
    if missing:
        unknown = [h for h in file.header if h not in renames]
        raise DelimitedFileError(
            f"{source} file {file.path}: missing required column(s) {missing}; the header "
            f"(line 1) has unrecognised column(s) {unknown or 'none'}. If a column was "
            "renamed in the export, add the new name to the connector's synonyms."
        )
    frame = file.rows.select(ROW_NUMBER, *[pl.col(h).alias(c) for h, c in renames.items()])
    absent = [c for c in synonyms if c not in frame.columns]
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in absent).select(
        ROW_NUMBER, *synonyms
    )


def malformed_quarantine(
    file: DelimitedFile, *, source: str, entity: str, partition_key: str
) -> pl.DataFrame:
    """Quarantine rows for the records that could not be split into the header's columns."""
    return landing.quarantine_frame(
        [
            {"row_number": m.line_number, "reason": m.reason, "raw": {"line": m.text}}
            for m in file.malformed
        ],
        source=source,
        entity=entity,
        partition_key=partition_key,
        origin=str(file.path),
    )


@dataclass(frozen=True)
class SplitFile:
    loaded: pl.DataFrame  # the rows every rule passed, typed, without their line numbers
    quarantined: pl.DataFrame  # the rows a rule failed and the broken lines, in file order
    rows_read: int


def split_file(
    path: Path,
    columns: Mapping[str, tuple[str, ...]],
    *,
    required: tuple[str, ...],
    typed: Callable[[pl.DataFrame], pl.DataFrame],
    rules: list[quarantine.Rule],
    source: str,
    entity: str,
    partition_key: str,
) -> SplitFile:
    """Read ``path``, name its columns (:func:`map_columns`), type them with ``typed`` and
    split the rows by ``rules``. A line that could not be split into the header's columns is
    quarantined with the rows a rule failed, so records read = loaded + quarantined."""
    file = read_delimited(path, source=source)
    frame = map_columns(file, columns, required=required, source=source)
    good, bad = quarantine.split(
        typed(frame),
        rules,
        source=source,
        entity=entity,
        partition_key=partition_key,
        origin=str(path),
        raw_columns=list(columns),
    )
    malformed = malformed_quarantine(
        file, source=source, entity=entity, partition_key=partition_key
    )
    return SplitFile(good, pl.concat([bad, malformed]).sort("row_number"), file.rows_read)
