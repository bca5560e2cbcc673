"""Stand-in for the Local Government Commission's Complaint & Inquiry MIS (cqmis).

The real system is the operational SQL database behind the Commission's complaint portal,
helpline and front desk: every complaint against a department and every change of its
status. The warehouse reads it directly, incrementally by ``updated_at``.

Grain: one row per complaint (``complaints``) and one per status change
(``complaint_status_history``). Cadence: changes every day; extracted daily.
Scale 1 is about 30,000 complaints a year, an order-of-magnitude planning figure from
DESIGN.md §4, not a published statistic. Everything written here is synthetic.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from simulator import common, sql
from simulator.common import Messiness

SOURCE = "cqmis"
ANNUAL_COMPLAINTS = 30_000  # at scale 1
_GROWTH = 1.08  # a year; the portal and helpline keep drawing more people in
_GROWTH_REFERENCE = date(2025, 7, 1)
OPEN_STATUSES = ("registered", "under_inquiry", "reopened")

metadata = sa.MetaData()
complaints = sa.Table(
    "complaints",
    metadata,
    sa.Column("complaint_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("tracking_no", sa.Text, nullable=False),
    sa.Column("received_date", sa.Text),
    sa.Column("complainant_district", sa.Text),
    sa.Column("department", sa.Text),
    sa.Column("category", sa.Text),
    sa.Column("channel", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("resolved_date", sa.Text),
    sa.Column("satisfaction", sa.Integer),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
complaint_status_history = sa.Table(
    "complaint_status_history",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("complaint_id", sa.Integer, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("remarks", sa.Text),
)
# What the connector filters and joins on; built after the bulk insert (see sql.py).
_INDEXES = (
    ("ix_complaints_updated_at", "complaints", "updated_at"),
    ("ix_complaint_status_history_complaint_id", "complaint_status_history", "complaint_id"),
    ("ix_complaint_status_history_changed_at", "complaint_status_history", "changed_at"),
)

# department: (share of complaints, how slowly it resolves relative to the others)
_DEPARTMENTS: dict[str, tuple[float, float]] = {
    "Local Government": (0.30, 1.0),
    "Health": (0.11, 0.9),
    "Education": (0.11, 1.1),
    "Public Health Engineering": (0.10, 1.2),
    "Revenue": (0.09, 1.5),
    "Communication & Works": (0.07, 1.6),
    "Irrigation": (0.05, 1.3),
    "Police": (0.08, 0.7),
    "Agriculture": (0.03, 1.0),
    "Social Welfare": (0.06, 0.9),
}
_CATEGORIES: dict[str, dict[str, float]] = {
    "Local Government": {
        "sanitation": 30,
        "street lights": 15,
        "water supply": 15,
        "illegal construction": 12,
        "delay in development scheme": 10,
        "service delivery": 8,
        "corruption": 5,
        "staff absence": 5,
    },
    "Health": {
        "service delivery": 45,
        "staff absence": 30,
        "corruption": 15,
        "delay in development scheme": 10,
    },
    "Education": {
        "staff absence": 45,
        "service delivery": 25,
        "corruption": 15,
        "delay in development scheme": 15,
    },
    "Public Health Engineering": {
        "water supply": 60,
        "sanitation": 20,
        "delay in development scheme": 15,
        "corruption": 5,
    },
    "Revenue": {"service delivery": 45, "corruption": 35, "illegal construction": 20},
    "Communication & Works": {
        "delay in development scheme": 60,
        "corruption": 20,
        "service delivery": 20,
    },
    "Irrigation": {"water supply": 50, "delay in development scheme": 25, "corruption": 25},
    "Police": {"service delivery": 50, "corruption": 35, "staff absence": 15},
    "Agriculture": {"service delivery": 60, "corruption": 20, "delay in development scheme": 20},
    "Social Welfare": {"service delivery": 65, "corruption": 20, "staff absence": 15},
}
# category: (how slowly it resolves, chance the inquiry rejects it)
_CATEGORY_TRAITS: dict[str, tuple[float, float]] = {
    "street lights": (0.6, 0.04),
    "sanitation": (0.7, 0.05),
    "water supply": (0.9, 0.05),
    "service delivery": (0.9, 0.07),
    "staff absence": (0.8, 0.08),
    "illegal construction": (1.4, 0.10),
    "corruption": (1.6, 0.16),
    "delay in development scheme": (1.8, 0.07),
}
_CHANNELS = ("web portal", "SMS", "helpline", "letter", "walk-in")
# Letters and walk-ins arrive in office hours; the portal, SMS and helpline at any hour.
_OFFICE_HOURS = np.array([0] * 9 + [8, 10, 10, 9, 7, 6, 5, 3] + [0] * 7, dtype=float)
_ANY_HOURS = np.array(
    [1, 1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 9, 8, 8, 8, 8, 8, 8, 8, 7, 6, 4, 2], dtype=float
)
# Summer brings water shortages and monsoon drainage complaints; winter is quieter.
_MONTH = np.array([0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.25, 1.2, 1.05, 0.95, 0.8, 0.75])
_WEEKDAY = np.array([1.25, 1.15, 1.1, 1.05, 0.85, 0.7, 0.5])  # Monday first
_MEDIAN_DAYS_TO_RESOLVE = 25.0
_RESOLVE_SIGMA = 0.9  # gives a long tail: about one resolution in twenty takes over 100 days
_REOPEN_SHARE = 0.05
_FEEDBACK_SHARE = 0.45
_MAX_LATE_DAYS = 21

# status: (chance the officer wrote a remark, English remarks, Urdu remarks)
_REMARKS: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {
    "registered": (
        0.3,
        ("Complaint registered", "Forwarded by DC office", "Registered on complainant's call"),
        ("شکایت درج کر لی گئی",),
    ),
    "under_inquiry": (
        0.6,
        (
            "Inquiry officer nominated",
            "Forwarded to department focal person",
            "Report called from the field office",
        ),
        ("انکوائری افسر مقرر کر دیا گیا", "متعلقہ محکمے سے رپورٹ طلب کر لی گئی"),
    ),
    "resolved": (
        0.8,
        (
            "Issue resolved; complainant informed",
            "Site visited and work completed",
            "Relief provided as per inquiry report",
        ),
        ("مسئلہ حل کر دیا گیا", "شکایت کنندہ کو آگاہ کر دیا گیا"),
    ),
    "rejected": (
        0.95,
        (
            "Not within the Commission's jurisdiction",
            "Insufficient information provided",
            "Matter is sub judice",
            "Duplicate of an earlier complaint",
        ),
        ("معاملہ کمیشن کے دائرہ اختیار میں نہیں",),
    ),
    "reopened": (
        0.9,
        ("Complainant not satisfied with the resolution", "Issue recurred"),
        ("شکایت کنندہ مطمئن نہیں",),
    ),
}


def generate(
    db_url: str,
    *,
    scale: float = 0.1,
    seed: int = 7,
    start: date = date(2023, 1, 1),
    as_of: datetime = common.DEFAULT_AS_OF,
    messiness: Messiness | None = None,
) -> dict:
    """(Re)create the cqmis database with every complaint received from start to as_of."""
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    messiness = Messiness() if messiness is None else messiness
    days = np.arange(np.datetime64(start, "D"), np.datetime64(as_of.date(), "D") + 1)
    years = (days - np.datetime64(_GROWTH_REFERENCE, "D")).astype(float) / 365.25
    per_day = scale * ANNUAL_COMPLAINTS / 365.25 * _GROWTH**years
    batch = _simulate(
        seed,
        days,
        per_day,
        after=None,
        horizon=as_of,
        messiness=messiness,
        streams=("generate",),
    )
    rows, raw_events = batch.rows(first_id=1, sequence_by_year={})
    events = _number_events(raw_events, 1, batch.gen, messiness, batch.injected)

    engine = sa.create_engine(db_url)
    try:
        metadata.drop_all(engine, checkfirst=True)
        metadata.create_all(engine)
        with engine.begin() as conn:
            sql.insert_rows(conn, complaints, rows)
            sql.insert_rows(conn, complaint_status_history, events)
            sql.create_indexes(conn, _INDEXES)
    finally:
        engine.dispose()

    return {
        "source": SOURCE,
        "synthetic": True,
        "scale": scale,
        "seed": seed,
        "start": start.isoformat(),
        "as_of": as_of.isoformat(),
        "rows": {"complaints": len(rows), "complaint_status_history": len(events)},
        "by_status": dict(sorted(Counter(r["status"] for r in rows).items())),
        "messiness": dict(batch.injected),
        "messiness_rates": messiness.as_dict(),
    }


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    """Write ``out_dir/cqmis/cqmis.sqlite`` (the demo's stand-in database) from scratch."""
    target = out_dir / SOURCE / "cqmis.sqlite"
    summary = common.build_file(
        target, lambda partial: generate(f"sqlite:///{partial}", scale=scale, seed=seed)
    )
    return {**summary, "files": [target.relative_to(out_dir).as_posix()]}


def advance(db_url: str, *, to: datetime, seed: int, messiness: Messiness | None = None) -> dict:
    """Let time pass in an existing cqmis database, from its latest change up to ``to``.

    Open complaints move on (new status events, ``updated_at`` and ``resolved_date`` change)
    and new complaints arrive at the pace of the year before, so an extract taken earlier
    misses changes that a later one must pick up.
    """
    messiness = Messiness() if messiness is None else messiness
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            return _advance(conn, to=to, seed=seed, messiness=messiness)
    finally:
        engine.dispose()


def _advance(conn: sa.Connection, *, to: datetime, seed: int, messiness: Messiness) -> dict:
    c, h = complaints.c, complaint_status_history.c
    since = conn.execute(sa.select(sa.func.max(c.updated_at))).scalar_one()
    summary = {
        "from": since.isoformat() if since else None,
        "to": to.isoformat(),
        "complaints_updated": 0,
        "complaints_added": 0,
        "events_added": 0,
    }
    if since is None or to <= since:
        return summary

    gen = common.rng(seed, SOURCE, "advance", since.isoformat(), to.isoformat())
    open_rows = conn.execute(
        sa.select(c.complaint_id, c.status, c.updated_at)
        .where(c.status.in_(OPEN_STATUSES))
        .order_by(c.complaint_id)
    ).all()
    updates, events = [], []
    injected: Counter[str] = Counter()
    for complaint_id, status, updated_at in open_rows:
        moved = _move_on(gen, status, updated_at, since, to, messiness, injected)
        if not moved:
            continue
        changes, new_status, resolved_date = moved
        events += [(t, complaint_id, s, r) for t, s, r in changes]
        satisfaction = None
        if new_status == "resolved" and gen.random() < _FEEDBACK_SHARE:
            satisfaction = int(gen.integers(1, 6))
        updates.append(
            {
                "cid": complaint_id,
                "status": new_status,
                "resolved_date": resolved_date,
                "satisfaction": satisfaction,
                "updated_at": changes[-1][0],
            }
        )

    # New complaints arrive at last year's pace, with the usual seasonality.
    year_ago = since - timedelta(days=365)
    last_year = conn.execute(
        sa.select(sa.func.count()).select_from(complaints).where(c.created_at > year_ago)
    ).scalar_one()
    days = np.arange(np.datetime64(since.date(), "D"), np.datetime64(to.date(), "D") + 1)
    batch = _simulate(
        seed,
        days,
        np.full(len(days), last_year / 365.25),
        after=since,
        horizon=to,
        messiness=messiness,
        streams=("advance-new", since.isoformat(), to.isoformat()),
    )
    first_id = conn.execute(sa.select(sa.func.max(c.complaint_id))).scalar_one() + 1
    first_event = conn.execute(sa.select(sa.func.max(h.event_id))).scalar_one() + 1
    sequence_by_year = {}
    for year in sorted({t.created_at.year for t in batch.complaints}):
        last = conn.execute(
            sa.select(sa.func.max(c.tracking_no)).where(c.tracking_no.like(f"LGC-{year}-%"))
        ).scalar_one()
        sequence_by_year[year] = int(last.rsplit("-", 1)[1]) if last else 0

    new_rows, new_events = batch.rows(first_id, sequence_by_year)
    event_rows = _number_events(events + new_events, first_event, gen, messiness, batch.injected)

    if updates:
        conn.execute(
            complaints.update()
            .where(c.complaint_id == sa.bindparam("cid"))
            .values(
                status=sa.bindparam("status"),
                resolved_date=sa.bindparam("resolved_date"),
                satisfaction=sa.bindparam("satisfaction"),
                updated_at=sa.bindparam("updated_at"),
            ),
            updates,
        )
    sql.insert_rows(conn, complaints, new_rows)
    sql.insert_rows(conn, complaint_status_history, event_rows)
    summary.update(
        complaints_updated=len(updates),
        complaints_added=len(new_rows),
        events_added=len(event_rows),
        messiness=dict(batch.injected + injected),
    )
    return summary


def _move_on(
    gen: np.random.Generator,
    status: str,
    last_change: datetime,
    since: datetime,
    to: datetime,
    messiness: Messiness,
    injected: Counter,
) -> tuple[list[tuple[datetime, str, str | None]], str, str | None] | None:
    """What happens to one open complaint after ``since`` up to ``to``.

    Waits are memoryless, so starting the clock at ``since`` rather than at the complaint's
    own last change does not bias them; every new event falls after ``since`` so an
    incremental extract by updated_at sees it.
    """
    changes: list[tuple[datetime, str, str | None]] = []
    resolved_date = None
    clock = since
    while status in OPEN_STATUSES:
        mean_days = {"registered": 3.0, "under_inquiry": 40.0, "reopened": 15.0}[status]
        t = _office_time(clock, gen.exponential(mean_days), gen.random())
        if t > to:
            break
        if status == "registered":
            status = "under_inquiry"
        elif status == "under_inquiry" and gen.random() < 0.09:
            status = "rejected"
        else:
            status = "resolved"
            late = gen.random() < messiness.late_update
            days_late = int(gen.integers(2, _MAX_LATE_DAYS + 1)) if late else 0
            resolved_date = _resolution_date(t, last_change, days_late)
            injected["late_update"] += late
        remark, urdu = _remark(status, messiness, *gen.random(3).tolist())
        injected["urdu_remark"] += urdu
        changes.append((t, status, remark))
        clock = last_change = t
    if not changes:
        return None
    return changes, status, resolved_date


class _Batch:
    """Complaints simulated in memory, numbered only when it is known where they go."""

    def __init__(self, gen: np.random.Generator) -> None:
        self.gen = gen
        self.complaints: list[_Complaint] = []
        self.injected: Counter[str] = Counter(
            {
                k: 0
                for k in (
                    "district_variant",
                    "district_urdu",
                    "district_unresolvable",
                    "malformed_received_date",
                    "blank_value",
                    "urdu_remark",
                    "late_update",
                    "duplicated_history_row",
                )
            }
        )

    def rows(
        self, first_id: int, sequence_by_year: dict[int, int]
    ) -> tuple[list[dict], list[tuple[datetime, int, str, str | None]]]:
        """Complaint rows numbered from first_id, and their events (not yet numbered)."""
        rows, events = [], []
        seq = Counter(sequence_by_year)
        for offset, comp in enumerate(self.complaints):
            complaint_id = first_id + offset
            year = comp.created_at.year
            seq[year] += 1
            rows.append(comp.row(complaint_id, f"LGC-{year}-{seq[year]:06d}"))
            events += [(t, complaint_id, s, r) for t, s, r in comp.events]
        return rows, events


class _Complaint:
    __slots__ = (
        "created_at",
        "received_date",
        "district",
        "department",
        "category",
        "channel",
        "events",
        "resolved_date",
        "satisfaction",
    )

    def row(self, complaint_id: int, tracking_no: str) -> dict:
        status = self.events[-1][1]
        return {
            "complaint_id": complaint_id,
            "tracking_no": tracking_no,
            "received_date": self.received_date,
            "complainant_district": self.district,
            "department": self.department,
            "category": self.category,
            "channel": self.channel,
            "status": status,
            "resolved_date": self.resolved_date if status == "resolved" else None,
            "satisfaction": self.satisfaction if status == "resolved" else None,
            "created_at": self.created_at,
            "updated_at": self.events[-1][0],
        }


def _simulate(
    seed: int,
    days: np.ndarray,
    per_day: np.ndarray,
    *,
    after: datetime | None,
    horizon: datetime,
    messiness: Messiness,
    streams: tuple[str, ...],
) -> _Batch:
    """Complaints arriving on the given days at the given base daily rate, each lived out to
    the horizon. Those registered at or before ``after`` or after ``horizon`` are dropped."""
    gen = common.rng(seed, SOURCE, "lifecycle", *streams)
    mess = common.rng(seed, SOURCE, "messiness", *streams)
    slowness = _district_slowness(seed)

    months = days.astype("datetime64[M]").astype(int) % 12
    weekdays = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
    counts = gen.poisson(
        per_day * _MONTH[months] / _MONTH.mean() * _WEEKDAY[weekdays] / _WEEKDAY.mean()
    )
    arrival_days = np.repeat(days, counts).astype("datetime64[D]").tolist()
    n = len(arrival_days)

    dept_names = list(_DEPARTMENTS)
    dept_share = np.array([_DEPARTMENTS[d][0] for d in dept_names])
    dept_idx = gen.choice(len(dept_names), size=n, p=dept_share / dept_share.sum()).tolist()
    cat_u = gen.random(n).tolist()
    channel_idx = _channels(gen, arrival_days).tolist()
    hour_u, second_u = gen.random(n).tolist(), gen.random(n).tolist()
    letter_lag = gen.integers(0, 4, n).tolist()
    district_names = common.pick_districts(gen, n)
    draws = _Draws(
        inquiry_gap=(gen.gamma(2.0, 1.3, n) + 0.05).tolist(),
        reject_u=gen.random(n).tolist(),
        reject_days=gen.lognormal(math.log(12), 0.7, n).tolist(),
        resolve_z=gen.standard_normal(n).tolist(),
        reopen_u=gen.random(n).tolist(),
        reopen_days=gen.lognormal(math.log(10), 0.7, n).tolist(),
        reresolve_days=gen.lognormal(math.log(15), 0.7, n).tolist(),
        office_u=gen.random((n, 4)).tolist(),
        feedback_u=gen.random(n).tolist(),
        satisfaction_z=gen.standard_normal(n).tolist(),
        # Messiness has its own stream so a clean run lives the same lives as a messy one.
        remark_u=mess.random((n, 5 * 3)).tolist(),
        late_u=mess.random((n, 2)).tolist(),
        late_days=mess.integers(2, _MAX_LATE_DAYS + 1, (n, 2)).tolist(),
    )
    malformed_u, blank_u = mess.random(n).tolist(), mess.random(n).tolist()

    office_cdf, any_cdf = np.cumsum(_OFFICE_HOURS), np.cumsum(_ANY_HOURS)
    batch = _Batch(mess)
    injected = batch.injected
    for i in range(n):
        day = arrival_days[i]
        channel = _CHANNELS[channel_idx[i]]
        cdf = office_cdf if channel in ("letter", "walk-in") else any_cdf
        hour = int(np.searchsorted(cdf, hour_u[i] * cdf[-1], side="right"))
        received = datetime.combine(day, time(hour)) + timedelta(seconds=int(second_u[i] * 3600))
        # A letter is registered when someone gets to it, a few days after it arrived.
        lag = int(letter_lag[i]) if channel == "letter" else 0
        created = received + timedelta(days=lag)
        if (after is not None and created <= after) or created > horizon:
            continue
        comp = _Complaint()
        comp.created_at, comp.channel = created, channel
        comp.department = dept_names[dept_idx[i]]
        comp.category = _weighted_pick(_CATEGORIES[comp.department], cat_u[i])
        _live(comp, draws, i, slowness[district_names[i]], horizon, messiness, injected)

        typed, kind = common.typed_district(mess, district_names[i], day, messiness)
        comp.district = typed
        if kind != "canonical":
            injected["district_urdu" if kind == "urdu" else f"district_{kind}"] += 1
        comp.received_date = day.isoformat()
        if malformed_u[i] < messiness.malformed_date:
            comp.received_date = common.malformed_date(mess, day)
            injected["malformed_received_date"] += 1
        if blank_u[i] < messiness.blank_value:
            blank = common.BLANKS[int(mess.integers(len(common.BLANKS)))]
            if mess.random() < 0.5:
                comp.category = blank
            else:
                comp.channel = blank
            injected["blank_value"] += 1
        batch.complaints.append(comp)

    batch.complaints.sort(key=lambda comp: comp.created_at)  # ids follow registration order
    return batch


@dataclass(frozen=True)
class _Draws:
    """Random numbers for a whole batch, drawn up front (as lists: indexing numpy arrays one
    element at a time is slow) so the loop stays plain Python."""

    inquiry_gap: list[float]
    reject_u: list[float]
    reject_days: list[float]
    resolve_z: list[float]
    reopen_u: list[float]
    reopen_days: list[float]
    reresolve_days: list[float]
    office_u: list[list[float]]
    feedback_u: list[float]
    satisfaction_z: list[float]
    remark_u: list[list[float]]
    late_u: list[list[float]]
    late_days: list[list[int]]


def _live(
    comp: _Complaint,
    d: _Draws,
    i: int,
    district_slowness: float,
    horizon: datetime,
    messiness: Messiness,
    injected: Counter,
) -> None:
    """Registered -> under inquiry -> resolved or rejected (-> reopened -> resolved), cut off
    at the horizon so what is still open stays open."""
    events: list[tuple[datetime, str, str | None]] = []
    comp.events, comp.resolved_date, comp.satisfaction = events, None, None
    remark_u, office_u = d.remark_u[i], d.office_u[i]

    def add(t: datetime, status: str) -> bool:
        if t > horizon:
            return False
        k = 3 * len(events)
        remark, urdu = _remark(status, messiness, *remark_u[k : k + 3])
        injected["urdu_remark"] += urdu
        events.append((t, status, remark))
        return True

    def resolve(t: datetime, previous: datetime, nth: int) -> bool:
        late = d.late_u[i][nth] < messiness.late_update
        if not add(t, "resolved"):
            return False
        injected["late_update"] += late
        comp.resolved_date = _resolution_date(t, previous, d.late_days[i][nth] if late else 0)
        return True

    created = comp.created_at
    add(created, "registered")
    t_inq = _office_time(created, d.inquiry_gap[i], office_u[0])
    if not add(t_inq, "under_inquiry"):
        return
    speed, reject_share = _CATEGORY_TRAITS[comp.category]
    if d.reject_u[i] < reject_share:
        add(_office_time(t_inq, d.reject_days[i], office_u[1]), "rejected")
        return
    median = (
        _MEDIAN_DAYS_TO_RESOLVE
        * _BASE_SLOWNESS
        * district_slowness
        * _DEPARTMENTS[comp.department][1]
        * speed
    )
    days_open = median * math.exp(_RESOLVE_SIGMA * d.resolve_z[i])
    t_res = _office_time(t_inq, max(days_open - d.inquiry_gap[i], 0.2), office_u[1])
    if not resolve(t_res, t_inq, 0):
        return
    if d.reopen_u[i] < _REOPEN_SHARE:
        t_reo = _office_time(t_res, d.reopen_days[i], office_u[2])
        if add(t_reo, "reopened"):
            resolve(_office_time(t_reo, d.reresolve_days[i], office_u[3]), t_reo, 1)
    if events[-1][1] == "resolved" and d.feedback_u[i] < _FEEDBACK_SHARE:
        # Quick resolutions please people; a long wait sours even a good outcome.
        taken = (events[-1][0] - created).total_seconds() / 86400
        score = 3.6 - 0.7 * math.log(max(taken, 1) / 25) + 0.9 * d.satisfaction_z[i]
        comp.satisfaction = int(min(5, max(1, round(score))))


def _number_events(
    events: list[tuple[datetime, int, str, str | None]],
    first_event_id: int,
    gen: np.random.Generator,
    messiness: Messiness,
    injected: Counter,
) -> list[dict]:
    """Event ids in the order events were entered; a double submission repeats a row."""
    events.sort(key=lambda e: (e[0], e[1]))
    dup_u = gen.random(len(events))
    rows = []
    for (changed_at, complaint_id, status, remarks), u in zip(events, dup_u, strict=True):
        copies = 2 if u < messiness.duplicated_row else 1
        injected["duplicated_history_row"] += copies - 1
        for _ in range(copies):
            rows.append(
                {
                    "event_id": first_event_id + len(rows),
                    "complaint_id": complaint_id,
                    "status": status,
                    "changed_at": changed_at,
                    "remarks": remarks,
                }
            )
    return rows


def _office_time(after: datetime, days: float, u: float) -> datetime:
    """When an officer acts about ``days`` after ``after``: in office hours, strictly later."""
    day = (after + timedelta(days=float(days))).date()
    t = datetime.combine(day, time(9)) + timedelta(seconds=int(u * 8 * 3600))
    if t <= after:
        t = after + timedelta(seconds=300 + int(u * 3600))
    return t


def _resolution_date(recorded: datetime, previous: datetime, days_late: int) -> str:
    """The date a resolution happened: the day it was recorded, or days before when it was
    entered late, but never before the previous status change."""
    return max(previous.date(), recorded.date() - timedelta(days=days_late)).isoformat()


def _remark(
    status: str, messiness: Messiness, u_write: float, u_urdu: float, u_pick: float
) -> tuple[str | None, int]:
    share, english, urdu = _REMARKS[status]
    if u_write >= share:
        return None, 0
    if u_urdu < messiness.urdu_text:
        return urdu[int(u_pick * len(urdu))], 1
    return english[int(u_pick * len(english))], 0


def _channels(gen: np.random.Generator, arrival_days: list[date]) -> np.ndarray:
    """The portal gains share every year at the expense of letters and walk-ins."""
    years = np.array([d.year for d in arrival_days], dtype=float) - 2023
    weights = np.stack(
        [
            0.22 + 0.05 * years,  # web portal
            np.full_like(years, 0.15),  # SMS
            np.full_like(years, 0.25),  # helpline
            np.maximum(0.18 - 0.03 * years, 0.05),  # letter
            np.maximum(0.20 - 0.02 * years, 0.08),  # walk-in
        ],
        axis=1,
    )
    cdf = np.cumsum(weights, axis=1)
    u = gen.random(len(years))[:, None] * cdf[:, -1:]
    return (u >= cdf).sum(axis=1)


def _weighted_pick(weights: dict[str, float], u: float) -> str:
    total = sum(weights.values())
    acc = 0.0
    for name, w in weights.items():
        acc += w / total
        if u < acc:
            return name
    return name


def _district_slowness(seed: int) -> dict[str, float]:
    """How slowly each district's offices resolve complaints, so district rankings differ;
    centred so the province-wide median stays where it should."""
    gen = common.rng(seed, SOURCE, "district-slowness")
    ds = common.districts()
    logs = gen.normal(0.0, 0.35, len(ds))
    pop = np.array([d.population for d in ds], dtype=float)
    logs -= np.average(logs, weights=pop)
    return {d.name: float(math.exp(v)) for d, v in zip(ds, logs, strict=True)}


def _mean_log_slowness() -> float:
    total_share = sum(s for s, _ in _DEPARTMENTS.values())
    acc = 0.0
    for dept, (share, dept_speed) in _DEPARTMENTS.items():
        cats = _CATEGORIES[dept]
        cat_total = sum(cats.values())
        for cat, w in cats.items():
            acc += (
                share
                / total_share
                * w
                / cat_total
                * math.log(dept_speed * _CATEGORY_TRAITS[cat][0])
            )
    return acc


# Department and category slowness are relative: centre them on the province median.
_BASE_SLOWNESS = math.exp(-_mean_log_slowness())
