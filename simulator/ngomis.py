"""Stand-in for the Social Welfare Department's NGO registry (ngomis).

NGOs working in the province register with the Social Welfare Department, which keeps them
in its NGO Management Information System. The warehouse receives the whole registry as a
CSV export at the end of every month (``ngo_registry_YYYY-MM.csv``): one row per registered
NGO with its sector, the districts it works in (a list in one field, ``Quetta; Pishin``), its
application, registration and last renewal dates and its status on the export day.

The registry software was upgraded in July 2025: from that export on, three columns carry
new headings and dates are written ``YYYY-MM-DD`` instead of ``DD/MM/YYYY``. A record keyed
wrongly stays wrong in every later export, as it would in the real registry.

Grain: NGO registration × export month. Cadence: monthly. Scale 1 is about 5,000 NGOs on
the register, the order-of-magnitude planning figure of DESIGN.md §4, not a published
statistic; the renewal cycle, lapse and cancellation rates are illustrative. Everything
written here is synthetic.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from simulator import common
from simulator.common import Messiness

SOURCE = "ngomis"
NGOS_AT_SCALE_1 = 5_000  # registered by DEFAULT_AS_OF, whatever their status
FIRST_REGISTRATION_YEAR = 1990
FIRST_EXPORT = date(2024, 1, 1)
UPGRADE = date(2025, 7, 1)  # the export month from which the new headings and dates apply
RENEWAL_YEARS = 5  # illustrative renewal cycle
_GROWTH = 1.05  # more NGOs register every year
_RENEW_SHARE = 0.7
_CANCEL_SHARE = 0.05

FIELDS = (
    "registration_no",
    "ngo_name",
    "sector",
    "districts_of_operation",
    "application_date",
    "registration_date",
    "renewal_date",
    "status",
)
HEADINGS_BEFORE = (
    "Registration No",
    "NGO Name",
    "Sector",
    "Districts of Operation",
    "Application Date",
    "Registration Date",
    "Renewal Date",
    "Status",
)
HEADINGS_AFTER = (
    "Reg. Number",
    "NGO Name",
    "Sector",
    "Operational Districts",
    "Application Date",
    "Registration Date",
    "Last Renewed On",
    "Status",
)
SECTORS = (
    "Education",
    "Health",
    "Women Development",
    "Water & Sanitation",
    "Livelihoods",
    "Disability",
    "Child Welfare",
    "Disaster Relief",
    "Environment",
    "Human Rights",
)
_SECTOR_P = np.array([18, 16, 14, 9, 12, 6, 8, 7, 4, 6], dtype=float)

_NAME_HEADS = (
    "Balochistan",
    "Al-Khidmat",
    "Roshan",
    "Sahil",
    "Noor",
    "Umeed",
    "Hamdard",
    "Khushal",
    "Insaan",
    "Sabawoon",
    "Zindagi",
    "Bolan",
    "Pak",
    "Awami",
    "Mehran",
)
_NAME_TAILS = (
    "Welfare Society",
    "Rural Support Organisation",
    "Development Foundation",
    "Welfare Trust",
    "Women Welfare Association",
    "Youth Organisation",
    "Education Society",
    "Health Foundation",
    "Social Welfare Council",
    "Relief Trust",
)
_URDU_NAMES = (
    "انجمن فلاح و بہبود",
    "تنظیم خدمت خلق",
    "بلوچستان ویلفیئر سوسائٹی",
    "الخدمت فاؤنڈیشن",
    "روشن مستقبل تنظیم",
    "امید ترقیاتی تنظیم",
)


@dataclass
class _Ngo:
    registration_no: str
    name: str
    sector: str
    districts_typed: list[str]
    applied: date
    registered: date
    renewals: list[date]  # when it renewed
    lapses: list[date]  # when a registration period ran out unrenewed
    cancelled: date | None
    bad_dates: dict[str, str]  # field -> text a keying slip left there instead of a date


def export_name(month: date) -> str:
    return f"ngo_registry_{month:%Y-%m}.csv"


def export_months(as_of: date | None = None) -> list[date]:
    """Month starts of every export taken by ``as_of`` (each at its month's end)."""
    as_of = as_of or common.DEFAULT_AS_OF.date()
    months, m = [], FIRST_EXPORT
    while _month_end(m) <= as_of:
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
    months = export_months() if months is None else months
    inbox.mkdir(parents=True, exist_ok=True)
    injected: Counter[str] = Counter()
    ngos = _registry(seed, scale, messiness, injected)
    rows, files = {}, []
    for month in months:
        records = snapshot(ngos, _month_end(month), after_upgrade=month >= UPGRADE)
        path = inbox / export_name(month)
        headings = HEADINGS_AFTER if month >= UPGRADE else HEADINGS_BEFORE
        write_export(path, headings, records)
        rows[path.stem] = len(records)
        files.append(path.relative_to(root or inbox).as_posix())
    return {
        "source": SOURCE,
        "synthetic": True,
        "scale": scale,
        "seed": seed,
        # One total keeps the command line's summary short; the files are itemised below.
        "rows": {"registry_rows": sum(rows.values())},
        "rows_by_file": rows,
        "files": files,
        "ngos": len(ngos),
        "messiness": dict(sorted(injected.items())),
        "messiness_rates": messiness.as_dict(),
    }


def write_export(path: Path, headings: tuple[str, ...], records: list[dict[str, str]]) -> None:
    text = common.csv_text(headings, [[r[f] for f in FIELDS] for r in records])
    # Excel-friendly UTF-8 with a byte-order mark, as the registry's export button writes it.
    common.replace_file(path, text.encode("utf-8-sig"))


def snapshot(ngos: list[_Ngo], on: date, *, after_upgrade: bool) -> list[dict[str, str]]:
    """The registry as exported on ``on``: every NGO registered by then."""
    fmt = "%Y-%m-%d" if after_upgrade else "%d/%m/%Y"
    out = []
    for ngo in ngos:
        if ngo.registered > on:
            continue
        # A cancelled NGO renews nothing after its cancellation.
        until = min(on, ngo.cancelled) if ngo.cancelled else on
        renewed = [d for d in ngo.renewals if d <= until]
        lapsed = [d for d in ngo.lapses if d <= on]
        if ngo.cancelled and ngo.cancelled <= on:
            status = "Cancelled"
        elif lapsed and (not renewed or renewed[-1] < lapsed[-1]):
            status = "Lapsed"
        else:
            status = "Active"
        out.append(
            {
                "registration_no": ngo.registration_no,
                "ngo_name": ngo.name,
                "sector": ngo.sector,
                "districts_of_operation": "; ".join(ngo.districts_typed),
                "application_date": ngo.bad_dates.get("application_date", f"{ngo.applied:{fmt}}"),
                "registration_date": ngo.bad_dates.get(
                    "registration_date", f"{ngo.registered:{fmt}}"
                ),
                "renewal_date": f"{renewed[-1]:{fmt}}" if renewed else "",
                "status": status,
            }
        )
    return out


def _registry(seed: int, scale: float, messiness: Messiness, injected: Counter) -> list[_Ngo]:
    gen = common.rng(seed, SOURCE, "registry")
    as_of = common.DEFAULT_AS_OF.date()
    years = np.arange(FIRST_REGISTRATION_YEAR, as_of.year + 1)
    weights = _GROWTH ** (years - as_of.year).astype(float)
    weights[-1] *= (as_of - date(as_of.year, 1, 1)).days / 365.25
    n = max(5, round(NGOS_AT_SCALE_1 * scale))
    per_year = gen.multinomial(n, weights / weights.sum())
    ngos: list[_Ngo] = []
    for year, count in zip(years.tolist(), per_year.tolist(), strict=True):
        registered = sorted(
            date(year, 1, 1) + timedelta(days=int(d)) for d in gen.integers(0, 365, size=count)
        )
        registered = [min(d, as_of) for d in registered]
        for seq, reg in enumerate(registered, start=1):
            ngos.append(_ngo(gen, f"SWD/{year}/{seq:04d}", reg, as_of, messiness, injected))
    # The same NGO keyed in twice under one number: both copies appear in every export.
    twins = [ngo for ngo in ngos if gen.random() < messiness.duplicated_row]
    injected["duplicated_registration"] += len(twins)
    for twin in twins:
        ngos.insert(ngos.index(twin) + 1, twin)
    return ngos


def _ngo(
    gen: np.random.Generator,
    number: str,
    registered: date,
    as_of: date,
    messiness: Messiness,
    injected: Counter,
) -> _Ngo:
    applied = registered - timedelta(days=int(gen.integers(20, 250)))
    if gen.random() < messiness.urdu_text:
        name = _URDU_NAMES[int(gen.integers(len(_URDU_NAMES)))]
        injected["urdu_name"] += 1
    else:
        name = (
            f"{_NAME_HEADS[int(gen.integers(len(_NAME_HEADS)))]} "
            f"{_NAME_TAILS[int(gen.integers(len(_NAME_TAILS)))]}"
        )
    sector = SECTORS[int(gen.choice(len(SECTORS), p=_SECTOR_P / _SECTOR_P.sum()))]
    count = 1 + int(gen.binomial(3, 0.3))
    districts = list(dict.fromkeys(common.pick_districts(gen, count)))
    typed = []
    for district in districts:
        text, kind = common.typed_district(gen, district, registered, messiness)
        if not text.strip() or text.strip() == "-":
            text, kind = district, "canonical"  # a blank item would vanish from the list
        if kind != "canonical":
            injected[f"district_{kind}"] += 1
        typed.append(text)
    renewals, lapses = [], []
    period_start = registered
    while True:
        due = _add_years(period_start, RENEWAL_YEARS)
        if due > as_of:
            break
        if gen.random() < _RENEW_SHARE:
            renewed = due + timedelta(days=int(gen.integers(-60, 180)))
            if renewed > due:
                lapses.append(due)
            if renewed > as_of:
                break
            renewals.append(renewed)
            period_start = renewed
        else:
            lapses.append(due)
            break
    cancelled = None
    if gen.random() < _CANCEL_SHARE:
        cancelled = registered + timedelta(days=int(gen.integers(200, 4000)))
        cancelled = cancelled if cancelled <= as_of else None
    bad: dict[str, str] = {}
    u = gen.random()
    if u < messiness.malformed_date:
        field = ("application_date", "registration_date")[int(gen.integers(2))]
        bad[field] = common.malformed_date(gen, registered)
        injected["malformed_date"] += 1
    elif u < messiness.malformed_date * 1.5:
        # An application date keyed a month after the registration it led to.
        applied = registered + timedelta(days=30)
        injected["registration_before_application"] += 1
    return _Ngo(number, name, sector, typed, applied, registered, renewals, lapses, cancelled, bad)


def _month_end(month: date) -> date:
    return _next_month(month) - timedelta(days=1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)
