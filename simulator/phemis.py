"""Simulated Public Health Engineering water-supply schemes: a yearly functionality survey.

Everything here is synthetic. About 3,000 schemes at scale 1 in the latest round (the
DESIGN.md §4 planning figure; not a published PHED count), placed in districts by Census-2023
population and in tehsils by tehsil population. Each scheme has a type (tube well, gravity,
solar, hand pump, dug well, karez), a year built and a design population; schemes are
built every year, so later rounds list more. Each survey round records whether a scheme
works and, if not, why (no electricity, pump broken, source dried, no operator, pipeline
damaged, solar panels damaged); a broken scheme may be repaired by the next round. Tube
wells are solarised over time.

One workbook per round lands in ``<out>/phemis/inbox/`` with that round's layout
(``phemis_layouts``) and the mess field surveys have: districts typed by hand, duplicated
rows, years and populations written as words, "No" with no reason, a negative design
population, a year built after the survey, blank rows and a totals row.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

from simulator import common
from simulator.bemis_workbook import write_workbook
from simulator.phemis_layouts import ROUNDS, SCHEME_TYPES, Layout, layout

SOURCE = "phemis"
SCHEMES_AT_SCALE_1 = 3_000  # in the latest round (DESIGN.md §4 planning figure)
_TYPE_SHARES = (0.30, 0.25, 0.15, 0.15, 0.08, 0.07)  # in SCHEME_TYPES order; synthetic
_DESIGN_POPULATION = {
    "tube_well": 2_500,
    "gravity": 3_000,
    "solar": 1_500,
    "hand_pump": 250,
    "dug_well": 400,
    "karez": 800,
}  # medians; synthetic
_FIRST_BUILT = {"solar": 2012}
_FAIL = {
    "tube_well": 0.16,
    "gravity": 0.12,
    "solar": 0.10,
    "hand_pump": 0.18,
    "dug_well": 0.14,
    "karez": 0.12,
}  # chance a working scheme fails within a year
_REPAIR = 0.35  # chance a broken scheme works again by the next round
_PARTIAL = 0.08  # of working schemes found only partly working
_REASONS = {
    "tube_well": {
        "no_electricity": 0.35,
        "pump_broken": 0.30,
        "source_dried": 0.10,
        "no_operator": 0.10,
        "pipeline_damaged": 0.15,
    },
    "gravity": {"pipeline_damaged": 0.55, "source_dried": 0.30, "no_operator": 0.15},
    "solar": {"solar_damaged": 0.45, "pump_broken": 0.35, "source_dried": 0.20},
    "hand_pump": {"pump_broken": 0.80, "source_dried": 0.20},
    "dug_well": {"source_dried": 0.70, "pump_broken": 0.30},
    "karez": {"source_dried": 0.75, "no_operator": 0.25},
}
# How field staff write a reason (the connector maps these back to one code).
REASON_TEXT = {
    "no_electricity": ("No electricity", "Electricity disconnected", "بجلی نہیں"),
    "pump_broken": ("Pump broken", "Motor burnt", "Machinery out of order"),
    "source_dried": ("Source dried", "Water table dropped", "Dry"),
    "no_operator": ("No operator", "Operator not paid"),
    "pipeline_damaged": ("Pipeline damaged", "Pipes broken", "Flood damage to pipeline"),
    "solar_damaged": ("Solar panels damaged", "Solar plates stolen"),
}
_WORDY_YEARS = ("old", "199O", "N/A", "before 1990")
_WORDY_POPULATIONS = ("approx 500", "unknown", "five hundred", "N/A")
_PLACES = ("Killi", "Goth", "Kalay", "Basti", "Mohalla", "Dera", "Bazaar", "Town")
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
)
_LABEL = {
    "tube_well": "Tube Well",
    "gravity": "Gravity",
    "solar": "Solar",
    "hand_pump": "Hand Pump",
    "dug_well": "Dug Well",
    "karez": "Karez",
}


def survey_date(round_: str) -> date:
    """When a round's field work is assumed done (spring, before the summer heat)."""
    return date(int(round_), 4, 30)


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    summary = generate(out_dir / SOURCE / "inbox", scale=scale, seed=seed)
    summary["files"] = [str(Path(SOURCE) / "inbox" / f) for f in summary["files"]]
    return summary


