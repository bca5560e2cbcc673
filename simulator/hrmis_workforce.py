"""The provincial workforce the HR MIS simulator writes: posts, people and their postings.

Everything is drawn with numpy a whole column at a time, so scale 1 (about 250,000 people in
service) takes seconds. All of it is synthetic: the cadres, grades, fill rates, turnover and
training rates below are illustrative figures chosen to give believable vacancy patterns,
not published statistics.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from simulator import common
from simulator.common import Messiness

SOURCE = "hrmis"
IN_SERVICE_AT_SCALE_1 = 250_000  # people in service on DEFAULT_AS_OF
HISTORY_FROM = date(2022, 7, 1)  # turnover is simulated from here (fiscal year 2022-23)
SYSTEM_LIVE = datetime(2015, 1, 1, 9)  # rows older than the system were entered on go-live
BASE_POSTS_FROM = date(2010, 7, 1)
NEW_POSTS_EACH_JULY = 0.02  # share of posts created in each year's budget since 2023
LEAVING_PER_YEAR = 0.035
IT_TRAINED_SHARE = 0.25
LEGACY_DEPARTMENT_CODE = "EDU"  # an old code some records still carry; not in `departments`

# department: share of sanctioned posts; its cadres: (name, share, {bps: weight})
GENERIC = (
    ("Secretary", 0.002, {20: 5, 21: 4, 22: 1}),
    ("Section Officer", 0.06, {17: 6, 18: 3, 19: 1}),
    ("Assistant", 0.10, {16: 1}),
    ("Senior Clerk", 0.10, {14: 1}),
    ("Junior Clerk", 0.15, {11: 1}),
    ("Field Assistant", 0.10, {9: 1}),
    ("Driver", 0.10, {4: 1, 5: 1}),
    ("Naib Qasid", 0.25, {1: 4, 2: 3, 3: 3}),
    ("Chowkidar", 0.12, {1: 6, 2: 4}),
)
DEPARTMENTS: dict[str, tuple[float, tuple]] = {
    "SED": (
        0.45,
        (
            ("Primary School Teacher", 0.45, {14: 6, 15: 4}),
            ("Secondary School Teacher", 0.20, {16: 7, 17: 3}),
            ("Headmaster", 0.04, {17: 6, 18: 4}),
            ("Lab Assistant", 0.05, {9: 1}),
            ("Junior Clerk", 0.06, {11: 1}),
            ("Naib Qasid", 0.12, {1: 4, 2: 3, 3: 3}),
            ("Chowkidar", 0.08, {1: 6, 2: 4}),
        ),
    ),
    "HEALTH": (
        0.12,
        (
            ("Medical Officer", 0.15, {17: 1}),
            ("Women Medical Officer", 0.08, {17: 1}),
            ("Specialist", 0.05, {18: 7, 19: 3}),
            ("Staff Nurse", 0.15, {16: 1}),
            ("Lady Health Visitor", 0.12, {9: 1, 12: 1}),
            ("Dispenser", 0.15, {6: 1, 9: 1}),
            ("Vaccinator", 0.10, {6: 1, 9: 1}),
            ("Junior Clerk", 0.08, {11: 1}),
            ("Naib Qasid", 0.12, {1: 4, 2: 3, 3: 3}),
        ),
    ),
    "HOME": (
        0.15,
        (
            ("Constable", 0.60, {7: 1}),
            ("Head Constable", 0.15, {9: 1}),
            ("Assistant Sub-Inspector", 0.10, {11: 1}),
            ("Sub-Inspector", 0.07, {14: 1}),
            ("Inspector", 0.03, {16: 1}),
            ("Naib Qasid", 0.05, {1: 4, 2: 3, 3: 3}),
        ),
    ),
    "LGRD": (0.05, GENERIC),
    "SWD": (0.01, GENERIC),
    "PND": (0.01, GENERIC),
    "SGAD": (0.03, GENERIC),
    "BOR": (0.04, GENERIC),
    "PHED": (0.03, GENERIC),
    "ITD": (0.005, GENERIC),
    "CWD": (0.04, GENERIC),
    "IRR": (0.03, GENERIC),
    "AGRI": (0.035, GENERIC),
}
# Departments whose offices sit mostly in the provincial capital.
SECRETARIAT = {"SGAD": 0.6, "PND": 0.6, "ITD": 0.8, "BOR": 0.3}
# Hard-to-staff cadres: doctors and specialists leave far-off posts empty.
_HARD_TO_FILL = {"Medical Officer": 0.75, "Women Medical Officer": 0.6, "Specialist": 0.55}


@dataclass
class Workforce:
    posts: list[dict] = field(default_factory=list)
    employees: list[dict] = field(default_factory=list)
    postings: list[dict] = field(default_factory=list)
    injected: Counter = field(default_factory=Counter)


def departments() -> list[dict]:
    """The HR MIS's department table: the warehouse's department codes and names."""
    with (common.SEEDS_DIR / "departments.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [
        {
            "department_code": r["department_code"],
            "department_name": r["department_name"],
            "updated_at": SYSTEM_LIVE,
        }
        for r in rows
        if r["department_code"] in DEPARTMENTS
    ]


def simulate(seed: int, scale: float, as_of: datetime, messiness: Messiness) -> Workforce:
    gen = common.rng(seed, SOURCE, "workforce")
    mess = common.rng(seed, SOURCE, "messiness")
    today = as_of.date()
    keys, sanctioned = _post_keys(gen, scale)
    out = Workforce()
    _write_posts(out, gen, mess, keys, sanctioned, today, messiness)
    fill = _fill_rates(seed, keys)
    in_service = gen.binomial(sanctioned, fill)
    years = (today - HISTORY_FROM).days / 365.25
    leavers = gen.poisson(in_service * LEAVING_PER_YEAR * years)
    growth = np.round(sanctioned * (1 - (1 - NEW_POSTS_EACH_JULY) ** 4) * fill).astype(int)
    recent = np.minimum(in_service, gen.poisson(leavers + growth))
    _write_people(out, gen, mess, keys, in_service, leavers, recent, today, messiness)
    return out


def _post_keys(gen: np.random.Generator, scale: float) -> tuple[list[tuple], np.ndarray]:
    """(department, cadre, bps, district) keys and the posts sanctioned for each today."""
    ds = common.districts()
    pop = np.array([d.population for d in ds], dtype=float)
    quetta = [i for i, d in enumerate(ds) if d.name == "Quetta"][0]
    total = scale * IN_SERVICE_AT_SCALE_1 / 0.82  # about 82 % of posts are filled
    keys, weights = [], []
    for dept, (dept_share, cadres) in DEPARTMENTS.items():
        by_district = pop / pop.sum()
        if dept in SECRETARIAT:
            by_district = by_district * (1 - SECRETARIAT[dept])
            by_district[quetta] += SECRETARIAT[dept]
        cadre_total = sum(share for _, share, _ in cadres)
        for cadre, share, grades in cadres:
            grade_total = sum(grades.values())
            for bps, w in grades.items():
                for i, d in enumerate(ds):
                    keys.append((dept, cadre, bps, d.name))
                    weights.append(
                        dept_share * share / cadre_total * w / grade_total * by_district[i]
                    )
    weights = np.array(weights)
    counts = gen.multinomial(max(1, round(total)), weights / weights.sum())
    keep = counts > 0
    return [k for k, ok in zip(keys, keep, strict=True) if ok], counts[keep]


def _fill_rates(seed: int, keys: list[tuple]) -> np.ndarray:
    """Share of posts filled: lower in remote districts and for doctors."""
    gen = common.rng(seed, SOURCE, "fill")
    ds = common.districts()
    district_fill = dict(zip((d.name for d in ds), gen.uniform(0.70, 0.93, len(ds)), strict=True))
    district_fill["Quetta"] = 0.93
    return np.array([district_fill[d] * _HARD_TO_FILL.get(c, 1.0) for _, c, _, d in keys])


def _write_posts(out, gen, mess, keys, sanctioned, today, messiness) -> None:
    """Sanctioned posts as budget rows: the base and each July's new posts since 2023."""
    julys = [date(y, 7, 1) for y in range(2023, today.year + 1) if date(y, 7, 1) <= today]
    share_new = NEW_POSTS_EACH_JULY * len(julys)
    for k, (key, total) in enumerate(zip(keys, sanctioned.tolist(), strict=True)):
        new = gen.binomial(total, share_new) if julys else 0
        parts = [(BASE_POSTS_FROM, total - new)]
        if new:
            split = gen.multinomial(new, [1 / len(julys)] * len(julys))
            parts += [(j, int(n)) for j, n in zip(julys, split, strict=True) if n]
        for effective, count in parts:
            if count <= 0:
                continue
            dept, cadre, bps, district = key
            typed, kind = common.typed_district(mess, district, effective, messiness)
            if kind != "canonical":
                out.injected[f"post_district_{kind}"] += 1
            if mess.random() < messiness.duplicated_row / 2:
                count = -count  # a correction keyed with the wrong sign
                out.injected["negative_sanctioned_count"] += 1
            out.posts.append(
                {
                    "post_id": len(out.posts) + 1,
                    "department_code": dept,
                    "district": typed,
                    "cadre": cadre,
                    "bps_grade": bps,
                    "sanctioned": count,
                    "effective_from": effective,
                    "effective_to": None,
                    "updated_at": max(SYSTEM_LIVE, datetime.combine(effective, datetime.min.time()))
                    + timedelta(hours=10, minutes=k % 60),
                }
            )


