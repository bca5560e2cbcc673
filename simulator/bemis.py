"""Simulated Balochistan Education MIS: one annual school census workbook a year.

Everything here is synthetic. The world: about 15,000 government schools at scale 1 (the
DESIGN.md §4 planning figure for the latest census; not a published statistic), placed in
districts in proportion to the Census-2023 population and in tehsils in proportion to the
tehsil population, urban or rural by the district's Census-2023 urban share. Schools open
and close, are upgraded, fall non-functional for a while and gain facilities over the ten
census years 2016-17 .. 2025-26. Mixed schools' girls' share follows the district's
Census-2023 female share of primary-age enrolment, so district rankings have a real shape.

What departments really send is reproduced: each year's workbook has its own layout
(``bemis_layouts``), districts are typed by hand (``common.typed_district``; sub-districts
such as Hub only once they exist, and a school in a district created in 2017 is reported
under its parent before), blank rows, a totals row, Urdu school names and answers, and at
``Messiness`` rates: duplicated school rows, missing EMIS codes and non-numeric enrolment.

The workbooks are dropped in ``<out>/bemis/inbox/`` as the Education Department's annual
files would be.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from simulator import common
from simulator.bemis_layouts import FACILITIES, YEARS, Layout, enrol_column, layout
from simulator.bemis_workbook import write_workbook

SOURCE = "bemis"
# Scale 1: schools in the latest census (DESIGN.md §4 planning figure, "~15,000 schools").
SCHOOLS_AT_SCALE_1 = 15_000
# Synthetic shares (no published figure is claimed for any of them).
_LEVEL_SHARES = {"primary": 0.72, "middle": 0.14, "high": 0.11, "higher_secondary": 0.03}
_GENDER_SHARES = {"boys": 0.52, "girls": 0.33, "mixed": 0.15}
_OPEN_BEFORE_FIRST_CENSUS = 0.90
_CLOSE_SHARE = 0.04  # of schools close at some point in the ten years
_NON_FUNCTIONAL_SHARE = 0.08  # have a non-functional spell
_UPGRADE_SHARE = 0.03
_CLASS_SIZE = 24.0  # mean pupils in katchi/ECE of a typical rural school, both genders
_CLASS_DECAY = 0.90  # each class is a little smaller than the one before (drop-out)
_TEACHERS = {"primary": 2.0, "middle": 5.0, "high": 11.0, "higher_secondary": 19.0}
_LAST_CLASS = {"primary": 5, "middle": 8, "high": 10, "higher_secondary": 12}
_FACILITY_BASE = {  # share with the facility at the first census: rural, urban
    "electricity": (0.22, 0.70),
    "drinking_water": (0.30, 0.70),
    "toilets": (0.35, 0.80),
    "boundary_wall": (0.45, 0.85),
    "it_lab": (0.01, 0.06),
}
_FACILITY_GAIN = {
    "electricity": 0.03,
    "drinking_water": 0.03,
    "toilets": 0.035,
    "boundary_wall": 0.03,
    "it_lab": 0.006,
}  # yearly gain, of those without
_JUNK_NUMBERS = ("l2", "N/A", "twelve", "12 boys", "?", "1O")
_PLACES = ("Killi", "Goth", "Kalay", "Basti", "Mohalla", "Dera")
_PEOPLE = (
    "Shah Muhammad",
    "Lal Bux",
    "Haji Abdullah",
    "Mir Hassan",
    "Nawab Khan",
    "Gul Muhammad",
    "Sardar Khan",
    "Juma Khan",
    "Pir Bux",
    "Allah Dad",
    "Faiz Muhammad",
    "Dost Muhammad",
    "Karim Bux",
    "Sher Jan",
    "Malik Noor",
    "Khuda Bux",
    "Rahim Dad",
    "Wali Muhammad",
    "Ghulam Rasool",
    "Nabi Bux",
    "Mullah Ismail",
    "Saeed Khan",
    "Taj Muhammad",
    "Baran Khan",
)
_URDU_PREFIX = {
    "primary": "گورنمنٹ پرائمری سکول",
    "middle": "گورنمنٹ مڈل سکول",
    "high": "گورنمنٹ ہائی سکول",
    "higher_secondary": "گورنمنٹ ہائر سیکنڈری سکول",
}
_URDU_PLACES = ("کلی شاہ محمد", "گوٹھ لال بخش", "کلی حاجی عبداللہ", "محلہ میر حسن", "کلی گل محمد")
_PREFIX = {"primary": "PS", "middle": "MS", "high": "HS", "higher_secondary": "HSS"}
# Sub-district units a school is reported under once they exist (lineage seed dates),
# by the Census-2023 tehsil they cover.
_SUB_UNITS = {
    ("Lasbela", "HUB"): "Hub",
    ("Jaffarabad", "USTA MUHAMMAD"): "Usta Muhammad",
    ("Sibi", "LEHRI"): "Lehri",
}


def census_date(year: str) -> date:
    """The census reference date assumed for a school year: 31 October of its first year."""
    return date(int(year[:4]), 10, 31)


@dataclass
class _World:
    emis: list[str]
    district: list[str]
    tehsil: list[str]
    urban: np.ndarray
    level: list[str]
    upgraded_to: list[str | None]
    upgrade_at: np.ndarray  # year index of the upgrade (large = never)
    gender: list[str]
    opened: np.ndarray
    closed: np.ndarray  # year index from which the school no longer exists (large = never)
    nf_from: np.ndarray
    nf_to: np.ndarray
    facility_from: dict[str, np.ndarray]  # year index from which it has the facility
    size: np.ndarray
    girls_share: np.ndarray
    name: list[str]
    urdu_name: list[str]


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    """Write every census year's workbook into ``out_dir/bemis/inbox``."""
    summary = generate(out_dir / SOURCE / "inbox", scale=scale, seed=seed)
    summary["files"] = [str(Path(SOURCE) / "inbox" / f) for f in summary["files"]]
    return summary


