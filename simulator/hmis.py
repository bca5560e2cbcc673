"""Stand-in for the Health Department's HMIS, a DHIS2 instance (hmis). Synthetic data only.

The real system is DHIS2: health facilities enter a monthly report (a *data set*) of
counts such as OPD attendance, antenatal visits and vaccinations, and mark it complete
(a *complete data set registration*). The warehouse reads it through the DHIS2 Web API;
``simulator.hmis_api`` serves this world in DHIS2's own JSON formats.

Only what must stay stable is written to disk: the org-unit hierarchy, the data elements,
category option combos and the data set, and the world's parameters (``hmis/world.json``).
Data values and registrations are computed on request, deterministically per
(facility, month) from the seed (``simulator.hmis_values``), so ten years at the
province's scale never sit in memory or on disk.

Scale 1 is about 1,400 facilities and 30 monthly data elements over ten years, the
planning figure of DESIGN.md §4. The facility-type mix and the monthly volumes per type
are invented to look like a provincial primary-care network; they are not published
statistics.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from pathlib import Path

import numpy as np

from simulator import common

SOURCE = "hmis"
WORLD_FILE = "world.json"
FIRST_PERIOD = date(2016, 12, 1)
DUE_DAY = 10  # the monthly report is due by the 10th of the following month

# DHIS2's own identifiers for its built-in "default" category combo and option combo.
DEFAULT_CATEGORY_COMBO = "bjDvmb4bfuf"
DEFAULT_COC = "HllvX50cXC0"

USERS = {"admin": "district", "clerk": "district"}  # DHIS2's demo convention
# clerk may read metadata but not data values: the 403 case a real instance gives a user
# whose role lacks the data set.
DATA_READERS = {"admin"}
API_TOKEN = "d2pat_bgwSimulatedHmisToken0000000001"  # a personal access token for admin


@dataclass(frozen=True)
class HmisMessiness:
    """Rates (0-1) of what goes wrong in a real DHIS2 instance's monthly reporting."""

    non_numeric_value: float = 0.0008  # "12a", "N/A", "twenty" in a number field
    negative_value: float = 0.0004  # "-12" in a count
    duplicated_value: float = 0.0005  # the same data value delivered twice
    orphan_org_unit: float = 0.004  # facilities removed from the hierarchy, values kept
    district_month_missing: float = 0.01  # a whole district silent for a month
    late_report: float = 0.18  # completed after the 10th of the following month
    no_registration: float = 0.02  # values entered but the report never marked complete
    chronic_non_reporter: float = 0.05  # facilities that report about half the months

    def __post_init__(self) -> None:
        for f in fields(self):
            if not 0.0 <= getattr(self, f.name) <= 1.0:
                raise ValueError(f"HmisMessiness.{f.name} must be between 0 and 1")


# Facility types as the Health Department's DHIS2 groups them; count at scale 1 and the
# share of months a facility of the type reports (2016; it improves a little every year).
@dataclass(frozen=True)
class FacilityType:
    code: str
    group_name: str
    count_at_scale_1: int  # DHQ: one per DHIS2 district at any scale
    reporting: float


FACILITY_TYPES = (
    FacilityType("DHQ", "DHQ Hospital", 0, 0.96),
    FacilityType("THQ", "THQ Hospital", 48, 0.93),
    FacilityType("RHC", "Rural Health Centre", 100, 0.88),
    FacilityType("BHU", "Basic Health Unit", 720, 0.83),
    FacilityType("DISP", "Civil Dispensary", 380, 0.74),
    FacilityType("MCH", "MCH Centre", 115, 0.84),
)
FACILITY_TYPE_GROUP_SET = "Facility Type"
FACILITY_LABELS = {
    "DHQ": "DHQ Hospital",
    "THQ": "THQ Hospital",
    "RHC": "RHC",
    "BHU": "BHU",
    "DISP": "Civil Dispensary",
    "MCH": "MCH Centre",
}

