"""Stand-in for the P&D Department's Participatory Information System (pis). Synthetic data.

The real PIS holds the province's development schemes (the Annual Development Programme,
ADP, and federally funded PSDP schemes executed in Balochistan): each scheme's sector,
district, estimated cost, the year's allocation, and every quarter the releases,
expenditure and physical progress the executing agency reports. The warehouse reads it
through its REST JSON API; ``simulator.pis_api`` serves this database that way.

Scale 1 is about 6,000 schemes a year (the planning figure of DESIGN.md §4), from fiscal
year 2016-17 to the current one. Costs, allocations and progress are invented to look
plausible (PKR million); they are not published statistics.

Written to ``pis/pis.sqlite``: ``schemes`` (one row per scheme per fiscal year, as the API
returns it, in JSON) and ``progress`` (one row per scheme per quarter reported), including
the messy rows a real system accumulates.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

from simulator import common
from simulator.common import Messiness

SOURCE = "pis"
DB_FILE = "pis.sqlite"
FIRST_FISCAL_YEAR = 2016  # FY 2016-17, July to June
ANNUAL_SCHEMES = 6_000  # at scale 1
CLIENTS = {"bgw-warehouse": "bgw-demo-secret"}  # client credentials the demo connector uses
# From FY 2025-26 the API (v1.3) calls estimated_cost "cost_estimate": a real rename the
# connector maps explicitly (orchestration/defs/pis/api.py FIELD_ALIASES).
RENAMED_FROM_FY = 2025
RENAMES = {"estimated_cost": "cost_estimate"}
PROVINCIAL = ("Provincial", "Balochistan", "Multiple Districts")

# sector: (share of schemes, executing agency, name templates)
SECTORS: dict[str, tuple[float, str, tuple[str, ...]]] = {
    "Education": (
        0.17,
        "Education Department",
        (
            "Upgradation of Government Girls Middle School to High School, {place}",
            "Construction of additional classrooms, Government Boys High School {place}",
            "Provision of missing facilities in primary schools, {place}",
        ),
    ),
    "Health": (
        0.10,
        "Health Department",
        (
            "Construction of BHU at {place}",
            "Upgradation of RHC {place} to THQ Hospital",
            "Provision of equipment to DHQ Hospital {place}",
        ),
    ),
    "Water Supply & Sanitation": (
        0.14,
        "Public Health Engineering Department",
        (
            "Water supply scheme {place}",
            "Solarisation of water supply scheme {place}",
            "Rehabilitation of water supply scheme {place}",
        ),
    ),
    "Roads": (
        0.20,
        "Communication & Works Department",
        (
            "Blacktopping of road from {place} to {place2}",
            "Construction of bridge at {place}",
            "Widening and improvement of road {place} to {place2}",
        ),
    ),
    "Irrigation": (
        0.09,
        "Irrigation Department",
        (
            "Construction of check dam at {place}",
            "Construction of delay action dam {place}",
            "Lining of karez and channels, {place}",
        ),
    ),
    "Agriculture": (
        0.05,
        "Agriculture Department",
        (
            "Development of fruit orchards, {place}",
            "Installation of solar tube wells for farmers, {place}",
        ),
    ),
    "Energy": (
        0.05,
        "Energy Department",
        (
            "Electrification of villages, {place}",
            "Provision of solar systems to households, {place}",
        ),
    ),
    "Local Government": (
        0.08,
        "Local Government & Rural Development Department",
        (
            "Construction of drainage and streets, {place}",
            "Construction of community hall, {place}",
        ),
    ),
    "Sports & Youth": (
        0.04,
        "Sports Department",
        (
            "Construction of sports complex, {place}",
            "Construction of cricket ground, {place}",
        ),
    ),
    "Social Welfare": (
        0.03,
        "Social Welfare Department",
        (
            "Construction of Darul Aman, {place}",
            "Vocational training centre for women, {place}",
        ),
    ),
    "Information Technology": (
        0.02,
        "Information Technology Department",
        (
            "Establishment of IT centre, {place}",
            "e-Governance: automation of district offices, {place}",
        ),
    ),
    "Urban Planning": (
        0.03,
        "Urban Planning & Development Department",
        (
            "Beautification of {place} city",
            "Construction of bus terminal, {place}",
        ),
    ),
}


@dataclass(frozen=True)
class PisMessiness:
    """Rates (0-1) of what goes wrong in the scheme register and the quarterly returns."""

    wrong_type: float = 0.004  # "N/A", "1,250.5" in an amount; "31/02/2024" in a date
    impossible_amounts: float = 0.004  # expenditure > releases, releases > allocation
    duplicated_row: float = 0.003  # the same scheme or return listed twice
    missing_return: float = 0.05  # a quarter the executing agency never reported
    provincial: float = 0.08  # schemes for the whole province, no single district

    def __post_init__(self) -> None:
        for f in fields(self):
            if not 0.0 <= getattr(self, f.name) <= 1.0:
                raise ValueError(f"PisMessiness.{f.name} must be between 0 and 1")


def fiscal_year(start_year: int) -> str:
    """2024 -> '2024-25' (July 2024 to June 2025)."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def quarter_label(start_year: int, q: int) -> str:
    """The PIS label of a fiscal quarter: Q1 = July to September."""
    return f"{fiscal_year(start_year)}-Q{q}"