def _write_people(out, gen, mess, keys, in_service, leavers, recent, today, messiness) -> None:
    history_days = (today - HISTORY_FROM).days
    key_idx = np.concatenate(
        [np.repeat(np.arange(len(keys)), in_service), np.repeat(np.arange(len(keys)), leavers)]
    )
    n_stay, n = int(in_service.sum()), len(key_idx)
    is_recent = np.zeros(n, dtype=bool)
    offset = np.concatenate([[0], np.cumsum(in_service)[:-1]])
    for k in np.flatnonzero(recent):
        is_recent[offset[k] : offset[k] + recent[k]] = True
    leaves = np.full(n, -1)
    leaves[n_stay:] = gen.integers(0, history_days, n - n_stay)  # days after HISTORY_FROM
    tenure = gen.integers(365, 34 * 365, n)
    joins = np.where(is_recent, gen.integers(0, history_days, n), -tenure)
    joins[n_stay:] = leaves[n_stay:] - tenure[n_stay:]
    female_share = np.array(
        [
            0.55
            if keys[k][1] in ("Lady Health Visitor", "Staff Nurse", "Women Medical Officer")
            else 0.28
            for k in key_idx
        ]
    )
    female = gen.random(n) < female_share
    retired = gen.random(n) < 0.75
    n_moves = gen.binomial(2, 0.3, n)
    trained = gen.random(n) < IT_TRAINED_SHARE
    u = gen.random((n, 6))
    others = common.pick_districts(gen, 3 * n)  # where earlier postings were
    base = HISTORY_FROM
    # Plain Python values: indexing numpy arrays one element at a time is slow.
    key_idx, joins, leaves, n_moves, u = (a.tolist() for a in (key_idx, joins, leaves, n_moves, u))
    female, retired, trained = female.tolist(), retired.tolist(), trained.tolist()

    for i in range(n):
        dept, cadre, bps, district = keys[key_idx[i]]
        joined = base + timedelta(days=joins[i])
        left = base + timedelta(days=leaves[i]) if leaves[i] >= 0 else None
        end = left or today
        employee_id = len(out.employees) + 1
        # Earlier postings: transfers in from other districts, sometimes a grade lower.
        starts = sorted(
            joined + timedelta(days=int(x * max((end - joined).days, 1)))
            for x in u[i][: n_moves[i]]
        )
        stints = [(joined, None)] + [(s, None) for s in starts]
        last_touched = joined
        for j, (start, _) in enumerate(stints):
            stop = stints[j + 1][0] if j + 1 < len(stints) else left
            current = j == len(stints) - 1
            where = district if current else others[3 * i + j]
            grade = bps if current or bps <= 1 or u[i][5] < 0.6 else bps - 1
            typed, kind = common.typed_district(mess, where, start, messiness)
            if kind != "canonical":
                out.injected[f"posting_district_{kind}"] += 1
            if mess.random() < messiness.malformed_date / 4:
                grade = (0, 25, 23)[int(mess.integers(3))]
                out.injected["invalid_bps_grade"] += 1
            out.postings.append(
                {
                    "posting_id": len(out.postings) + 1,
                    "employee_id": employee_id,
                    "department_code": dept,
                    "district": typed,
                    "cadre": cadre,
                    "bps_grade": grade,
                    "start_date": start,
                    "end_date": stop,
                    "updated_at": _entered(stop or start, u[i][4]),
                }
            )
            last_touched = max(last_touched, stop or start)
        training = None
        if trained[i]:
            first = max(joined, date(2021, 1, 1))
            training = first + timedelta(days=int(u[i][3] * max((end - first).days, 1)))
            last_touched = max(last_touched, training)
        row = {
            "employee_id": employee_id,
            "personnel_no": f"BPS-{employee_id + 100_000:07d}",
            "gender": "F" if female[i] else "M",
            "cadre": cadre,
            "bps_grade": bps,
            "date_of_joining": joined.isoformat(),
            "department_code": dept,
            "posting_district": out.postings[-1]["district"],
            "it_trained": training is not None,
            "it_training_date": training,
            "status": "active" if left is None else ("retired" if retired[i] else "transferred"),
            "status_date": left,
            "created_at": _entered(joined, u[i][4]),
            "updated_at": _entered(last_touched, u[i][4]),
        }
        _mess_up(row, out, mess, messiness, joined)
        out.employees.append(row)
    _duplicate_some(out, mess, messiness)


