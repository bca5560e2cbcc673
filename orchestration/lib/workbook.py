"""Read a table out of a departmental Excel workbook the way a person reads it.

Departments send tables laid out for printing: title rows above the header, headers over two
rows with merged cells ("Class 1" spanning "Boys" and "Girls"), blank spacer rows, a totals
row (and sometimes a footnote) at the end, and column names that change from one year to the
next. This module finds the table in such a sheet, flattens its header and names its columns
through a *column map*: a small YAML file per year that a data engineer edits, never code::

    # column_maps/2019-20.yaml
    sheet: ASC 2019-20
    columns:
      School Code: emis_code
      Class I Boys: enrol_1_boys      # a two-row header, flattened with one space
      Sr. No.: ~                      # known, deliberately not loaded

Every header in the sheet must be in the map (as a warehouse column or as ``~``): a header
nobody has mapped may be a renamed column, so the load stops with a :class:`WorkbookError`
naming the file, sheet, row and column letter and saying which line to add. The same error
names a missing sheet, a file that is not a workbook and a required column that is absent.

Cells come back as text exactly as a person sees them (numbers without a trailing ``.0``);
typing and judging values is the connector's job, so that a bad cell quarantines one row
instead of failing the whole file.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import yaml

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
ROW_NUMBER = "_row_number"  # the row as Excel numbers it (1-based), for quarantine and errors
# Rows searched for the header: title blocks are a few rows, never dozens.
HEADER_SEARCH_ROWS = 40
# What a totals or subtotals row says where the key would be (English, Urdu "total").
TOTAL_LABELS = frozenset(
    {
        "total",
        "grand total",
        "g. total",
        "g.total",
        "gtotal",
        "sub total",
        "subtotal",
        "district total",
        "province total",
        "provincial total",
        "total:",
        "کل",
        "کل تعداد",
        "میزان",
        "ٹوٹل",
    }
)
_SPACES = re.compile(r"\s+")
_MERGE_REF = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


class WorkbookError(ValueError):
    """A workbook that cannot be loaded as it is; the message says where and what to do."""


def workbooks_in(folder: Path) -> list[Path]:
    """The workbooks in ``folder``, sorted by name; not the lock files Excel keeps beside an
    open workbook (``~$…``) nor hidden files."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def normalise_header(text: object) -> str:
    """Header text as compared with the map: case, line breaks and spacing do not matter."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text)).casefold()
    return _SPACES.sub(" ", value).strip().rstrip(":*").strip()


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    value = 0
    for ch in letters:
        value = value * 26 + ord(ch) - 64
    return value - 1


@dataclass(frozen=True)
class ColumnMap:
    """How one workbook (one year, one survey round) names its sheet and columns."""

    path: Path
    sheet: str
    columns: dict[str, str]  # normalised header -> warehouse column
    ignored: frozenset[str]  # normalised headers known and deliberately not loaded

    def known(self, header: str) -> bool:
        return header in self.columns or header in self.ignored


def load_column_map(path: Path) -> ColumnMap:
    """Read a column map; a map that is missing or malformed is named with the fix."""
    if not path.exists():
        raise WorkbookError(
            f"no column map {path}: copy the previous year's map to this name and adjust "
            "its column names to the new workbook"
        )
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise WorkbookError(f"column map {path} is not valid YAML: {exc}") from exc
    if (
        not isinstance(spec, dict)
        or not spec.get("sheet")
        or not isinstance(spec.get("columns"), dict)
    ):
        raise WorkbookError(
            f"column map {path} needs a 'sheet:' name and a 'columns:' mapping of header "
            "text to warehouse column (or ~ to ignore a column)"
        )
    columns: dict[str, str] = {}
    ignored: set[str] = set()
    owner: dict[str, str] = {}
    for header, target in spec["columns"].items():
        key = normalise_header(header)
        if target is None:
            ignored.add(key)
            continue
        target = str(target).strip()
        if target in owner:
            raise WorkbookError(
                f"column map {path}: both {owner[target]!r} and {header!r} map to {target!r}"
            )
        owner[target] = str(header)
        columns[key] = target
    return ColumnMap(path, str(spec["sheet"]), columns, frozenset(ignored))


@dataclass(frozen=True)
class Column:
    """Where a warehouse column was found: its Excel letter and header as printed."""

    letter: str
    header: str

    def describe(self) -> str:
        return f"{self.header!r} (column {self.letter})"


@dataclass
class SheetTable:
    """The data rows of one sheet, every mapped column as text, plus where it all came from."""

    path: Path
    sheet: str
    header_rows: tuple[int, ...]  # Excel row numbers of the header (one or two rows)
    title: list[str]  # text of the rows above the header
    columns: dict[str, Column]  # warehouse column -> where it was found
    frame: pl.DataFrame  # mapped columns (String) + ROW_NUMBER
    totals_rows: list[int] = field(default_factory=list)
    footnote_rows: list[int] = field(default_factory=list)
    blank_rows: int = 0

    @property
    def origin(self) -> str:
        return f"{self.path} sheet '{self.sheet}'"


def read_table(
    path: Path,
    column_map: ColumnMap,
    *,
    source: str,
    key_column: str,
    required: Iterable[str] = (),
) -> SheetTable:
    """Find, flatten and map the table on the map's sheet of the workbook at ``path``.

    ``key_column`` is the warehouse column that identifies a record (a school's EMIS code);
    a row with no key that says "Total" is a totals row and is dropped (its row number is
    kept), as are footnotes after it. ``required`` columns must be found.
    """
    sheet, cells, first_column = _read_cells(path, column_map.sheet, source)
    where = f"{source}: workbook {path} sheet '{sheet}'"
    header_rows, names = _find_header(cells, column_map, where)
    if len(header_rows) == 2:
        names = _flatten(cells, header_rows[0], _merged_ranges(path, sheet), first_column)
    where = f"{where} header row {header_rows[0] + 1}"
    data = cells.slice(header_rows[-1] + 1)

    columns: dict[str, Column] = {}
    keep: dict[str, str] = {}  # frame column -> warehouse column
    unheaded: dict[str, str] = {}  # frame column -> letter, for columns with no header
    unmapped: list[tuple[str, str]] = []
    for position, (frame_column, raw_name) in enumerate(zip(cells.columns, names, strict=True)):
        letter = column_letter(first_column + position)
        key = normalise_header(raw_name)
        printed = _SPACES.sub(" ", str(raw_name)).strip()
        if not key:
            if data.get_column(frame_column).drop_nulls().len():
                unheaded[frame_column] = letter
        elif key in column_map.columns:
            target = column_map.columns[key]
            if target in columns:
                raise WorkbookError(
                    f"{where}: columns {columns[target].letter} and {letter} both map to "
                    f"{target!r} in {column_map.path}"
                )
            columns[target] = Column(letter, printed)
            keep[frame_column] = target
        elif key not in column_map.ignored:
            unmapped.append((letter, printed))
    _check_columns(columns, unmapped, required, column_map, where)

    table = data.select(
        pl.int_range(header_rows[-1] + 2, cells.height + 1, dtype=pl.Int64).alias(ROW_NUMBER),
        *(pl.col(c).alias(t) for c, t in keep.items()),
        *(pl.col(c).alias(f"_unheaded_{letter}") for c, letter in unheaded.items()),
        # Cells filled anywhere in the row, ignored columns included: a note written under
        # "Sr. No." is a note, not a blank row.
        pl.sum_horizontal(pl.col(c).is_not_null().cast(pl.Int32) for c in data.columns).alias(
            "_cells"
        ),
    )
    table, layout = _drop_layout_rows(table, key_column, list(keep.values()))
    stray = [c for c in table.columns if c.startswith("_unheaded_")]
    for column in stray:
        rows = table.filter(pl.col(column).is_not_null()).get_column(ROW_NUMBER)
        if rows.len():
            raise WorkbookError(
                f"{where}: column {column.removeprefix('_unheaded_')} holds values (first in "
                f"row {rows[0]}) but has no header; give it a header and map it"
            )
    title = [
        " ".join(str(v) for v in row if v is not None)
        for row in cells.slice(0, header_rows[0]).rows()
        if any(v is not None for v in row)
    ]
    return SheetTable(
        path=path,
        sheet=sheet,
        header_rows=tuple(r + 1 for r in header_rows),
        title=title,
        columns=columns,
        frame=table.drop(stray),
        totals_rows=layout["totals"],
        footnote_rows=layout["footnotes"],
        blank_rows=len(layout["blank"]),
    )


def _check_columns(
    columns: dict[str, Column],
    unmapped: list[tuple[str, str]],
    required: Iterable[str],
    column_map: ColumnMap,
    where: str,
) -> None:
    missing = [c for c in required if c not in columns]
    listed = ", ".join(f"{h!r} (column {letter})" for letter, h in unmapped)
    if missing:
        expected = {v: k for k, v in column_map.columns.items()}
        lost = ", ".join(f"{c!r} (mapped from {expected.get(c, '?')!r})" for c in missing)
        hint = (
            f"; header(s) not in the map that may be the renamed column: {listed}"
            if (unmapped)
            else ""
        )
        raise WorkbookError(
            f"{where}: required column(s) {lost} not found — renamed or deleted?{hint}. "
            f"Add the new header to {column_map.path} as '<header as printed>: <column>'"
        )
    if unmapped:
        raise WorkbookError(
            f"{where}: unexpected column(s) {listed} not in the column map {column_map.path}. "
            "Map each to a warehouse column, or to ~ to ignore it, then re-run the partition"
        )


def _read_cells(path: Path, sheet: str, source: str) -> tuple[str, pl.DataFrame, int]:
    """The sheet's real name, every cell as stripped text (blank -> null) and the index of
    the first column read, so Excel's row numbers and column letters can be reported."""
    import fastexcel

    if not path.exists():
        raise WorkbookError(f"{source}: workbook {path} does not exist")
    try:
        reader = fastexcel.read_excel(path)
        names = reader.sheet_names
    except Exception as exc:  # calamine raises several types for a damaged or mislabelled file
        raise WorkbookError(
            f"{source}: cannot read workbook {path}: not a readable Excel file "
            f"({type(exc).__name__}: {exc}); ask the department to re-save it as .xlsx"
        ) from exc
    name = next((n for n in names if normalise_header(n) == normalise_header(sheet)), None)
    if name is None:
        raise WorkbookError(
            f"{source}: workbook {path} has no sheet {sheet!r}; its sheets are "
            f"{', '.join(repr(n) for n in names)}. Rename the sheet, or change 'sheet:' in the "
            "column map"
        )
    try:
        # skip_rows=0 keeps leading blank rows, so positions stay those of the sheet's rows.
        loaded = reader.load_sheet(
            name, header_row=None, skip_rows=0, dtypes="string", whitespace_as_null=True
        )
        available = loaded.available_columns()
        first_column = available[0].absolute_index if available else 0
        frame = loaded.to_polars()
    except Exception as exc:
        raise WorkbookError(
            f"{source}: cannot read sheet '{name}' of workbook {path} ({type(exc).__name__}: {exc})"
        ) from exc
    frame = frame.with_columns(
        pl.col(c).str.strip_chars().str.replace(r"^(-?\d+)\.0$", "$1").replace("", None)
        for c in frame.columns
    )
    return name, frame, first_column


def _find_header(
    cells: pl.DataFrame, column_map: ColumnMap, where: str
) -> tuple[tuple[int, ...], list[str | None]]:
    """The row, or pair of rows, whose text best matches the map's headers (0-based)."""
    top = cells.head(HEADER_SEARCH_ROWS + 1).rows()
    best: tuple[int, tuple[int, ...], list[str | None]] = (0, (), [])
    for r in range(min(HEADER_SEARCH_ROWS, len(top))):
        candidates = [((r,), list(top[r]))]
        if r + 1 < len(top) and any(top[r]) and any(top[r + 1]):
            candidates.append(((r, r + 1), _flatten_simple(list(top[r]), list(top[r + 1]))))
        for rows, names in candidates:
            score = sum(column_map.known(normalise_header(n)) for n in names if n)
            if score > best[0]:
                best = (score, rows, names)
    score, rows, names = best
    if score < min(3, len(column_map.columns)):
        examples = ", ".join(repr(k) for k in list(column_map.columns)[:5])
        raise WorkbookError(
            f"{where}: no header row in the first {HEADER_SEARCH_ROWS} rows matches the column "
            f"map {column_map.path} (expected headers such as {examples})"
        )
    return rows, names


def _flatten_simple(top: list[str | None], bottom: list[str | None]) -> list[str | None]:
    """Two header rows without merge information: a group label written once over several
    sub-headers ("Class 1" over "Boys", "Girls") applies to every sub-header after it."""
    names: list[str | None] = []
    group = None
    for t, b in zip(top, bottom, strict=True):
        if t is not None:
            group = t
        names.append(_join(t if t is not None else (group if b is not None else None), b))
    return names


def _flatten(
    cells: pl.DataFrame, top_row: int, merges: list[tuple[int, int, int, int]], first_column: int
) -> list[str | None]:
    """Two header rows flattened using the sheet's merged ranges where it has them: a label
    merged across columns heads each of them; one merged down both rows stands alone."""
    top, bottom = list(cells.row(top_row)), list(cells.row(top_row + 1))
    header_merges = [m for m in merges if m[0] <= top_row + 1 and m[2] >= top_row]
    if not header_merges:
        return _flatten_simple(top, bottom)
    names: list[str | None] = []
    for i in range(len(top)):
        col = first_column + i
        t, b = top[i], bottom[i]
        for r1, c1, r2, c2 in header_merges:
            if not c1 <= col <= c2:
                continue
            anchor = cells.row(r1)[c1 - first_column]
            if r1 <= top_row <= r2 and t is None:
                t = anchor
            if r1 <= top_row and r2 >= top_row + 1:
                b = None  # merged down through both rows: a one-level header
            elif r1 == top_row + 1 and b is None:
                b = anchor
        names.append(_join(t, b))
    return names


def _join(top: str | None, bottom: str | None) -> str | None:
    if top is None:
        return bottom
    if bottom is None or normalise_header(bottom) == normalise_header(top):
        return top
    return f"{top} {bottom}"


def _merged_ranges(path: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet as 0-based (row1, col1, row2, col2), read straight from the
    XLSX parts (the fast reader does not expose them); empty for any other format."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return []
            found: list[tuple[bytes, ...]] = []
            carry, after_cells = b"", False
            with archive.open(part) as stream:
                # Merged ranges follow the cell data, so only the tail of the part is searched.
                while chunk := stream.read(1 << 20):
                    buffer = carry + chunk
                    if not after_cells and b"</sheetData>" in buffer:
                        after_cells = True
                        buffer = buffer[buffer.index(b"</sheetData>") :]
                    if after_cells:
                        cut = max(buffer.rfind(b"/>") + 2, 0)
                        found += _MERGE_REF.findall(buffer[:cut])
                        carry = buffer[cut:]
                    else:
                        carry = buffer[-64:]
                if after_cells:
                    found += _MERGE_REF.findall(carry)
    except (zipfile.BadZipFile, KeyError, OSError):
        return []
    return sorted(
        {
            (int(r1) - 1, _column_index(c1.decode()), int(r2) - 1, _column_index(c2.decode()))
            for c1, r1, c2, r2 in found
        }
    )


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    for tag in re.findall(r"<sheet [^>]*>", workbook):
        name = re.search(r'name="([^"]*)"', tag)
        rel_id = re.search(r'r:id="([^"]*)"', tag)
        if not (name and rel_id) or normalise_header(_xml_unescape(name.group(1))) != (
            normalise_header(sheet)
        ):
            continue
        for rel in re.findall(r"<Relationship [^>]*>", rels):
            if f'Id="{rel_id.group(1)}"' in rel:
                target = re.search(r'Target="([^"]*)"', rel).group(1)
                return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _xml_unescape(text: str) -> str:
    for escaped, plain in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(escaped, plain)
    return text.replace("&amp;", "&")


def _drop_layout_rows(
    table: pl.DataFrame, key_column: str, value_columns: list[str]
) -> tuple[pl.DataFrame, dict[str, list[int]]]:
    """Drop blank rows, totals rows and notes; return their Excel row numbers by kind.

    A note is a row with text only in columns that are not loaded (no header, or mapped to
    ~), or a row with a single filled cell after a totals row ("Source: BEMIS ...").
    """
    mapped_empty = pl.all_horizontal(pl.col(c).is_null() for c in value_columns)
    labels = list(TOTAL_LABELS)
    texts = [c for c in table.columns if c not in (ROW_NUMBER, "_cells")]
    says_total = pl.any_horizontal(
        pl.col(c).str.to_lowercase().str.strip_chars(" :").is_in(labels) for c in texts
    )
    key = pl.col(key_column) if key_column in table.columns else pl.lit(None, dtype=pl.String)
    key_is_label = key.str.to_lowercase().str.strip_chars(" :").is_in(labels)
    marked = table.with_columns(
        (pl.col("_cells") == 0).alias("_blank"),
        ((key.is_null() | key_is_label) & says_total).fill_null(False).alias("_total"),
    )
    totals = marked.filter(pl.col("_total")).get_column(ROW_NUMBER).to_list()
    after_totals = (
        (pl.col(ROW_NUMBER) > totals[0]) & (pl.col("_cells") == 1) if totals else pl.lit(False)
    )
    note = ~pl.col("_blank") & ~pl.col("_total") & (mapped_empty | after_totals)
    marked = marked.with_columns(note.alias("_note"))
    layout = {
        "blank": marked.filter(pl.col("_blank")).get_column(ROW_NUMBER).to_list(),
        "totals": totals,
        "footnotes": marked.filter(pl.col("_note")).get_column(ROW_NUMBER).to_list(),
    }
    kept = marked.filter(~pl.col("_blank") & ~pl.col("_total") & ~pl.col("_note"))
    return kept.drop("_blank", "_total", "_note", "_cells"), layout
