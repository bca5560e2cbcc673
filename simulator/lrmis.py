"""Stand-in for the Board of Revenue's land-record mutation register (lrmis).

A mutation (intiqal) records a change in the ownership of land: a sale, an inheritance, a
gift, a mortgage and its redemption, an exchange or a partition among co-owners. It is
applied for at the tehsil, entered in the register against its mauza (revenue estate) and
then attested by the revenue officer or rejected. The Board exports the register every
month as CSV: every mutation whose entry changed in the month (applied for, attested or
rejected), with its state at the end of the month. A mutation applied for in March and
attested in May therefore appears in the March export (pending) and in the May export
(attested).

The export changed in January 2025: ``Mutation ID`` became ``Mutation No`` and ``Fee``
became ``Fee (Rs)``. Mistakes keyed into the register stay in every later export of that
mutation.

Grain: mutation × export month. Cadence: monthly. Scale 1 is about 100,000 mutations a year,
the order-of-magnitude planning figure of DESIGN.md §4, not a published statistic; the mix
of mutation types, the time to attestation, the rejection rate and the fees are
illustrative. Tehsils are the real Census-2023 tehsils of each district
(``transform/seeds/reference/census2023_tehsils.csv``); mauza names are invented. Everything
written here is synthetic.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np

from simulator import common
from simulator.common import Messiness

SOURCE = "lrmis"
MUTATIONS_PER_YEAR = 100_000  # at scale 1
FIRST_EXPORT = date(2023, 1, 1)
RENAMED_FROM = date(2025, 1, 1)  # first export with the new headings

FIELDS = (
    "mutation_id",
    "mutation_type",
    "mauza",
    "tehsil",
    "district",
    "application_date",
    "attestation_date",
    "status",
    "fee",
)
HEADINGS_BEFORE = (
    "Mutation ID",
    "Mutation Type",
    "Mauza",
    "Tehsil",
    "District",
    "Application Date",
    "Attestation Date",
    "Status",
    "Fee",
)
HEADINGS_AFTER = (
    "Mutation No",
    "Mutation Type",
    "Mauza",
    "Tehsil",
    "District",
    "Application Date",
    "Attestation Date",
    "Status",
    "Fee (Rs)",
)
DATE_FORMAT = "%d-%m-%Y"

# type: (share of mutations, median fee in rupees)
TYPES: dict[str, tuple[float, int]] = {
    "Sale": (0.45, 6_000),
    "Inheritance": (0.25, 500),
    "Gift": (0.10, 2_000),
    "Mortgage": (0.07, 1_500),
    "Redemption": (0.03, 500),
    "Exchange": (0.04, 2_500),
    "Partition": (0.06, 1_000),
}
_REJECT_SHARE = 0.08
_MEDIAN_DAYS_TO_DECIDE = 30.0
_MALFORMED_FEES = ("Rs. 500", "N/A", "five hundred", "500/-")
_MONTH = np.array([0.9, 0.9, 1.0, 1.05, 1.1, 1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 1.0])
_MAUZA_WORDS = (
    "Shadezai",
    "Samungli",
    "Kuchlak",
    "Baleli",
    "Hanna",
    "Urak",
    "Kirani",
    "Sariab",
    "Nohsar",
    "Tirkha",
    "Khanozai",
    "Bostan",
    "Saranan",
    "Huramzai",
    "Gulistan",
    "Dilsora",
    "Kotwal",
    "Mianghundi",
    "Killi Ismail",
    "Spezand",
    "Nushki Road",
    "Dasht",
    "Mangochar",
    "Sheikh Manda",
    "Panjpai",
    "Aghbarg",
)
_MAUZA_FORMS = ("Mauza {}", "Killi {}", "{} Kalan", "{} Khurd", "Goth {}")


def export_name(month: date) -> str:
    return f"mutation_register_{month:%Y-%m}.csv"


def export_months(as_of: date | None = None) -> list[date]:
    """Month starts of every export taken by ``as_of`` (each at its month's end)."""
    as_of = as_of or common.DEFAULT_AS_OF.date()
    months, m = [], FIRST_EXPORT
    while _next_month(m) - timedelta(days=1) <= as_of:
        months.append(m)
        m = _next_month(m)
    return months


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    return generate(out_dir / SOURCE / "inbox", scale=scale, seed=seed, root=out_dir)


def generate(
    inbox: Path,
    *,
    scale: float = 0.1,
    seed: int = 7,
    months: list[date] | None = None,
    messiness: Messiness | None = None,
    root: Path | None = None,
) -> dict:
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    messiness = Messiness() if messiness is None else messiness
    months = export_months() if months is None else sorted(months)
    inbox.mkdir(parents=True, exist_ok=True)
    injected: Counter[str] = Counter()
    register = _register(seed, scale, months[0], _next_month(months[-1]), messiness, injected)
    gen = common.rng(seed, SOURCE, "duplicates")
    rows, files = {}, []
    for month in months:
        records = _export(register, month, gen, messiness, injected)
        path = inbox / export_name(month)
        write_export(path, HEADINGS_AFTER if month >= RENAMED_FROM else HEADINGS_BEFORE, records)
        rows[path.stem] = len(records)
        files.append(path.relative_to(root or inbox).as_posix())
    return {
        "source": SOURCE,
        "synthetic": True,
        "scale": scale,
        "seed": seed,
        # One total keeps the command line's summary short; the files are itemised below.
        "rows": {"mutation_rows": sum(rows.values())},
        "rows_by_file": rows,
        "files": files,
        "mutations": len(register["id"]),
        "messiness": dict(sorted(injected.items())),
        "messiness_rates": messiness.as_dict(),
    }


def write_export(path: Path, headings: tuple[str, ...], records: list[dict[str, str]]) -> None:
    text = common.csv_text(headings, [[r[f] for f in FIELDS] for r in records])
    common.replace_file(path, text.encode("utf-8"))


@lru_cache(maxsize=1)
def tehsils() -> dict[str, tuple[str, ...]]:
    """district -> its Census-2023 tehsils, in title case."""
    out: dict[str, list[str]] = {}
    with (common.SEEDS_DIR / "reference" / "census2023_tehsils.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["district"], []).append(row["tehsil_pbs"].title())
    return {d: tuple(ts) for d, ts in out.items()}


def _register(
    seed: int, scale: float, start: date, end: date, messiness: Messiness, injected: Counter
) -> dict[str, np.ndarray | list]:
    """Every mutation applied for from ``start`` to before ``end``, lived out to ``end``."""
    gen = common.rng(seed, SOURCE, "register")
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D"))
    months = days.astype("datetime64[M]").astype(int) % 12
    weekday = (days.astype(int) + 3) % 7  # 0 = Monday
    working = np.where(weekday == 6, 0.0, np.where(weekday == 5, 0.4, 1.0))
    # Offices are shut on Sundays and half-staffed on Saturdays; the year's total holds.
    rate = (
        scale
        * MUTATIONS_PER_YEAR
        / 365.25
        * _MONTH[months]
        / _MONTH.mean()
        * working
        / working.mean()
    )
    counts = gen.poisson(rate)
    applied = np.repeat(days, counts)
    n = len(applied)

    names = list(TYPES)
    shares = np.array([TYPES[t][0] for t in names])
    kind = gen.choice(len(names), size=n, p=shares / shares.sum())
    districts = common.pick_districts(gen, n)
    tehsil_u = gen.random(n)
    mauza_pick = gen.integers(0, 10_000, size=n)
    decide_days = np.maximum(
        1, np.round(_MEDIAN_DAYS_TO_DECIDE * np.exp(0.8 * gen.normal(size=n)))
    ).astype(int)
    decided = applied + decide_days.astype("timedelta64[D]")
    rejected = gen.random(n) < _REJECT_SHARE
    medians = np.array([TYPES[t][1] for t in names], dtype=float)[kind]
    fee = np.round(medians * np.exp(0.5 * gen.normal(size=n)) / 50) * 50
    mess = gen.random((n, 3))

    ids, typed, mauzas, tehsil_names, fees, keyed_decided = [], [], [], [], [], []
    decided_days = decided.tolist()
    # Plain Python values: indexing numpy arrays one element at a time is slow.
    tehsil_u, mauza_pick, fee, mess = (a.tolist() for a in (tehsil_u, mauza_pick, fee, mess))
    sequence: Counter[int] = Counter()
    table = tehsils()
    for i, day in enumerate(applied.tolist()):
        sequence[day.year] += 1
        ids.append(f"LRM-{day.year}-{sequence[day.year]:07d}")
        district = districts[i]
        options = table[district]
        tehsil = options[int(tehsil_u[i] * len(options))]
        tehsil_names.append(tehsil)
        word = _MAUZA_WORDS[mauza_pick[i] % len(_MAUZA_WORDS)]
        form = _MAUZA_FORMS[(mauza_pick[i] // len(_MAUZA_WORDS)) % len(_MAUZA_FORMS)]
        mauzas.append(form.format(word))
        text, how = common.typed_district(gen, district, day, messiness)
        if how != "canonical":
            injected[f"district_{how}"] += 1
        typed.append(text)
        fee_text = f"{int(fee[i])}" if fee[i] < 1000 or mess[i][2] < 0.5 else f"{int(fee[i]):,}"
        if mess[i][0] < messiness.malformed_date:
            fee_text = _MALFORMED_FEES[int(mess[i][1] * len(_MALFORMED_FEES))]
            injected["malformed_fee"] += 1
        fees.append(fee_text)
        keyed = decided_days[i]
        if mess[i][1] < messiness.malformed_date / 2:
            # The attestation keyed with last year's date: before its own application.
            keyed = min(keyed - timedelta(days=365), day - timedelta(days=1))
            injected["attestation_before_application"] += 1
        keyed_decided.append(keyed)
    return {
        "id": ids,
        "type": [names[k] for k in kind],
        "mauza": mauzas,
        "tehsil": tehsil_names,
        "district": typed,
        "applied": applied,
        "decided": decided,
        "applied_text": [f"{d:{DATE_FORMAT}}" for d in applied.tolist()],
        "attested_text": [f"{d:{DATE_FORMAT}}" for d in keyed_decided],
        "rejected": rejected,
        "fee": fees,
    }


def _export(
    register: dict,
    month: date,
    gen: np.random.Generator,
    messiness: Messiness,
    injected: Counter,
) -> list[dict[str, str]]:
    """The mutations whose entry changed in ``month``, as they stood at its end."""
    start, end = np.datetime64(month, "D"), np.datetime64(_next_month(month), "D")
    applied, decided = register["applied"], register["decided"]
    in_month = ((applied >= start) & (applied < end)) | ((decided >= start) & (decided < end))
    rows = np.flatnonzero(in_month & (applied < end))
    done = decided[rows] < end
    attested = done & ~register["rejected"][rows]
    status = np.where(done, np.where(attested, "Attested", "Rejected"), "Pending")
    copies = np.where(gen.random(len(rows)) < messiness.duplicated_row, 2, 1)
    injected["duplicated_mutation_row"] += int((copies - 1).sum())
    records = []
    for i, state, is_attested, n in zip(
        rows.tolist(), status.tolist(), attested.tolist(), copies.tolist(), strict=True
    ):
        record = {
            "mutation_id": register["id"][i],
            "mutation_type": register["type"][i],
            "mauza": register["mauza"][i],
            "tehsil": register["tehsil"][i],
            "district": register["district"][i],
            "application_date": register["applied_text"][i],
            "attestation_date": register["attested_text"][i] if is_attested else "",
            "status": state,
            "fee": register["fee"][i],
        }
        records.extend([record] * n)
    return records


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