def quarter_bounds(start_year: int, q: int) -> tuple[date, date]:
    """[first day, last day] of fiscal quarter q of the year starting July ``start_year``."""
    month = 7 + 3 * (q - 1)
    year = start_year + (month > 12)
    month = (month - 1) % 12 + 1
    first = date(year, month, 1)
    nxt = date(year + (month + 3 > 12), (month + 2) % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def fiscal_years(as_of: datetime) -> list[int]:
    last = as_of.year if as_of.month >= 7 else as_of.year - 1
    return list(range(FIRST_FISCAL_YEAR, last + 1))


@dataclass
class _Scheme:
    scheme_id: int
    sector: str
    district: str | None  # None: a provincial scheme
    programme: str
    name: str
    cost: float
    start: date
    planned_end: date
    first_year: int
    spent: float = 0.0
    progress: float = 0.0
    done: bool = False


def generate(
    db_path: Path,
    *,
    scale: float,
    seed: int,
    as_of: datetime = common.DEFAULT_AS_OF,
    messiness: PisMessiness | None = None,
    district_messiness: Messiness | None = None,
) -> dict[str, int]:
    """Write the PIS database at ``db_path`` (must not exist) and return row counts."""
    messiness = messiness or PisMessiness()
    district_messiness = district_messiness or Messiness()
    tehsils = _places()
    g = common.rng(seed, SOURCE, "schemes")
    schemes: list[_Scheme] = []
    next_id = 10_001
    scheme_rows: list[tuple[str, int, str]] = []
    progress_rows: list[tuple[str, str, int, str]] = []
    for fy in fiscal_years(as_of):
        active = [s for s in schemes if not s.done]
        target = round(ANNUAL_SCHEMES * scale * (0.85 + 0.03 * (fy - FIRST_FISCAL_YEAR)))
        for _ in range(max(0, target - len(active))):
            schemes.append(_new_scheme(g, next_id, fy, tehsils, messiness))
            active.append(schemes[-1])
            next_id += 1
        fy_start = date(fy, 7, 1)
        gs_numbers = g.permutation(len(active)) + 1
        for number, scheme in zip(gs_numbers, active, strict=True):
            allocation = round(_allocation(g, scheme), 2)
            typed, _ = (
                (scheme.district, "canonical")
                if scheme.district is None
                else common.typed_district(g, scheme.district, fy_start, district_messiness)
            )
            status = "new" if scheme.first_year == fy else "ongoing"
            payload = {
                "id": scheme.scheme_id,
                "gs_no": f"{scheme.programme}/{fiscal_year(fy)}/{int(number):04d}",
                "name": scheme.name,
                "sector": scheme.sector,
                "programme": scheme.programme,
                "district": typed if scheme.district else PROVINCIAL[scheme.scheme_id % 3],
                "executing_agency": SECTORS[scheme.sector][1],
                "estimated_cost": scheme.cost,
                "allocation": allocation,
                "start_date": scheme.start.isoformat(),
                "planned_completion_date": scheme.planned_end.isoformat(),
                "status": status,
                "fiscal_year": fiscal_year(fy),
                "updated_at": datetime(fy, 6, 1, 10, 0).isoformat() + "Z",
            }
            returns = _quarterly_returns(g, scheme, fy, allocation, as_of, messiness)
            if scheme.done:
                payload["status"] = "completed"
            _mess_scheme(g, payload, messiness)
            scheme_rows.append((fiscal_year(fy), scheme.scheme_id, json.dumps(payload)))
            if g.random() < messiness.duplicated_row:
                again = {**payload, "updated_at": datetime(fy, 9, 3, 16, 30).isoformat() + "Z"}
                scheme_rows.append((fiscal_year(fy), scheme.scheme_id, json.dumps(again)))
            for q, record in returns:
                label = quarter_label(fy, q)
                progress_rows.append((label, fiscal_year(fy), scheme.scheme_id, json.dumps(record)))
                if g.random() < messiness.duplicated_row:
                    progress_rows.append(
                        (label, fiscal_year(fy), scheme.scheme_id, json.dumps(record))
                    )
    _write(db_path, scheme_rows, progress_rows, scale=scale, seed=seed, as_of=as_of)
    return {
        "schemes": len(scheme_rows),
        "scheme_progress": len(progress_rows),
        "distinct_schemes": len(schemes),
    }


def _places() -> dict[str, list[str]]:
    import csv

    out: dict[str, list[str]] = {}
    path = common.SEEDS_DIR / "reference" / "census2023_tehsils.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["district"], []).append(row["tehsil_pbs"].title())
    return out


def _new_scheme(
    g: np.random.Generator,
    scheme_id: int,
    fy: int,
    tehsils: dict[str, list[str]],
    messiness: PisMessiness,
) -> _Scheme:
    names = list(SECTORS)
    shares = np.array([SECTORS[n][0] for n in names])
    sector = names[int(g.choice(len(names), p=shares / shares.sum()))]
    provincial = g.random() < messiness.provincial
    district = None if provincial else common.pick_districts(g, 1)[0]
    places = tehsils.get(district or "Quetta", ["Quetta"])
    place = places[int(g.integers(len(places)))]
    place2 = places[int(g.integers(len(places)))] if len(places) > 1 else f"{place} Bazar"
    templates = SECTORS[sector][2]
    name = templates[int(g.integers(len(templates)))].format(place=place, place2=place2)
    if provincial:
        name = name.replace(place, "various districts").replace(place2, "various districts")
    cost = round(float(np.clip(g.lognormal(np.log(60.0), 1.0), 2.0, 25_000.0)), 2)
    start = date(fy, 7, 1) + timedelta(days=int(g.integers(0, 300)))
    years = int(g.choice([1, 2, 3, 4, 5], p=[0.25, 0.35, 0.2, 0.12, 0.08]))
    planned_end = start + timedelta(days=365 * years)
    programme = "PSDP" if g.random() < 0.15 else "ADP"
    return _Scheme(scheme_id, sector, district, programme, name, cost, start, planned_end, fy)


def _allocation(g: np.random.Generator, scheme: _Scheme) -> float:
    remaining = max(scheme.cost - scheme.spent, 0.05 * scheme.cost)
    return min(remaining, remaining * float(g.uniform(0.25, 0.8)) + 0.5)


def _quarterly_returns(
    g: np.random.Generator,
    scheme: _Scheme,
    fy: int,
    allocation: float,
    as_of: datetime,
    messiness: PisMessiness,
) -> list[tuple[int, dict]]:
    """The year's quarterly returns reported by ``as_of``; moves the scheme on a year."""
    out = []
    released_share = np.cumsum(g.dirichlet([2.0, 2.0, 2.0, 3.0])) * float(g.uniform(0.7, 1.0))
    year_expenditure, year_progress = 0.0, scheme.progress
    for q in (1, 2, 3, 4):
        _, last_day = quarter_bounds(fy, q)
        reported = last_day + timedelta(days=int(g.integers(8, 45)))
        if datetime.combine(reported, datetime.min.time()) > as_of:
            break
        # Releases and expenditure are cumulative within the fiscal year.
        releases = round(allocation * float(released_share[q - 1]), 2)
        expenditure = round(releases * float(g.uniform(0.55, 1.0)), 2)
        done_share = (scheme.spent + expenditure) / scheme.cost * float(g.uniform(0.85, 1.1))
        progress = round(max(min(100.0, done_share * 100), scheme.progress), 1)
        year_expenditure, year_progress = expenditure, progress
        record = {
            "scheme_id": scheme.scheme_id,
            "quarter": quarter_label(fy, q),
            "releases": releases,
            "expenditure": expenditure,
            "physical_progress_pct": progress,
            "reported_on": reported.isoformat(),
            "remarks": "Work in progress" if progress < 100 else "Physically completed",
        }
        if g.random() >= messiness.missing_return:
            _mess_progress(g, record, messiness)
            out.append((q, record))
    scheme.spent += year_expenditure
    scheme.progress = year_progress
    scheme.done = scheme.progress >= 99.5 or scheme.spent >= 0.97 * scheme.cost
    return out


def _mess_scheme(g: np.random.Generator, payload: dict, m: PisMessiness) -> None:
    u = g.random()
    if u < m.wrong_type:
        field, bad = [
            ("allocation", "N/A"),
            ("estimated_cost", "1,250.5"),
            ("start_date", "31/02/2024"),
            ("allocation", "12.5 m"),
        ][int(u * 1e6) % 4]
        payload[field] = bad
    elif u < m.wrong_type + m.impossible_amounts:
        payload["allocation"] = round(float(payload["estimated_cost"]) * 1.4, 2)


def _mess_progress(g: np.random.Generator, record: dict, m: PisMessiness) -> None:
    u = g.random()
    if u < m.wrong_type:
        field, bad = [
            ("expenditure", "N/A"),
            ("releases", "1,20,000"),
            ("reported_on", "2024-13-05"),
            ("physical_progress_pct", "complete"),
        ][int(u * 1e6) % 4]
        record[field] = bad
    elif u < m.wrong_type + m.impossible_amounts:
        kind = int(u * 1e6) % 3
        if kind == 0:
            record["expenditure"] = round(record["releases"] * 1.25 + 1, 2)
        elif kind == 1:
            record["releases"] = round(record["releases"] * 3 + 50, 2)
        else:
            record["physical_progress_pct"] = 130.0


def _write(
    db_path: Path, scheme_rows, progress_rows, *, scale: float, seed: int, as_of: datetime
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.executescript(
            """
            create table meta (key text primary key, value text not null);
            create table schemes (row_id integer primary key, fiscal_year text not null,
                                  scheme_id integer not null, payload text not null);
            create table progress (row_id integer primary key, quarter text not null,
                                   fiscal_year text not null, scheme_id integer not null,
                                   payload text not null);
            """
        )
        conn.executemany(
            "insert into schemes (fiscal_year, scheme_id, payload) values (?, ?, ?)", scheme_rows
        )
        conn.executemany(
            "insert into progress (quarter, fiscal_year, scheme_id, payload) values (?, ?, ?, ?)",
            progress_rows,
        )
        conn.executemany(
            "insert into meta values (?, ?)",
            [
                ("synthetic", "true"),
                ("note", "Simulated PIS for the demo and tests; not real data."),
                ("scale", str(scale)),
                ("seed", str(seed)),
                ("as_of", as_of.isoformat()),
                ("clients", json.dumps(CLIENTS)),
                ("renamed_from_fiscal_year", fiscal_year(RENAMED_FROM_FY)),
                ("renames", json.dumps(RENAMES)),
            ],
        )
        conn.execute("create index ix_schemes_fy on schemes (fiscal_year, row_id)")
        conn.execute("create index ix_schemes_id on schemes (scheme_id)")
        conn.execute("create index ix_progress_quarter on progress (quarter, row_id)")
        conn.execute("create index ix_progress_scheme on progress (scheme_id, quarter)")


def db_path(data_dir: Path) -> Path:
    """``data_dir`` may be the simulated-sources folder or its ``pis`` folder."""
    direct = data_dir / DB_FILE
    return direct if direct.exists() else data_dir / SOURCE / DB_FILE


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    """Write ``out_dir/pis/pis.sqlite``, the database ``simulator.pis_api`` serves."""
    target = out_dir / SOURCE / DB_FILE
    rows = common.build_file(target, lambda partial: generate(partial, scale=scale, seed=seed))
    return {
        "rows": rows,
        "files": [target.relative_to(out_dir).as_posix()],
        "serve": f"python -m simulator.pis_api --data {out_dir} --port 8082",
        "messiness": asdict(PisMessiness()),
    }
