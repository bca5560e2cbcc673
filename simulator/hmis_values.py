"""The simulated DHIS2 instance's data, computed on request (synthetic, demo and tests only).

Whether a facility reported a month, when it marked the report complete and every value
in it follow from ``rng(seed, "hmis", facility, period)`` alone, so any request shape
(one district, a division, the province; one month or a range) gives the same values, and
nothing but the metadata in ``world.json`` has to be stored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from simulator import common
from simulator.hmis import (
    DEFAULT_COC,
    DUE_DAY,
    ELEMENTS,
    REPORTING_DROP_DISTRICT,
    REPORTING_DROP_FACTOR,
    STAFF_BY_TYPE,
    TYPE_INDEX,
    HmisMessiness,
)

# How a value typed wrong into a number field looks.
_NOT_NUMBERS = ("12a", "N/A", "nil", "twenty", "1O", "5..0", "1,2", "?")
_SEASONS = {"malaria": (9, 0.8), "summer": (6.5, 0.5), "winter": (1, 0.5)}


@dataclass(frozen=True)
class _Element:
    id: str
    code: str
    kind: str
    means: np.ndarray
    cocs: tuple[str, ...]
    shares: np.ndarray
    season: str


@dataclass(frozen=True)
class Report:
    """One facility's monthly report as the DHIS2 database holds it."""

    facility_id: str
    period: str  # DHIS2 ISO period, YYYYMM
    completed_at: datetime | None  # None: values entered, report never marked complete
    stored_by: str
    # (data element, category option combo, value as text, created, last updated)
    values: list[tuple[str, str, str, datetime, datetime]]


