"""Read the IT Department's e-services catalogue: three CSV files in a shared folder.

The files are edited by people in a spreadsheet, so this reader forgives what a
spreadsheet does (a byte-order mark, ``;`` instead of ``,`` when saved in some locales,
trailing spaces, blank lines, an extra notes column) and refuses what it cannot read with
a :class:`CatalogueError` naming the file, the row and the problem: a missing file or
required column, text that is not UTF-8, a row with more fields than the header.

Every cell comes back as text (blank -> null) with the row number a person sees in the
spreadsheet (the header is row 1); judging values is ``extract``'s job.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.lib import settings
from orchestration.lib.quarantine import ROW_NUMBER

SOURCE = "eservices"
FILES = {
    "portals": (
        "portals.csv",
        (
            "portal_id",
            "department_code",
            "district",
            "portal_name",
            "channel",
            "url",
            "status",
            "launched_on",
            "synthetic",
            "source_note",
        ),
    ),
    "services": (
        "services.csv",
        (
            "service_id",
            "portal_id",
            "department_code",
            "service_name",
            "channel",
            "launched_on",
            "url",
            "un_stage",
            "stage_basis",
            "status",
            "synthetic",
            "source_note",
        ),
    ),
    "checklist": (
        "checklist.csv",
        ("portal_id", "indicator_code", "answer", "assessed_on", "synthetic", "note"),
    ),
}
_DELIMITERS = (",", ";", "\t")


class CatalogueError(ValueError):
    """A catalogue file that cannot be loaded as it is (rows with bad values are quarantined
    instead)."""


@dataclass(frozen=True)
class CatalogueFile:
    path: Path
    frame: pl.DataFrame  # required columns as String, plus ROW_NUMBER
    extra_columns: tuple[str, ...]  # columns people added (notes); kept in no table


def catalogue_dir() -> Path:
    default = settings.simulated_sources_dir() / SOURCE
    return Path(settings.source_setting(SOURCE, "catalogue_dir", str(default)))


def version(folder: Path | None = None) -> str:
    """A fingerprint of the catalogue's content: the same files give the same version."""
    folder = folder or catalogue_dir()
    digest = hashlib.sha256()
    for name, _ in FILES.values():
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()[:12]


def read(entity: str, folder: Path | None = None) -> CatalogueFile:
    name, required = FILES[entity]
    path = (folder or catalogue_dir()) / name
    if not path.exists():
        raise CatalogueError(
            f"{SOURCE}: catalogue file {path} is missing; the catalogue is "
            f"{', '.join(n for n, _ in FILES.values())} in {path.parent}"
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            f"{SOURCE}: {path} row {line} is not UTF-8 text; save the file as "
            "'CSV UTF-8' from the spreadsheet"
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in next(reader, [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise CatalogueError(
            f"{SOURCE}: {path} is missing required column(s) {', '.join(missing)}; its "
            f"header row has: {', '.join(h for h in header if h) or 'nothing'}"
        )
    positions = {c: header.index(c) for c in required}
    rows: dict[str, list[str | None]] = {c: [] for c in required}
    numbers: list[int] = []
    try:
        for cells in reader:
            line = reader.line_num
            values = [(v or "").strip() or None for v in cells]
            if not any(values):
                continue  # a blank line is not an entry
            if len(values) > len(header) and any(values[len(header) :]):
                raise CatalogueError(
                    f"{SOURCE}: {path} row {line} has {len(values)} fields but the header has "
                    f"{len(header)} (a comma inside a value needs the value in quotes)"
                )
            values += [None] * (len(header) - len(values))
            numbers.append(line)
            for column, at in positions.items():
                rows[column].append(values[at])
    except csv.Error as exc:
        raise CatalogueError(f"{SOURCE}: {path} row {reader.line_num}: {exc}") from exc
    frame = pl.DataFrame(
        {ROW_NUMBER: numbers, **rows},
        schema={ROW_NUMBER: pl.Int64, **{c: pl.String for c in required}},
    )
    extra = tuple(h for h in header if h and h not in required)
    return CatalogueFile(path, frame, extra)