def generate(
    inbox: Path,
    *,
    scale: float,
    seed: int,
    years: tuple[str, ...] = YEARS,
    messiness: common.Messiness | None = None,
) -> dict:
    messiness = messiness or common.Messiness()
    world = _world(scale, seed)
    injected: Counter = Counter()
    rows = Counter()
    files = []
    for year in years:
        lay = layout(year)
        records = _year_rows(world, lay, seed, messiness, injected)
        write_workbook(inbox / lay.file_name, lay, records)
        files.append(lay.file_name)
        schools = [r for r in records if r is not None]
        rows["school_rows"] += len(schools)
        rows["enrolment_values"] += sum(
            1 for r in schools for k, v in r.items() if k.startswith("enrol_") and v is not None
        )
        rows["teacher_values"] += sum(
            1 for r in schools for k, v in r.items() if k.startswith("teachers_") and v is not None
        )
    return {
        "rows": dict(rows),
        "files": files,
        "injected": dict(sorted(injected.items())),
        "years": list(years),
        "synthetic": True,
    }


def _world(scale: float, seed: int) -> _World:
    gen = common.rng(seed, SOURCE, "world")
    n_years = len(YEARS)
    # Enough schools that about SCHOOLS_AT_SCALE_1 exist in the last census.
    n = max(int(round(SCHOOLS_AT_SCALE_1 * scale / (1 - _CLOSE_SHARE * 0.5))), 10)
    districts = common.pick_districts(gen, n)
    urban_share = {d.name: _urban_shares()[d.pcode] for d in common.districts()}
    girls_primary = _girls_primary_share()
    tehsils = _tehsils()
    never = 10_000

    def pick(shares: dict[str, float], size: int) -> list[str]:
        keys = list(shares)
        return [keys[i] for i in gen.choice(len(keys), size=size, p=list(shares.values()))]

    level = pick(_LEVEL_SHARES, n)
    gender = pick(_GENDER_SHARES, n)
    urban = gen.random(n) < np.array([urban_share[d] for d in districts])
    opened = np.where(gen.random(n) < _OPEN_BEFORE_FIRST_CENSUS, 0, gen.integers(1, n_years, n))
    closed = np.where(
        gen.random(n) < _CLOSE_SHARE, np.minimum(opened + gen.integers(1, n_years, n), never), never
    )
    nf_from = np.where(gen.random(n) < _NON_FUNCTIONAL_SHARE, gen.integers(0, n_years, n), never)
    nf_to = nf_from + gen.integers(1, 4, n)
    upgrade_at = np.where(gen.random(n) < _UPGRADE_SHARE, gen.integers(1, n_years, n), never)
    next_level = {"primary": "middle", "middle": "high", "high": "higher_secondary"}
    upgraded_to = [
        next_level.get(lv, lv) if at < never else None
        for lv, at in zip(level, upgrade_at, strict=True)
    ]
    district_factor = {d.name: float(np.exp(gen.normal(0, 0.35))) for d in common.districts()}
    facility_from = {}
    for facility, (rural, urb) in _FACILITY_BASE.items():
        base = np.where(urban, urb, rural) * np.array([district_factor[d] for d in districts])
        if facility == "it_lab":  # computer labs are for high and higher secondary schools
            base = base * np.array(
                [6.0 if lv in ("high", "higher_secondary") else 0.2 for lv in level]
            )
        has_at_start = gen.random(n) < np.clip(base, 0, 0.97)
        # Years until a school without it gains it: geometric with the yearly gain.
        gain = np.clip(
            _FACILITY_GAIN[facility] * np.array([district_factor[d] for d in districts]), 0.001, 0.5
        )
        wait = gen.geometric(gain)
        facility_from[facility] = np.where(has_at_start, 0, wait)
    size = np.exp(gen.normal(0, 0.45, n)) * np.where(urban, 1.6, 1.0)
    girls_share = np.array([girls_primary[d] for d in districts])
    tehsil = []
    for d in districts:
        names, weights = tehsils[d]
        tehsil.append(names[int(gen.choice(len(names), p=weights))])
    index = {d.name: i + 1 for i, d in enumerate(common.districts())}
    emis = [f"3{index[d]:02d}{i:05d}" for i, d in enumerate(districts)]
    place = gen.integers(0, len(_PLACES), n)
    person = gen.integers(0, len(_PEOPLE), n)
    name = [f"{_PLACES[p]} {_PEOPLE[q]}" for p, q in zip(place, person, strict=True)]
    urdu_name = [_URDU_PLACES[int(q) % len(_URDU_PLACES)] for q in person]
    return _World(
        emis,
        districts,
        tehsil,
        urban,
        level,
        upgraded_to,
        upgrade_at,
        gender,
        opened,
        closed,
        nf_from,
        nf_to,
        facility_from,
        size,
        girls_share,
        name,
        urdu_name,
    )