def generate(
    inbox: Path,
    *,
    scale: float,
    seed: int,
    rounds: tuple[str, ...] = ROUNDS,
    messiness: common.Messiness | None = None,
) -> dict:
    messiness = messiness or common.Messiness()
    schemes = _schemes(scale, seed)
    status = _functionality(schemes, seed)
    injected: Counter = Counter()
    rows = 0
    files = []
    for round_ in rounds:
        lay = layout(round_)
        records = _round_rows(schemes, status, lay, seed, messiness, injected)
        write_workbook(
            inbox / lay.file_name,
            lay,
            records,
            label_column="scheme_name",
            summed=("design_population",),
            notes=(
                "Synthetic demo data generated by simulator/phemis.py. No row "
                "describes a real water-supply scheme.",
            ),
        )
        files.append(lay.file_name)
        rows += sum(r is not None for r in records)
    return {
        "rows": {"scheme_rows": rows},
        "files": files,
        "rounds": list(rounds),
        "injected": dict(sorted(injected.items())),
        "synthetic": True,
    }


def _schemes(scale: float, seed: int) -> dict[str, list]:
    gen = common.rng(seed, SOURCE, "schemes")
    n = max(int(round(SCHEMES_AT_SCALE_1 * scale)), 8)
    districts = common.pick_districts(gen, n)
    types = [SCHEME_TYPES[i] for i in gen.choice(len(SCHEME_TYPES), n, p=_TYPE_SHARES)]
    last = int(ROUNDS[-1])
    # Most schemes are old; building picks up after 2000 (synthetic).
    built = np.clip(np.round(last - gen.gamma(2.0, 8.0, n)), 1975, last).astype(int)
    built = np.array([max(b, _FIRST_BUILT.get(t, 0)) for b, t in zip(built, types, strict=True)])
    population = [
        int(round(_DESIGN_POPULATION[t] * float(np.exp(gen.normal(0, 0.5))))) for t in types
    ]
    tehsils = _tehsils()
    tehsil = []
    for d in districts:
        names, weights = tehsils[d]
        tehsil.append(names[int(gen.choice(len(names), p=weights))].title())
    index = {d.name: i + 1 for i, d in enumerate(common.districts())}
    solarised_from = np.where(
        np.array(types) == "solar",
        0,
        np.where(np.array(types) == "tube_well", gen.integers(2021, 2040, n), 9999),
    )
    names = [
        f"{_LABEL[t]} WSS {_PLACES[int(gen.integers(len(_PLACES)))]} "
        f"{_PEOPLE[int(gen.integers(len(_PEOPLE)))]}"
        for t in types
    ]
    return {
        "id": [f"PHE-{index[d]:02d}-{i + 1:05d}" for i, d in enumerate(districts)],
        "district": districts,
        "tehsil": tehsil,
        "type": types,
        "built": built.tolist(),
        "population": population,
        "name": names,
        "solarised_from": solarised_from.tolist(),
    }


def _functionality(schemes: dict[str, list], seed: int) -> dict[str, list[tuple[str, str]]]:
    """Per round, each scheme's (state, reason code): a small Markov chain per scheme."""
    gen = common.rng(seed, SOURCE, "functionality")
    n = len(schemes["id"])
    state = ["functional"] * n
    reason = [""] * n
    out = {}
    for round_ in ROUNDS:
        for i in range(n):
            kind = schemes["type"][i]
            if state[i] == "non_functional":
                if gen.random() < _REPAIR:
                    state[i], reason[i] = "functional", ""
            elif gen.random() < _FAIL[kind]:
                codes = list(_REASONS[kind])
                weights = np.array(list(_REASONS[kind].values()))
                state[i] = "non_functional"
                reason[i] = codes[int(gen.choice(len(codes), p=weights / weights.sum()))]
            shown = state[i]
            if shown == "functional" and gen.random() < _PARTIAL:
                shown = "partially_functional"
            out.setdefault(round_, []).append((shown, reason[i]))
    return out


