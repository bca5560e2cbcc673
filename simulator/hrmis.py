"""Stand-in for the Services & General Administration Department's HR MIS (hrmis).

The real system is the operational SQL database of the provincial government's human
resources: the posts each department is sanctioned (department × district × cadre × BPS
grade), every employee with their grade, department, posting district, date of joining,
IT training and status, and the history of their postings. The warehouse reads it directly
(SQLAlchemy; SQLite in the demo, PostgreSQL in the tests) and lands a snapshot as of each
month's end, so vacancy rates have a history.

Records change after they were first read (transfers, promotions, retirements, training)
and some are deleted outright (a duplicate record purged): ``advance`` lets time pass in an
existing database so the connector's incremental extraction and deletion tracking can be
tested.

Grain: one row per sanctioned-post budget line (``sanctioned_posts``), per employee
(``employees``) and per posting (``postings``). Scale 1 is about 250,000 people in service,
the order-of-magnitude planning figure of DESIGN.md §4, not a published statistic; see
``hrmis_workforce`` for the illustrative rates. Everything written here is synthetic.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from simulator import common, hrmis_workforce, sql
from simulator.common import Messiness

SOURCE = "hrmis"

metadata = sa.MetaData()
departments = sa.Table(
    "departments",
    metadata,
    sa.Column("department_code", sa.Text, primary_key=True),
    sa.Column("department_name", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
sanctioned_posts = sa.Table(
    "sanctioned_posts",
    metadata,
    sa.Column("post_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("department_code", sa.Text, nullable=False),
    sa.Column("district", sa.Text),
    sa.Column("cadre", sa.Text, nullable=False),
    sa.Column("bps_grade", sa.Integer),
    sa.Column("sanctioned", sa.Integer),
    sa.Column("effective_from", sa.Date, nullable=False),
    sa.Column("effective_to", sa.Date),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
employees = sa.Table(
    "employees",
    metadata,
    sa.Column("employee_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("personnel_no", sa.Text, nullable=False),
    sa.Column("gender", sa.Text),
    sa.Column("cadre", sa.Text),
    sa.Column("bps_grade", sa.Integer),
    sa.Column("date_of_joining", sa.Text),  # typed in by hand in the legacy screens
    sa.Column("department_code", sa.Text),
    sa.Column("posting_district", sa.Text),
    sa.Column("it_trained", sa.Boolean, nullable=False),
    sa.Column("it_training_date", sa.Date),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("status_date", sa.Date),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
postings = sa.Table(
    "postings",
    metadata,
    sa.Column("posting_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("employee_id", sa.Integer, nullable=False),
    sa.Column("department_code", sa.Text),
    sa.Column("district", sa.Text),
    sa.Column("cadre", sa.Text),
    sa.Column("bps_grade", sa.Integer),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)
_INDEXES = (
    ("ix_postings_employee_id", "postings", "employee_id"),
    ("ix_postings_start_date", "postings", "start_date"),
    ("ix_postings_updated_at", "postings", "updated_at"),
    ("ix_employees_updated_at", "employees", "updated_at"),
    ("ix_sanctioned_posts_updated_at", "sanctioned_posts", "updated_at"),
)


def generate(
    db_url: str,
    *,
    scale: float = 0.1,
    seed: int = 7,
    as_of: datetime = common.DEFAULT_AS_OF,
    messiness: Messiness | None = None,
) -> dict:
    """(Re)create the HR MIS database as it stands on ``as_of``."""
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    messiness = Messiness() if messiness is None else messiness
    force = hrmis_workforce.simulate(seed, scale, as_of, messiness)
    engine = sa.create_engine(db_url)
    try:
        metadata.drop_all(engine, checkfirst=True)
        metadata.create_all(engine)
        with engine.begin() as conn:
            sql.insert_rows(conn, departments, hrmis_workforce.departments())
            sql.insert_rows(conn, sanctioned_posts, force.posts)
            sql.insert_rows(conn, employees, force.employees)
            sql.insert_rows(conn, postings, force.postings)
            sql.create_indexes(conn, _INDEXES)
    finally:
        engine.dispose()
    in_service = sum(1 for e in force.employees if e["status"] == "active")
    return {
        "source": SOURCE,
        "synthetic": True,
        "scale": scale,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "rows": {
            "sanctioned_posts": len(force.posts),
            "employees": len(force.employees),
            "postings": len(force.postings),
        },
        "posts_sanctioned": sum(max(p["sanctioned"], 0) for p in force.posts),
        "employees_in_service": in_service,
        "messiness": dict(sorted(force.injected.items())),
        "messiness_rates": messiness.as_dict(),
    }


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    """Write ``out_dir/hrmis/hrmis.sqlite`` (the demo's stand-in database) from scratch."""
    target = out_dir / SOURCE / "hrmis.sqlite"
    summary = common.build_file(
        target, lambda partial: generate(f"sqlite:///{partial}", scale=scale, seed=seed)
    )
    return {**summary, "files": [target.relative_to(out_dir).as_posix()]}


def advance(db_url: str, *, to: datetime, seed: int, delete_share: float = 0.002) -> dict:
    """Let time pass in an existing HR MIS database from its latest change up to ``to``.

    Some people are transferred or promoted (their posting ends, a new one starts), some
    retire, some are trained; new posts are sanctioned; and a few records are deleted
    outright, as when a duplicate is purged. Every change carries an ``updated_at`` after the
    previous latest one, except deletions, which leave no trace but their absence.
    """
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            return _advance(conn, to=to, seed=seed, delete_share=delete_share)
    finally:
        engine.dispose()


def _advance(conn: sa.Connection, *, to: datetime, seed: int, delete_share: float) -> dict:
    e, p, s = employees.c, postings.c, sanctioned_posts.c
    since = max(
        conn.execute(sa.select(sa.func.max(t.c.updated_at))).scalar_one()
        for t in (employees, postings, sanctioned_posts)
    )
    counts: Counter[str] = Counter()
    if to <= since:
        return {"from": since.isoformat(), "to": to.isoformat(), **counts}
    gen = common.rng(seed, SOURCE, "advance", since.isoformat(), to.isoformat())
    span = (to - since).total_seconds()

    def moment() -> datetime:
        return since + timedelta(seconds=1 + float(gen.random()) * (span - 1))

    active = conn.execute(
        sa.select(e.employee_id, e.bps_grade).where(e.status == "active").order_by(e.employee_id)
    ).all()
    current = {
        row.employee_id: row
        for row in conn.execute(sa.select(postings).where(p.end_date.is_(None))).all()
    }
    next_posting = conn.execute(sa.select(sa.func.max(p.posting_id))).scalar_one() + 1
    years = span / (365.25 * 86400)
    for employee_id, bps in active:
        u = gen.random(4)
        when = moment()
        day = when.date()
        if u[0] < 0.08 * years * 4 and employee_id in current:  # transfer or promotion
            old = current[employee_id]
            promoted = u[1] < 0.3 and (bps or 0) < 22
            new_bps = (bps or 0) + 1 if promoted else old.bps_grade
            district = old.district if promoted else common.pick_districts(gen, 1)[0]
            conn.execute(
                postings.update()
                .where(p.posting_id == old.posting_id)
                .values(end_date=day, updated_at=when)
            )
            conn.execute(
                postings.insert().values(
                    posting_id=next_posting,
                    employee_id=employee_id,
                    department_code=old.department_code,
                    district=district,
                    cadre=old.cadre,
                    bps_grade=new_bps,
                    start_date=day,
                    end_date=None,
                    updated_at=when,
                )
            )
            next_posting += 1
            conn.execute(
                employees.update()
                .where(e.employee_id == employee_id)
                .values(posting_district=district, bps_grade=new_bps, updated_at=when)
            )
            counts["promoted" if promoted else "transferred"] += 1
        elif u[0] < (0.08 * 4 + hrmis_workforce.LEAVING_PER_YEAR) * years:
            conn.execute(
                employees.update()
                .where(e.employee_id == employee_id)
                .values(status="retired", status_date=day, updated_at=when)
            )
            conn.execute(
                postings.update()
                .where((p.employee_id == employee_id) & p.end_date.is_(None))
                .values(end_date=day, updated_at=when)
            )
            counts["retired"] += 1
        elif u[2] < 0.05 * years * 4:
            conn.execute(
                employees.update()
                .where(e.employee_id == employee_id)
                .values(it_trained=True, it_training_date=day, updated_at=when)
            )
            counts["it_trained"] += 1
    # New posts in the next budget, if one falls in the window.
    for year in range(since.year, to.year + 1):
        july = datetime(year, 7, 1, 10)
        if since < july <= to:
            rows = conn.execute(sa.select(sanctioned_posts).order_by(s.post_id)).all()
            next_post = rows[-1].post_id + 1
            for row in rows[:: max(1, len(rows) // 50)]:
                conn.execute(
                    sanctioned_posts.insert().values(
                        post_id=next_post,
                        department_code=row.department_code,
                        district=row.district,
                        cadre=row.cadre,
                        bps_grade=row.bps_grade,
                        sanctioned=1 + int(gen.integers(3)),
                        effective_from=july.date(),
                        effective_to=None,
                        updated_at=july,
                    )
                )
                next_post += 1
                counts["posts_added"] += 1
    # A few records purged outright (with their postings): no updated_at tells of it.
    ids = [row[0] for row in active]
    doomed = (
        sorted(
            int(i)
            for i in gen.choice(ids, size=max(1, round(len(ids) * delete_share)), replace=False)
        )
        if ids
        else []
    )
    if doomed:
        conn.execute(postings.delete().where(p.employee_id.in_(doomed)))
        conn.execute(employees.delete().where(e.employee_id.in_(doomed)))
    counts["deleted"] = len(doomed)
    return {"from": since.isoformat(), "to": to.isoformat(), "deleted_ids": doomed, **dict(counts)}