def _year_rows(
    world: _World, lay: Layout, seed: int, messiness: common.Messiness, injected: Counter
) -> list[dict[str, object] | None]:
    k = YEARS.index(lay.year)
    on = census_date(lay.year)
    gen = common.rng(seed, SOURCE, "counts", lay.year)
    mess = common.rng(seed, SOURCE, "mess", lay.year)
    values = lay.values
    offered_classes = set(lay.classes)
    rows: list[dict[str, object] | None] = []
    serial = 0
    for i in range(len(world.emis)):
        if not world.opened[i] <= k < world.closed[i]:
            continue
        level = world.upgraded_to[i] if k >= world.upgrade_at[i] else world.level[i]
        functional = not world.nf_from[i] <= k < world.nf_to[i]
        school_gender = world.gender[i]
        serial += 1
        row: dict[str, object] = {
            "S.No": serial,
            "Sr. No.": serial,
            "emis_code": int(world.emis[i]) if lay.codes_as_numbers else world.emis[i],
            "school_name": _school_name(world, i, level, school_gender, mess, messiness, injected),
            "district": _typed_district(
                world.district[i], world.tehsil[i], on, mess, messiness, injected
            ),
            "tehsil": world.tehsil[i].title(),
            "level": values.level[level],
            "school_gender": values.gender[school_gender],
            "location": values.location["urban" if world.urban[i] else "rural"],
            "functional_status": values.status["functional" if functional else "non_functional"],
        }
        for facility in FACILITIES:
            has = world.facility_from[facility][i] <= k
            answer = values.yes if has else values.no
            if values.urdu_yes_no and mess.random() < messiness.urdu_text:
                answer = "ہاں" if has else "نہیں"
            if mess.random() < messiness.blank_value / 2:
                answer = None  # the operator skipped the question
            row[facility] = answer
        if functional:
            row |= _enrolment(world, i, level, school_gender, k, offered_classes, gen)
            male, female = _teachers(level, school_gender, world.size[i], gen)
        else:
            male, female = 0, 0
        row["teachers_male"], row["teachers_female"] = male, female
        if lay.year >= "2025-26":
            row["Solar Panel"] = "Yes" if mess.random() < 0.1 else "No"
        if mess.random() < 0.01:
            row["Remarks"] = (
                "Building damaged in 2022 floods" if mess.random() < 0.5 else ("عمارت خستہ حال ہے")
            )
        _mess_up(row, mess, messiness, injected)
        rows.append(row)
        if mess.random() < messiness.duplicated_row:
            rows.append(dict(row))  # entered twice by the operator
            injected["duplicated_school_row"] += 1
        if mess.random() < 0.002:
            rows.append(None)  # a blank spacer row
            injected["blank_row"] += 1
    return rows


def _school_name(
    world: _World,
    i: int,
    level: str,
    gender: str,
    mess: np.random.Generator,
    messiness: common.Messiness,
    injected: Counter,
) -> str:
    if mess.random() < messiness.urdu_text:
        injected["urdu_school_name"] += 1
        return f"{_URDU_PREFIX[level]} {world.urdu_name[i]}"
    prefix = {"boys": "GB", "girls": "GG", "mixed": "G"}[gender] + _PREFIX[level]
    return f"{prefix} {world.name[i]}"