# How the Health Department's DHIS2 names some districts: spellings the warehouse's alias
# table resolves (an admin types them once, they stay for years).
DHIS2_DISTRICT_NAMES = {
    "Kech": "Kech (Turbat)",
    "Killa Saifullah": "Qilla Saifullah",
    "Killa Abdullah": "Qila Abdullah",
    "Surab": "Shaheed Sikandarabad",
    "Chagai": "Chaghi",
    "Kachhi": "Kachhi (Bolan)",
    "Sohbatpur": "Sohbat Pur",
}
# Districts DHIS2 keeps that Census 2023 folds into another: (district, division, the
# Census-2023 district's tehsils that DHIS2 places under it).
DHIS2_EXTRA_DISTRICTS = (
    ("Hub", "Lasbela", ("HUB", "GADDANI", "SONMIANI/WINDER", "DUREJI")),
    ("Usta Muhammad", "Jaffarabad", ("USTA MUHAMMAD", "GANDAKHA")),
    ("Lehri", "Sibi", ("LEHRI",)),
)
# The district whose reporting collapses in the latest month (the Monday-morning story in
# DESIGN.md §1: Penta-3 falls, but it is a completeness problem).
REPORTING_DROP_DISTRICT = "Zhob"
REPORTING_DROP_FACTOR = 0.6


# --- category combos -----------------------------------------------------------------
SEX = ("Male", "Female")
CATEGORY_COMBOS: dict[str, tuple[str, list[tuple[str, float]]]] = {
    # key: (name, [(option combo name, share of the count)])
    "default": ("default", [("default", 1.0)]),
    "sex_age4": (
        "Sex and age (OPD)",
        [
            (f"{s}, {a}", ss * sa)
            for s, ss in zip(SEX, (0.46, 0.54), strict=True)
            for a, sa in zip(
                ("<5y", "5-14y", "15-49y", "50y+"), (0.22, 0.18, 0.42, 0.18), strict=True
            )
        ],
    ),
    "sex": ("Sex", [("Male", 0.52), ("Female", 0.48)]),
    "sex_u5": (
        "Sex and under 5",
        [
            (f"{s}, {a}", ss * sa)
            for s, ss in zip(SEX, (0.5, 0.5), strict=True)
            for a, sa in zip(("Under 5", "5 and over"), (0.35, 0.65), strict=True)
        ],
    ),
    "vaccine_age": ("Age at vaccination", [("<12 months", 0.88), ("12-23 months", 0.12)]),
    "visit": ("Visit type", [("New", 0.35), ("Follow-up", 0.65)]),
    "cadre": ("Cadre", [("Doctor", 1.0), ("Nurse", 1.0), ("LHV", 1.0), ("Paramedic", 1.0)]),
}


Means = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    combo: str
    value_type: str  # DHIS2 valueType
    # Monthly mean per facility type (DHQ, THQ, RHC, BHU, DISP, MCH); for stock elements
    # the facility's typical level; for BOOLEAN the probability of "true" in 2016.
    means: Means
    kind: str = "count"  # count | stock | boolean
    season: str = ""  # malaria | summer | winter


COUNT = "INTEGER_ZERO_OR_POSITIVE"


def _count(code: str, name: str, combo: str, means: Means, season: str = "") -> Element:
    """A monthly count: DHIS2 sums it over months."""
    return Element(code, name, combo, COUNT, means, season=season)


def _stock(code: str, name: str, combo: str, means: Means) -> Element:
    """A level the facility has (staff, beds): still a whole number, but averaged over months."""
    return Element(code, name, combo, COUNT, means, kind="stock")


def _yes_no(code: str, name: str, means: Means) -> Element:
    """Whether the facility has something; ``means`` are the chances of "true" in 2016."""
    return Element(code, name, "default", "BOOLEAN", means, kind="boolean")


