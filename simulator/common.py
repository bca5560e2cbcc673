"""Pieces every source simulator shares: the districts, messiness rates and random streams.

Everything here is synthetic-data machinery for the demo and the tests. The district list,
aliases and lineage are the project's real reference seeds, read from this repository so
the simulator types exactly the names the pipeline will later have to resolve.
"""

from __future__ import annotations

import csv
import io
import os
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "transform" / "seeds"

# The moment "now" is in the simulated world unless a caller says otherwise.
DEFAULT_AS_OF = datetime(2026, 11, 15, 18, 0)

# Typos no alias table should ever learn: the pipeline must quarantine them, not guess.
# Keyed by the district the operator meant, so a person confirming the suggestion has a
# right answer to find.
_TYPOS: dict[str, tuple[str, ...]] = {
    "Quetta": ("Quetaa",),
    "Khuzdar": ("Khuzdaar",),
    "Lasbela": ("Lasbella",),
    "Panjgur": ("Panjgour",),
    "Jhal Magsi": ("Jahal Magsi",),
    "Barkhan": ("Barakhan",),
    "Loralai": ("Loralaii",),
    "Kohlu": ("Kohloo",),
    "Zhob": ("Zhobb",),
    "Mastung": ("Mastungg",),
    "Kech": ("Turbatt",),
    "Sibi": ("Sibbee",),
}
# What an operator leaves when the complainant's district was not asked or not known.
_BLANK_DISTRICTS: tuple[str, ...] = ("", "N/A", "-")
DELIBERATELY_UNRESOLVABLE: list[str] = sorted(
    {t for typos in _TYPOS.values() for t in typos} | set(_BLANK_DISTRICTS)
)

# How blank a free-text field can look in a departmental system.
BLANKS: tuple[str | None, ...] = (None, "", " ", "-")

_ARABIC_SCRIPT = range(0x0600, 0x0700)
# Suffixes where operators put a space or not ("Sohbat Pur", "Musa Khel").
_SPLITTABLE_SUFFIXES = ("abad", "pur", "khel", "ullah")


@dataclass(frozen=True)
class Messiness:
    """Rates (0-1) of the real-world problems a simulator injects into what it serves."""

    district_variant: float = 0.06  # another spelling, alias or sub-district that resolves
    district_unresolvable: float = 0.005  # a typo or blank that must end up quarantined
    malformed_date: float = 0.01  # "31/02/2024", "2024-13-05", "yesterday", ""
    blank_value: float = 0.02  # a field left empty or "-"
    duplicated_row: float = 0.005  # the same record submitted twice
    urdu_text: float = 0.03  # names and free text typed in Urdu script
    late_update: float = 0.04  # a change entered days after it happened

    def __post_init__(self) -> None:
        for f in fields(self):
            rate = getattr(self, f.name)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"Messiness.{f.name} must be between 0 and 1, got {rate}")
        if self.district_variant + self.district_unresolvable + self.urdu_text > 1.0:
            raise ValueError("district variant, unresolvable and Urdu rates add up to over 1")

    @classmethod
    def clean(cls) -> Messiness:
        return cls(**{f.name: 0.0 for f in fields(cls)})

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class District:
    pcode: str
    name: str
    division: str
    population: int


def rng(seed: int, *stream: str) -> np.random.Generator:
    """An independent random stream per purpose, so changing one rate leaves the rest alone."""
    return np.random.default_rng([seed, *(zlib.crc32(s.encode()) for s in stream)])


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    rows = _read_csv(SEEDS_DIR / "reference" / "districts.csv")
    return tuple(
        District(r["pcode"], r["district"], r["division"], int(r["population_2023"])) for r in rows
    )


def pick_districts(generator: np.random.Generator, n: int) -> list[str]:
    """District names for n records, more often where more people live."""
    ds = districts()
    weights = np.array([d.population for d in ds], dtype=float)
    idx = generator.choice(len(ds), size=n, p=weights / weights.sum())
    return [ds[i].name for i in idx]


@dataclass(frozen=True)
class _Spelling:
    text: str
    effective_from: date | None  # a sub-district's name is only used once it exists