def _typed_district(
    district: str,
    tehsil: str,
    on: date,
    mess: np.random.Generator,
    messiness: common.Messiness,
    injected: Counter,
) -> str:
    reported = _district_as_of(district, on)
    unit = _SUB_UNITS.get((district, tehsil))
    if unit and _unit_exists(unit, on) and mess.random() < 0.7:
        injected["district_sub_unit"] += 1
        return unit
    typed, kind = common.typed_district(mess, reported, on, messiness)
    if kind != "canonical":
        injected[f"district_{kind}"] += 1
    if reported != district:
        injected["district_reported_as_parent"] += 1
    return typed


def _district_as_of(district: str, on: date) -> str:
    """A district created after ``on`` is reported under the district it split from."""
    for row in _lineage():
        if (
            row["unit_name"] == district
            and row["event"] == "split_from"
            and date.fromisoformat(row["effective_from"]) > on
        ):
            return row["parent_district"]
    return district


def _unit_exists(unit: str, on: date) -> bool:
    for row in _lineage():
        if row["unit_name"] == unit:
            since = date.fromisoformat(row["effective_from"])
            # Lehri was a district before it merged into Sibi; afterwards a sub-division.
            return True if row["event"] == "merged_into" else since <= on
    return False


def _enrolment(
    world: _World,
    i: int,
    level: str,
    gender: str,
    k: int,
    offered: set[str],
    gen: np.random.Generator,
) -> dict[str, int]:
    last = _LAST_CLASS[level]
    classes = ["ece", *(str(c) for c in range(1, last + 1))]
    out = {}
    growth = 1.015**k
    for position, klass in enumerate(classes):
        if klass not in offered:
            continue
        mean = _CLASS_SIZE * (_CLASS_DECAY**position) * world.size[i] * growth
        if gender == "boys":
            girls = 0.10 if position <= 5 else 0.0  # a few girls sit in boys' primary classes
        elif gender == "girls":
            girls = 0.97 if position <= 2 else 1.0
        else:
            girls = world.girls_share[i] * (0.93 ** max(position - 5, 0))
        out[enrol_column(klass, "boys")] = int(gen.poisson(mean * (1 - girls)))
        out[enrol_column(klass, "girls")] = int(gen.poisson(mean * girls))
    return out


def _teachers(level: str, gender: str, size: float, gen: np.random.Generator) -> tuple[int, int]:
    total = max(1, int(gen.poisson(_TEACHERS[level] * min(size, 2.5))))
    female_share = {"boys": 0.05, "girls": 0.97, "mixed": 0.35}[gender]
    female = int(gen.binomial(total, female_share))
    return total - female, female


def _mess_up(
    row: dict[str, object],
    mess: np.random.Generator,
    messiness: common.Messiness,
    injected: Counter,
) -> None:
    if mess.random() < messiness.blank_value / 4:
        row["emis_code"] = None
        injected["missing_emis_code"] += 1
    if mess.random() < messiness.malformed_date:
        cells = [k for k, v in row.items() if k.startswith("enrol_") and v is not None]
        if cells:
            cell = cells[int(mess.integers(len(cells)))]
            row[cell] = _JUNK_NUMBERS[int(mess.integers(len(_JUNK_NUMBERS)))]
            injected["non_numeric_enrolment"] += 1


def _read_seed(name: str) -> list[dict[str, str]]:
    with (common.SEEDS_DIR / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _lineage() -> tuple[dict[str, str], ...]:
    return tuple(_read_seed("district_lineage.csv"))


@lru_cache(maxsize=1)
def _urban_shares() -> dict[str, float]:
    """Census 2023 urban share of the population, by district P-code."""
    return {
        row["pcode"]: float(row["urban_share_2023_pct"]) / 100
        for row in _read_seed("reference/districts.csv")
    }


def _girls_primary_share() -> dict[str, float]:
    """Census 2023 female share of people enrolled at primary level, by district."""
    shares = {}
    for row in _read_seed("reference/census2023_education_districts.csv"):
        total = int(row["enrolment_primary_all"])
        shares[row["district"]] = int(row["enrolment_primary_female"]) / total if total else 0.4
    return shares


def _tehsils() -> dict[str, tuple[list[str], list[float]]]:
    by_district: dict[str, list[tuple[str, int]]] = {}
    for row in _read_seed("reference/census2023_tehsils.csv"):
        by_district.setdefault(row["district"], []).append(
            (row["tehsil_pbs"], int(row["population_2023"]))
        )
    out = {}
    for district, items in by_district.items():
        total = sum(p for _, p in items)
        out[district] = ([t for t, _ in items], [p / total for _, p in items])
    return out