ELEMENTS = (
    _count("OPD_NEW", "OPD new cases", "sex_age4", (9000, 3500, 1800, 700, 400, 300)),
    _count("OPD_FOLLOWUP", "OPD follow-up visits", "default", (3000, 1200, 600, 200, 100, 150)),
    _count("ANC1", "ANC-1 visits", "default", (400, 180, 90, 35, 0, 60)),
    _count("ANC4", "ANC-4 visits", "default", (150, 60, 30, 10, 0, 25)),
    _count("PNC1", "Postnatal care first visits", "default", (250, 100, 40, 10, 0, 25)),
    _count("DEL_SBA", "Deliveries by skilled birth attendant", "default", (300, 90, 35, 6, 0, 15)),
    _count("DEL_CSEC", "Caesarean sections", "default", (60, 12, 0, 0, 0, 0)),
    _count("LIVE_BIRTHS", "Live births", "sex", (295, 88, 34, 6, 0, 15)),
    _count("LBW", "Low birth weight babies (<2.5 kg)", "default", (30, 9, 3, 0.5, 0, 1.5)),
    _count("STILL_BIRTHS", "Still births", "default", (6, 2, 0.7, 0.1, 0, 0.3)),
    _count("MAT_DEATHS", "Maternal deaths", "default", (0.6, 0.15, 0.05, 0, 0, 0)),
    _count("TT2", "TT-2+ doses to pregnant women", "default", (250, 110, 60, 25, 0, 40)),
    _count("BCG", "BCG doses given", "default", (300, 120, 60, 25, 5, 30)),
    _count("PENTA1", "Penta-1 doses given", "vaccine_age", (220, 110, 60, 28, 6, 20)),
    _count("PENTA3", "Penta-3 doses given", "vaccine_age", (180, 90, 48, 22, 5, 16)),
    _count("MEASLES1", "Measles-1 doses given", "vaccine_age", (165, 82, 45, 20, 4, 15)),
    _count("MEASLES2", "Measles-2 doses given", "vaccine_age", (110, 55, 30, 13, 3, 10)),
    _count("FP_VISITS", "Family planning visits", "visit", (300, 120, 70, 25, 5, 60)),
    _count(
        "MAL_TESTED",
        "Malaria suspected cases tested (RDT or microscopy)",
        "sex_u5",
        (900, 400, 250, 110, 60, 20),
        season="malaria",
    ),
    _count(
        "MAL_CONFIRMED",
        "Malaria confirmed cases",
        "sex_u5",
        (90, 40, 25, 11, 6, 2),
        season="malaria",
    ),
    _count(
        "TB_PRESUMPTIVE", "Presumptive TB cases referred or tested", "sex", (120, 40, 15, 4, 2, 0)
    ),
    _count(
        "DIARR_U5",
        "Diarrhoea in children under 5",
        "sex",
        (400, 180, 110, 50, 30, 15),
        season="summer",
    ),
    _count(
        "ARI_U5",
        "Acute respiratory infection in children under 5",
        "sex",
        (500, 220, 120, 55, 35, 15),
        season="winter",
    ),
    _count(
        "SAM_U5", "Severe acute malnutrition in children under 5", "default", (25, 10, 6, 3, 0, 2)
    ),
    _count("HYPERTENSION", "Hypertension new cases", "sex", (350, 140, 60, 20, 10, 0)),
    _stock("STAFF_IN_POST", "Staff in post", "cadre", (0, 0, 0, 0, 0, 0)),
    _stock("COMPUTERS", "Working computers", "default", (12, 4, 2, 0.5, 0.1, 0.3)),
    _stock("BEDS", "Functional beds", "default", (150, 40, 15, 0, 0, 4)),
    _yes_no("INTERNET", "Internet connection available", (0.7, 0.4, 0.2, 0.05, 0.02, 0.1)),
    _yes_no(
        "ELECTRICITY", "Electricity available (grid or solar)", (0.98, 0.9, 0.75, 0.55, 0.45, 0.6)
    ),
)
# Staff in post by cadre (Doctor, Nurse, LHV, Paramedic) per facility type.
STAFF_BY_TYPE = {
    "DHQ": (25, 40, 6, 60),
    "THQ": (8, 10, 3, 20),
    "RHC": (3, 2, 2, 10),
    "BHU": (1, 0, 1, 4),
    "DISP": (0, 0, 0, 2),
    "MCH": (0.5, 1, 2, 2),
}
TYPE_INDEX = {t.code: i for i, t in enumerate(FACILITY_TYPES)}


