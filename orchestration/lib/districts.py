"""Resolve a district name as a source typed it to a Census-2023 district.

Exact only: normalise the text, then look it up among the 34 district names, the alias
tables and the lineage units (sub-districts and post-census districts that fold into a
Census-2023 district). Nothing fuzzy is ever applied; a close candidate is only offered as
a suggestion for a person to confirm by adding an alias row.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestration.lib import settings

# Words officials append to a district's name that do not change which district it is.
_NOISE_WORDS = {"district", "distt", "dist", "zila", "zilla", "ضلع"}
# The same word in the common romanisations ("Qilla Saifullah", "Qila Abdullah").
_TRANSLITERATIONS = {"qilla": "killa", "qila": "killa", "kila": "killa"}
_PUNCTUATION = re.compile(r"[\s\.\,\-\_\/\\\(\)\'\"\u200c\u200f\u200e]+")


@dataclass(frozen=True)
class District:
    pcode: str
    name: str
    division: str


@dataclass(frozen=True)
class Resolution:
    """A name that resolved: the unit it names and the Census-2023 district it folds into."""

    unit_name: str
    district: District
    via: str  # census_name | alias | lineage


def normalise(name: str | None) -> str:
    if name is None:
        return ""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    tokens = [t for t in _PUNCTUATION.split(text) if t]
    tokens = [_TRANSLITERATIONS.get(t, t) for t in tokens if t not in _NOISE_WORDS]
    # Spaces are dropped last so "Musa Khel" and "Musakhel", "Sohbat Pur" and "Sohbatpur" meet.
    return "".join(tokens)


class DistrictResolver:
    def __init__(self, seeds_dir: Path | None = None) -> None:
        seeds = seeds_dir or settings.SEEDS_DIR
        self.districts: dict[str, District] = {}
        by_name: dict[str, District] = {}
        for row in _read_csv(seeds / "reference" / "districts.csv"):
            d = District(row["pcode"], row["district"], row["division"])
            self.districts[d.pcode] = d
            by_name[d.name] = d

        # unit name -> Census-2023 district it folds into
        units: dict[str, District] = dict(by_name)
        for row in _read_csv(seeds / "district_lineage.csv"):
            units.setdefault(row["unit_name"], by_name[row["harmonised_district"]])
        units.setdefault("Bolan", by_name["Kachhi"])

        self._lookup: dict[str, tuple[str, District, str]] = {}
        for name, district in units.items():
            via = "census_name" if name in by_name else "lineage"
            self._lookup.setdefault(normalise(name), (name, district, via))
        for path in (seeds / "reference" / "aliases.csv", seeds / "district_aliases.csv"):
            for row in _read_csv(path):
                unit = row["canonical"]
                self._lookup.setdefault(normalise(row["alias"]), (unit, units[unit], "alias"))

    def resolve(self, name: str | None) -> Resolution | None:
        hit = self._lookup.get(normalise(name))
        return Resolution(*hit) if hit else None

    def suggest(self, name: str | None, n: int = 3) -> str | None:
        """Closest known names, for a person to confirm; never applied automatically."""
        key = normalise(name)
        if not key:
            return None
        close = difflib.get_close_matches(key, list(self._lookup), n=n, cutoff=0.6)
        names = list(dict.fromkeys(self._lookup[k][0] for k in close))
        return "; ".join(names) if names else None


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=4)
def _cached(seeds_dir: Path, mtime: float) -> DistrictResolver:
    return DistrictResolver(seeds_dir)


def resolver() -> DistrictResolver:
    """The resolver for the current alias tables; rebuilt when a data engineer edits one."""
    seeds = settings.SEEDS_DIR
    mtime = max(
        p.stat().st_mtime
        for p in (
            seeds / "district_aliases.csv",
            seeds / "district_lineage.csv",
            seeds / "reference" / "aliases.csv",
        )
    )
    return _cached(seeds, mtime)