class _DistrictTyping:
    """Every way an operator types each district, built once from the seeds."""

    def __init__(self) -> None:
        names = [d.name for d in districts()]
        lineage = _read_csv(SEEDS_DIR / "district_lineage.csv")
        # Lineage units that fold into another Census-2023 district, with when they began.
        units = {
            r["unit_name"]: (r["harmonised_district"], date.fromisoformat(r["effective_from"]))
            for r in lineage
            if r["unit_name"] != r["harmonised_district"]
        }
        self.variants: dict[str, list[_Spelling]] = {n: [] for n in names}
        self.urdu: dict[str, list[_Spelling]] = {n: [] for n in names}

        for name in names:
            self.variants[name] += [_Spelling(t, None) for t in _case_variants(name)]
        for unit, (district, since) in units.items():
            self.variants[district] += [_Spelling(t, since) for t in (unit, unit.upper())]

        alias_rows = _read_csv(SEEDS_DIR / "reference" / "aliases.csv")
        alias_rows += _read_csv(SEEDS_DIR / "district_aliases.csv")
        for row in alias_rows:
            alias, canonical = row["alias"], row["canonical"]
            if canonical in units:
                district, since = units[canonical]
            elif canonical in self.variants:
                district, since = canonical, None
            else:
                continue
            if any(ord(ch) in _ARABIC_SCRIPT for ch in alias):
                # "ضلع" (district) is a word the resolver knows to ignore, as operators add it.
                self.urdu[district] += [_Spelling(alias, since), _Spelling(f"ضلع {alias}", since)]
            else:
                self.variants[district].append(_Spelling(alias, since))

        for table in (self.variants, self.urdu):
            for name, spellings in table.items():
                table[name] = list(dict.fromkeys(spellings))  # stable order, no repeats

    def options(self, district: str, on: date) -> dict[str, list[str]]:
        def usable(spellings: list[_Spelling]) -> list[str]:
            return [s.text for s in spellings if s.effective_from is None or s.effective_from <= on]

        return {
            "canonical": [district],
            "variant": usable(self.variants[district]),
            "urdu": usable(self.urdu[district]),
            "unresolvable": list(_TYPOS.get(district, _BLANK_DISTRICTS)),
        }


@lru_cache(maxsize=1)
def _typing() -> _DistrictTyping:
    return _DistrictTyping()


def district_spellings(district: str, on: date | datetime) -> dict[str, list[str]]:
    """Texts an operator might type for a district on a date, by kind (for tests and docs)."""
    if district not in _typing().variants:
        raise KeyError(f"not a Census-2023 district: {district!r}")
    return _typing().options(district, _as_date(on))


def typed_district(
    generator: np.random.Generator,
    district: str,
    on: date | datetime,
    messiness: Messiness,
) -> tuple[str, str]:
    """The district as an operator typed it, and which kind of typing that was.

    Kinds: canonical, variant (resolves through normalisation, aliases or lineage), urdu
    (resolves through the alias table) and unresolvable (one of DELIBERATELY_UNRESOLVABLE).
    A district with no Urdu or no other spelling on file is typed canonically instead.
    """
    u = generator.random()
    m = messiness
    if u < m.district_unresolvable:
        kind = "unresolvable"
    elif u < m.district_unresolvable + m.urdu_text:
        kind = "urdu"
    elif u < m.district_unresolvable + m.urdu_text + m.district_variant:
        kind = "variant"
    else:
        return district, "canonical"
    choices = district_spellings(district, on)[kind]
    if not choices:
        return district, "canonical"
    return choices[int(generator.integers(len(choices)))], kind


def malformed_date(generator: np.random.Generator, true_date: date) -> str:
    """A date field as a hurried operator might leave it: impossible, blank or in words."""
    y, m, d = true_date.year, true_date.month, true_date.day
    forms = (
        f"31/02/{y}",
        f"{y}-13-{d:02d}",
        f"{y}-{m:02d}-00",
        "",
        "yesterday",
        "N/A",
    )
    return forms[int(generator.integers(len(forms)))]


def _case_variants(name: str) -> list[str]:
    out = [
        name.upper(),
        name.lower(),
        f"{name} District",
        f"{name.lower()} district",
        f"Distt. {name}",
        f"{name} ",
    ]
    if " " in name:
        out += [name.replace(" ", ""), name.replace(" ", "-")]
    for suffix in _SPLITTABLE_SUFFIXES:
        head = name[: -len(suffix)]
        if name.lower().endswith(suffix) and len(head) > 2 and not head.endswith(" "):
            out.append(f"{head} {suffix.capitalize()}")
    return out


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_Built = TypeVar("_Built")


def csv_text(header: tuple[str, ...], rows: list[list[str]], *, delimiter: str = ",") -> str:
    """A CSV export as a Windows program writes it: a header row, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def replace_file(path: Path, data: bytes) -> None:
    """Write beside ``path`` and rename in, so a killed run never leaves half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def build_file(target: Path, build: Callable[[Path], _Built]) -> _Built:
    """Let ``build`` write a new file beside ``target``, then rename it in: a killed run
    never leaves half a database, and the build always starts from an empty file, so the
    same seed gives the same bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    made = build(partial)
    os.replace(partial, target)
    return made