def _mess_up(row: dict, out: Workforce, mess, messiness: Messiness, joined: date) -> None:
    u = mess.random(3).tolist()
    if u[0] < messiness.malformed_date:
        row["date_of_joining"] = common.malformed_date(mess, joined)
        out.injected["malformed_date_of_joining"] += 1
    if u[1] < messiness.blank_value / 4:
        row["gender"] = ("", "-", "X")[int(mess.integers(3))]
        out.injected["unknown_gender"] += 1
    if u[2] < messiness.duplicated_row / 2:
        row["department_code"] = LEGACY_DEPARTMENT_CODE
        out.injected["unknown_department"] += 1


def _duplicate_some(out: Workforce, mess, messiness: Messiness) -> None:
    """People entered twice under a new employee id but their own personnel number."""
    postings_of: dict[int, list[dict]] = {}
    for p in out.postings:
        postings_of.setdefault(p["employee_id"], []).append(p)
    twins = [e for e in out.employees if mess.random() < messiness.duplicated_row]
    for e in twins:
        twin = {**e, "employee_id": len(out.employees) + 1}
        out.employees.append(twin)
        for p in postings_of[e["employee_id"]]:
            out.postings.append(
                {**p, "posting_id": len(out.postings) + 1, "employee_id": twin["employee_id"]}
            )
    out.injected["duplicated_personnel_no"] += len(twins)


def _entered(day: date, u: float) -> datetime:
    """When a change dated ``day`` was keyed in: office hours that day, or on go-live."""
    during = timedelta(seconds=int(u * 8 * 3600))
    if day < _LIVE_DAY:
        return SYSTEM_LIVE + during
    return datetime(day.year, day.month, day.day, 9) + during


_LIVE_DAY = SYSTEM_LIVE.date()