def uid(seed: int, label: str) -> str:
    """A DHIS2-style identifier (11 characters, a letter first), stable for a label."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    alphabet = letters + "0123456789"
    n = int.from_bytes(hashlib.sha256(f"{seed}:{label}".encode()).digest()[:16], "big")
    chars = [letters[n % len(letters)]]
    n //= len(letters)
    for _ in range(10):
        chars.append(alphabet[n % len(alphabet)])
        n //= len(alphabet)
    return "".join(chars)


def periods(as_of: datetime = common.DEFAULT_AS_OF) -> list[date]:
    """Every reporting month from FIRST_PERIOD to the month before ``as_of``."""
    out, d = [], FIRST_PERIOD
    last = date(as_of.year, as_of.month, 1)
    while d < last:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def build_world(
    *,
    scale: float,
    seed: int,
    as_of: datetime = common.DEFAULT_AS_OF,
    messiness: HmisMessiness | None = None,
) -> dict:
    """The DHIS2 instance's metadata and the parameters its data are computed from."""
    messiness = messiness or HmisMessiness()
    g = common.rng(seed, SOURCE, "world")
    cocs, combos = _category_combos(seed)
    elements = _data_elements(seed, combos)
    groups = {
        t.code: {
            "id": uid(seed, f"group:{t.code}"),
            "code": f"FT_{t.code}",
            "name": t.group_name,
            "groupSets": [{"id": uid(seed, "groupset:type"), "name": FACILITY_TYPE_GROUP_SET}],
        }
        for t in FACILITY_TYPES
    }
    org_units = _hierarchy(seed, scale, g, groups, messiness)
    data_set = {
        "id": uid(seed, "dataset:monthly"),
        "code": "BLN_HMIS_MONTHLY",
        "name": "HMIS Monthly Facility Report",
        "periodType": "Monthly",
        "timelyDays": 10,
        "categoryCombo": {"id": DEFAULT_CATEGORY_COMBO},
        "dataSetElements": [{"dataElement": {"id": e["id"]}} for e in elements],
    }
    district_effect = {
        ou["id"]: round(float(g.lognormal(0.0, 0.2)), 3) for ou in org_units if ou["level"] == 3
    }
    return {
        "synthetic": True,
        "note": "Simulated DHIS2 instance for the demo and tests; not real data.",
        "seed": seed,
        "scale": scale,
        "as_of": as_of.isoformat(),
        "periods": [d.strftime("%Y%m") for d in periods(as_of)],
        "messiness": asdict(messiness),
        "users": USERS,
        "data_readers": sorted(DATA_READERS),
        "api_tokens": {API_TOKEN: "admin"},
        "organisationUnitLevels": [
            {"id": uid(seed, f"level:{n}"), "level": n, "name": name}
            for n, name in enumerate(
                ("Province", "Division", "District", "Tehsil", "Facility"), start=1
            )
        ],
        "organisationUnits": org_units,
        "organisationUnitGroups": list(groups.values()),
        "categoryOptionCombos": cocs,
        "categoryCombos": combos,
        "dataElements": elements,
        "dataSets": [data_set],
        "district_effect": district_effect,
    }