def _round_rows(
    schemes: dict[str, list],
    status: dict[str, list[tuple[str, str]]],
    lay: Layout,
    seed: int,
    messiness: common.Messiness,
    injected: Counter,
) -> list[dict[str, object] | None]:
    year = int(lay.round)
    on = survey_date(lay.round)
    mess = common.rng(seed, SOURCE, "mess", lay.round)
    rows: list[dict[str, object] | None] = []
    serial = 0
    for i, scheme_id in enumerate(schemes["id"]):
        if schemes["built"][i] > year:
            continue
        serial += 1
        state, reason = status[lay.round][i]
        typed, kind = common.typed_district(mess, schemes["district"][i], on, messiness)
        if kind != "canonical":
            injected[f"district_{kind}"] += 1
        text = REASON_TEXT[reason] if reason else ()
        row: dict[str, object] = {
            "S.No": serial,
            "scheme_id": scheme_id,
            "scheme_name": schemes["name"][i],
            "district": typed,
            "tehsil": schemes["tehsil"][i],
            "scheme_type": lay.scheme_types[schemes["type"][i]],
            "year_built": schemes["built"][i],
            "design_population": schemes["population"][i],
            "functional": lay.functionality[state],
            "reason": text[int(mess.integers(len(text)))] if state == "non_functional" else None,
            "solarised": lay.yes if year >= schemes["solarised_from"][i] else lay.no,
        }
        _mess_up(row, year, mess, messiness, injected, lay)
        rows.append(row)
        if mess.random() < messiness.duplicated_row:
            rows.append(dict(row))
            injected["duplicated_scheme_row"] += 1
        if mess.random() < 0.003:
            rows.append(None)
            injected["blank_row"] += 1
    return rows


def _mess_up(
    row: dict[str, object],
    year: int,
    mess: np.random.Generator,
    messiness: common.Messiness,
    injected: Counter,
    lay: Layout,
) -> None:
    u = mess.random(6)
    if u[0] < messiness.malformed_date / 2:
        row["year_built"] = _WORDY_YEARS[int(mess.integers(len(_WORDY_YEARS)))]
        injected["wordy_year_built"] += 1
    elif u[1] < messiness.malformed_date / 4:
        row["year_built"] = year + int(mess.integers(1, 4))  # typed the planned year
        injected["built_after_survey"] += 1
    if u[2] < messiness.malformed_date / 2:
        row["design_population"] = _WORDY_POPULATIONS[int(mess.integers(len(_WORDY_POPULATIONS)))]
        injected["wordy_design_population"] += 1
    elif u[3] < messiness.malformed_date / 4:
        row["design_population"] = -int(row["design_population"])  # type: ignore[arg-type]
        injected["negative_design_population"] += 1
    elif u[4] < 0.05:
        row["design_population"] = f"{row['design_population']:,}"  # "2,500": still a number
    if row["functional"] == lay.functionality["non_functional"] and (u[5] < messiness.blank_value):
        row["reason"] = None
        injected["non_functional_without_reason"] += 1


def _tehsils() -> dict[str, tuple[list[str], list[float]]]:
    path = common.SEEDS_DIR / "reference" / "census2023_tehsils.csv"
    by_district: dict[str, list[tuple[str, int]]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_district.setdefault(row["district"], []).append(
                (row["tehsil_pbs"], int(row["population_2023"]))
            )
    return {
        d: ([t for t, _ in items], [p / sum(q for _, q in items) for _, p in items])
        for d, items in by_district.items()
    }