def dhis2_time(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


class World:
    """A loaded ``world.json`` with the lookups the API and the counts need."""

    def __init__(self, world: dict) -> None:
        self.raw = world
        self.seed: int = world["seed"]
        self.as_of = datetime.fromisoformat(world["as_of"])
        self.messiness = HmisMessiness(**world["messiness"])
        self.periods: list[str] = world["periods"]
        self._period_set = set(self.periods)
        self.units = {u["id"]: u for u in world["organisationUnits"]}
        self.listed = [u for u in world["organisationUnits"] if not _hidden(u)]
        self.facilities = [u for u in world["organisationUnits"] if u["level"] == 5]
        self.district_of = {f["id"]: self.units[f["path"].split("/")[3]] for f in self.facilities}
        self.district_effect: dict[str, float] = world["district_effect"]
        self._under: dict[str, list[dict]] = {}
        for f in sorted(self.facilities, key=lambda u: (u["path"], u["name"])):
            for ancestor in f["path"].split("/")[1:]:
                self._under.setdefault(ancestor, []).append(f)
        cocs_by_combo: dict[str, list[dict]] = {}
        for coc in world["categoryOptionCombos"]:
            cocs_by_combo.setdefault(coc["_sim"]["combo"], []).append(coc)
        by_code = {e["code"]: e for e in world["dataElements"]}
        self.elements = [
            _Element(
                id=by_code[e.code]["id"],
                code=e.code,
                kind=e.kind,
                means=np.array(e.means, dtype=float),
                cocs=tuple(c["id"] for c in cocs_by_combo[e.combo]),
                shares=np.array([c["_sim"]["share"] for c in cocs_by_combo[e.combo]]),
                season=e.season,
            )
            for e in ELEMENTS
        ]
        self.data_set_ids = {d["id"] for d in world["dataSets"]}
        self._bool_elements = [el for el in self.elements if el.kind == "boolean"]
        self._bool_draws: dict[str, np.ndarray] = {}
        self._blackouts: dict[tuple[str, str], bool] = {}
        self._build_pairs()

    def facilities_under(self, org_unit_id: str, children: bool) -> list[dict]:
        """Facilities a dataValueSets request for the org unit covers (hidden ones too)."""
        if children:
            return self._under.get(org_unit_id, [])
        unit = self.units.get(org_unit_id)
        return [unit] if unit and unit["level"] == 5 else []

    def report(self, facility: dict, period: str) -> Report | None:
        """The facility's report for the month as of the world's date, or None."""
        if period not in self._period_set:
            return None
        year, month = int(period[:4]), int(period[4:])
        start = date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        if _day(facility["openingDate"]) >= following:
            return None
        closed = facility.get("closedDate")
        if closed and _day(closed) <= start:
            return None
        m = self.messiness
        district = self.district_of[facility["id"]]
        if self._blacked_out(district["id"], period):
            return None
        sim = facility["_sim"]
        g = common.rng(self.seed, "hmis", facility["id"], period)
        years = (year - 2016) + (month - 1) / 12
        propensity = min(0.99, sim["reporting"] + 0.012 * years)
        if sim["chronic"]:
            propensity *= 0.5
        if period == self.periods[-1] and district["name"] == REPORTING_DROP_DISTRICT:
            propensity *= REPORTING_DROP_FACTOR
        if g.random() >= propensity:
            return None
        due = datetime(following.year, following.month, DUE_DAY, 23, 59)
        if g.random() < m.late_report:
            completed = due + timedelta(
                days=1 + int(g.geometric(1 / 14)), hours=float(g.uniform(-12, 0))
            )
        else:
            completed = datetime(following.year, following.month, 1) + timedelta(
                days=float(g.uniform(0, DUE_DAY - 0.01))
            )
        if completed > self.as_of:
            return None  # not reported yet on the world's date
        entered = completed - timedelta(hours=float(g.uniform(1, 72)))
        registered = None if g.random() < m.no_registration else completed
        stored_by = "hmis_" + re.sub(r"[^a-z]+", "_", district["name"].lower()).strip("_")
        values = self._values(g, facility, year, month, entered)
        return Report(facility["id"], period, registered, stored_by, values)

    def _values(
        self, g: np.random.Generator, facility: dict, year: int, month: int, entered: datetime
    ) -> list[tuple[str, str, str, datetime, datetime]]:
        sim = facility["_sim"]
        ti = TYPE_INDEX[sim["type"]]
        district_id = facility["path"].split("/")[3]
        size = sim["size"] * self.district_effect.get(district_id, 1.0)
        growth = 1.02 ** ((year - 2016) + (month - 1) / 12)
        # A count split over its option combos is one Poisson draw per combo (Poisson
        # splitting), so the whole report is a single vectorised draw.
        means = self._pair_means[ti] * self._season_factors[month - 1] * (size * growth)
        counts = g.poisson(means)
        # DHIS2 does not store zeros of a count whose zeros are not significant.
        rows = [
            (de, coc, str(n))
            for (de, coc), n in zip(self._pairs, counts.tolist(), strict=True)
            if n
        ]
        rows += self._stocks(facility, year)
        rows += self._booleans(facility, year)
        return self._messy(g, rows, entered)

    def _build_pairs(self) -> None:
        pairs, base, season = [], [], []
        for el in self.elements:
            if el.kind != "count":
                continue
            for coc, share in zip(el.cocs, el.shares, strict=True):
                pairs.append((el.id, coc))
                base.append(el.means * share)
                season.append([_season(el.season, m) for m in range(1, 13)])
        self._pairs = pairs
        self._pair_means = np.array(base).T  # facility type x pair
        self._season_factors = np.array(season).T  # month x pair
        self._stock_cache: dict[tuple[str, int], list[tuple[str, str, str]]] = {}

    def _stocks(self, facility: dict, year: int) -> list[tuple[str, str, str]]:
        # A stock (staff, computers, beds) changes once a year at most, not every month.
        key = (facility["id"], year)
        if key not in self._stock_cache:
            sim = facility["_sim"]
            ftype, size = sim["type"], math.sqrt(sim["size"])
            g = common.rng(self.seed, "hmis-stock", facility["id"], str(year))
            rows = []
            for el in self.elements:
                if el.kind != "stock":
                    continue
                if el.code == "STAFF_IN_POST":
                    counts = g.poisson(np.array(STAFF_BY_TYPE[ftype]) * size)
                    rows += [(el.id, c, str(int(v))) for c, v in zip(el.cocs, counts, strict=True)]
                    continue
                level = el.means[TYPE_INDEX[ftype]] * size
                if el.code == "COMPUTERS":
                    level *= 1.06 ** (year - 2016)
                if level > 0:
                    rows.append((el.id, DEFAULT_COC, str(int(g.poisson(level)))))
            self._stock_cache[key] = rows
        return self._stock_cache[key]

    def _booleans(self, facility: dict, year: int) -> list[tuple[str, str, str]]:
        # Once connected a facility stays connected: a fixed draw against a rising chance.
        ti = TYPE_INDEX[facility["_sim"]["type"]]
        draws = self._bool_draws.get(facility["id"])
        if draws is None:
            g = common.rng(self.seed, "hmis-bool", facility["id"])
            draws = self._bool_draws[facility["id"]] = g.random(len(self._bool_elements))
        return [
            (
                el.id,
                DEFAULT_COC,
                "true" if u < min(1.0, el.means[ti] + 0.05 * max(0, year - 2016)) else "false",
            )
            for el, u in zip(self._bool_elements, draws, strict=True)
        ]

    def _messy(
        self, g: np.random.Generator, rows: list[tuple[str, str, str]], entered: datetime
    ) -> list[tuple[str, str, str, datetime, datetime]]:
        m = self.messiness
        out = [(de, coc, value, entered, entered) for de, coc, value in rows]
        typo = g.random(len(rows))
        for i in np.flatnonzero(typo < m.non_numeric_value + m.negative_value):
            de, coc, value, *_ = out[i]
            if value in ("true", "false"):
                continue
            if typo[i] < m.non_numeric_value:
                value = _NOT_NUMBERS[int(typo[i] * 1e9) % len(_NOT_NUMBERS)]
            elif value != "0":
                value = f"-{value}"
            out[i] = (de, coc, value, entered, entered)
        for i in np.flatnonzero(g.random(len(rows)) < m.duplicated_value):
            # Delivered twice: the second copy edited a day later, as a re-import leaves it.
            de, coc, value, *_ = out[i]
            again = str(int(value) + 1) if value.isdigit() else value
            out.append((de, coc, again, entered, entered + timedelta(days=1)))
        return out

    def _blacked_out(self, district_id: str, period: str) -> bool:
        key = (district_id, period)
        if key not in self._blackouts:
            g = common.rng(self.seed, "hmis-blackout", district_id, period)
            self._blackouts[key] = bool(g.random() < self.messiness.district_month_missing)
        return self._blackouts[key]

    def count_rows(self) -> dict[str, int]:
        reports = values = 0
        for facility in self.facilities:
            for period in self.periods:
                report = self.report(facility, period)
                if report is not None:
                    reports += 1
                    values += len(report.values)
        return {
            "organisation_units": len(self.listed),
            "facilities": sum(1 for f in self.facilities if not _hidden(f)),
            "reports": reports,
            "data_values": values,
        }


def _hidden(unit: dict) -> bool:
    return bool(unit.get("_sim", {}).get("hidden"))


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _season(kind: str, month: int) -> float:
    if not kind:
        return 1.0
    peak, amplitude = _SEASONS[kind]
    return 1.0 + amplitude * math.cos(2 * math.pi * (month - peak) / 12)