def _category_combos(seed: int) -> tuple[list[dict], list[dict]]:
    cocs, combos = [], []
    for key, (name, options) in CATEGORY_COMBOS.items():
        if key == "default":
            combo_id, ids = DEFAULT_CATEGORY_COMBO, [DEFAULT_COC]
        else:
            combo_id = uid(seed, f"catcombo:{key}")
            ids = [uid(seed, f"coc:{key}:{o}") for o, _ in options]
        for coc_id, (option, share) in zip(ids, options, strict=True):
            cocs.append(
                {
                    "id": coc_id,
                    "name": option,
                    "categoryCombo": {"id": combo_id},
                    "_sim": {"share": share, "combo": key},
                }
            )
        combos.append(
            {"id": combo_id, "name": name, "categoryOptionCombos": [{"id": i} for i in ids]}
        )
    return cocs, combos


def _data_elements(seed: int, combos: list[dict]) -> list[dict]:
    combo_ids = dict(zip(CATEGORY_COMBOS, (c["id"] for c in combos), strict=True))
    return [
        {
            "id": uid(seed, f"de:{e.code}"),
            "code": e.code,
            "name": e.name,
            "shortName": e.name[:50],
            "valueType": e.value_type,
            "aggregationType": "SUM" if e.kind == "count" else "AVERAGE",
            "domainType": "AGGREGATE",
            "zeroIsSignificant": e.kind != "count",
            "categoryCombo": {"id": combo_ids[e.combo]},
            "_sim": {"combo": e.combo},
        }
        for e in ELEMENTS
    ]


def _read_tehsils() -> dict[str, list[tuple[str, int]]]:
    path = common.SEEDS_DIR / "reference" / "census2023_tehsils.csv"
    out: dict[str, list[tuple[str, int]]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["district"], []).append(
                (row["tehsil_pbs"], int(row["population_2023"]))
            )
    return out


def _hierarchy(
    seed: int, scale: float, g: np.random.Generator, groups: dict, messiness: HmisMessiness
) -> list[dict]:
    """Province → division → district → tehsil → facility, as DHIS2 org units."""
    units: list[dict] = []

    def add(label: str, name: str, level: int, parent: dict | None, **extra: object) -> dict:
        ou_id = uid(seed, f"ou:{label}")
        unit = {
            "id": ou_id,
            "code": extra.pop("code", None),
            "name": name,
            "shortName": name[:50],
            "level": level,
            "parent": {"id": parent["id"]} if parent else None,
            "path": f"{parent['path'] if parent else ''}/{ou_id}",
            "openingDate": extra.pop("opening", "1970-01-01") + "T00:00:00.000",
            **extra,
        }
        units.append(unit)
        return unit

    province = add("province", "Balochistan", 1, None, code="PK2")
    districts = common.districts()
    tehsils = _read_tehsils()
    divisions = {
        name: add(f"division:{name}", f"{name} Division", 2, province)
        for name in sorted({d.division for d in districts})
    }
    moved = {t: extra for extra, _, ts in DHIS2_EXTRA_DISTRICTS for t in ts}
    # DHIS2 district name -> (division, [(tehsil, population)])
    dhis2_districts: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for d in districts:
        name = DHIS2_DISTRICT_NAMES.get(d.name, d.name)
        kept = [(t, p) for t, p in tehsils[d.name] if t not in moved]
        dhis2_districts[name] = (d.division, kept)
    for extra, census_district, ts in DHIS2_EXTRA_DISTRICTS:
        division = next(d.division for d in districts if d.name == census_district)
        dhis2_districts[extra] = (
            division,
            [(t, p) for t, p in tehsils[census_district] if t in ts],
        )

    tehsil_units: list[tuple[dict, int, str]] = []  # (unit, population, district name)
    for name in sorted(dhis2_districts):
        division, ts = dhis2_districts[name]
        district = add(f"district:{name}", name, 3, divisions[division])
        for tehsil, population in ts:
            unit = add(f"tehsil:{name}:{tehsil}", tehsil.title(), 4, district)
            tehsil_units.append((unit, population, name))
        # Every district has its headquarters hospital, in its most populous tehsil.
        hq = max((t for t in tehsil_units if t[2] == name), key=lambda t: t[1])
        _add_facility(add, seed, g, hq[0], "DHQ", f"DHQ Hospital {name}", groups, 0)

    weights = np.array([p for _, p, _ in tehsil_units], dtype=float)
    weights /= weights.sum()
    for ftype in FACILITY_TYPES[1:]:
        n = round(ftype.count_at_scale_1 * scale)
        picks = g.choice(len(tehsil_units), size=n, p=weights) if n else []
        counters: dict[str, int] = {}
        for i in sorted(int(p) for p in picks):
            tehsil = tehsil_units[i][0]
            counters[tehsil["id"]] = counters.get(tehsil["id"], 0) + 1
            number = counters[tehsil["id"]]
            name = f"{FACILITY_LABELS[ftype.code]} {tehsil['name']}"
            if number > 1:
                name = f"{name} {number}"
            _add_facility(add, seed, g, tehsil, ftype.code, name, groups, number)

    facilities = [u for u in units if u["level"] == 5]
    n_orphans = max(1, round(len(facilities) * messiness.orphan_org_unit))
    candidates = [u for u in facilities if u["_sim"]["type"] in ("BHU", "DISP", "RHC", "MCH")]
    for i in g.choice(len(candidates), size=min(n_orphans, len(candidates)), replace=False):
        candidates[int(i)]["_sim"]["hidden"] = True
    for u in facilities:
        u["_sim"]["chronic"] = bool(g.random() < messiness.chronic_non_reporter)
    return units


def _add_facility(
    add: Callable[..., dict],
    seed: int,
    g: np.random.Generator,
    tehsil: dict,
    ftype: str,
    name: str,
    groups: dict[str, dict],
    number: int,
) -> None:
    """A facility under the tehsil: mostly older than the data, a few opening or closing."""
    u = g.random()
    if ftype == "DHQ" or u < 0.90:
        opening = f"{int(g.integers(1975, 2016))}-{int(g.integers(1, 13)):02d}-01"
    else:
        opening = f"{int(g.integers(2017, 2026))}-{int(g.integers(1, 13)):02d}-01"
    closed = None
    if ftype != "DHQ" and g.random() < 0.02:
        closed = f"{int(g.integers(2018, 2026))}-{int(g.integers(1, 13)):02d}-01T00:00:00.000"
    t = FACILITY_TYPES[TYPE_INDEX[ftype]]
    add(
        f"facility:{tehsil['id']}:{ftype}:{number}",
        name,
        5,
        tehsil,
        code=f"BLN-{ftype}-{uid(seed, name)[:5].upper()}",
        opening=opening,
        closedDate=closed,
        organisationUnitGroups=[groups[ftype]],
        _sim={
            "type": ftype,
            "size": round(float(np.clip(g.lognormal(0.0, 0.35), 0.4, 2.5)), 3),
            "reporting": t.reporting,
            "internet_since": int(g.integers(2014, 2031)),
            "solar_since": int(g.integers(2012, 2029)),
            "hidden": False,
        },
    )


def write_world(world: dict, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(
        json.dumps(world, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    os.replace(partial, target)


def world_path(data_dir: Path) -> Path:
    """``data_dir`` may be the simulated-sources folder or its ``hmis`` folder."""
    direct = data_dir / WORLD_FILE
    return direct if direct.exists() else data_dir / SOURCE / WORLD_FILE


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    """Write ``out_dir/hmis/world.json``: the DHIS2 instance ``simulator.hmis_api`` serves."""
    from simulator.hmis_values import World

    world = build_world(scale=scale, seed=seed)
    target = out_dir / SOURCE / WORLD_FILE
    write_world(world, target)
    counts = World(world).count_rows()
    return {
        "rows": {
            "organisation_units": counts["organisation_units"],
            "facilities": counts["facilities"],
            "data_elements": len(world["dataElements"]),
            "facility_months_reported": counts["reports"],
            "data_values": counts["data_values"],
        },
        "files": [target.relative_to(out_dir).as_posix()],
        "serve": f"python -m simulator.hmis_api --data {out_dir} --port 8081",
    }
