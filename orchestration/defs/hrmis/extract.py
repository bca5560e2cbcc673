"""Extract the HR MIS as it stood at a month's end, and record what the source deleted.

A partition is a month (``2026-10-01``); it holds the sanctioned posts in effect and the
employees in service (with the posting they held) at the end of that month, rebuilt from the
source's effective dates: ``sanctioned_posts.effective_from/to`` and ``postings.start_date/
end_date``. Re-extracting a month replaces it, so a record updated after its first
extraction (a late-entered transfer, a corrected grade) is updated, never duplicated. A run
over many months (a backfill) reads the source once and cuts every month from that read
(``MonthEnds``).

Which months to re-extract is found from the ``updated_at`` watermark (``changed_since``):
every month from the earliest effective date a changed row carries. A row *deleted* at the
source leaves no ``updated_at`` behind, so each extraction compares the ids it previously
landed for the month with the ids the source still has; those gone are landed in the
``deletions`` entity (and kept there on every later re-run), never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa

from orchestration.lib import landing, quarantine, settings, sql_source
from orchestration.lib.periods import month_key, month_window

SOURCE = "hrmis"
GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female"}
DATE_OF_JOINING_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")

POST_COLUMNS = {
    "post_id": pl.Int64,
    "department_code": pl.String,
    "department_name": pl.String,
    "district": pl.String,
    "cadre": pl.String,
    "bps_grade": pl.Int64,
    "sanctioned": pl.Int64,
    "effective_from": pl.Date,
    "effective_to": pl.Date,
    "updated_at": pl.Datetime("us"),
}
EMPLOYEE_COLUMNS = {
    "employee_id": pl.Int64,
    "personnel_no": pl.String,
    "gender": pl.String,
    "date_of_joining": pl.String,
    "status": pl.String,
    "it_training_date": pl.Date,
    "posting_id": pl.Int64,
    "department_code": pl.String,
    "department_name": pl.String,
    "district": pl.String,
    "cadre": pl.String,
    "bps_grade": pl.Int64,
    "start_date": pl.Date,
    "updated_at": pl.Datetime("us"),
}
DELETION_SCHEMA = {
    "entity": pl.String,
    "record_id": pl.Int64,
    "detected_at": pl.Datetime("us", "UTC"),
    "last_landed_record": pl.String,  # the row as it was last landed, as JSON
}
# The ids each landed entity is keyed by, and the source table that holds them.
_KEYS = {
    "employees": ("employee_id", "employees"),
    "sanctioned_posts": ("post_id", "sanctioned_posts"),
}


def database_url() -> str:
    default = f"sqlite:///{settings.simulated_sources_dir() / SOURCE / 'hrmis.sqlite'}"
    return settings.source_setting(SOURCE, "database_url", default)


def changed_since(url: str, since: datetime | None) -> tuple[str | None, datetime | None]:
    """The first month a change after ``since`` affects (None if nothing changed) and the new
    watermark. A change reaches back to the month it took effect (a transfer or retirement
    entered late, on its closing or starting date); every later month's snapshot changes
    with it. A change to a person other than leaving (IT training, a corrected gender or date
    of joining) counts from the month it was entered, and a correction to a closed posting
    from its closing date: earlier snapshots keep the old value until that range is re-run by
    hand (``load hrmis --from ... --to ...``)."""
    earliest: list[date] = []
    watermark = since
    with sql_source.connect(url) as conn:
        posts = sql_source.reflect_table(conn, "sanctioned_posts")
        stints = sql_source.reflect_table(conn, "postings")
        people = sql_source.reflect_table(conn, "employees")
        queries = {
            # A row that was closed changed on its closing date; a new row on its first.
            posts: sa.select(
                sa.func.min(sa.func.coalesce(posts.c.effective_to, posts.c.effective_from))
            ),
            stints: sa.select(
                sa.func.min(sa.func.coalesce(stints.c.end_date, stints.c.start_date))
            ),
            # A retirement counts from its date; anything else about a person (training,
            # a correction) from when it was entered, as the row does not say what changed.
            people: sa.select(
                # Typed as text: SQLite would otherwise parse a timestamp as a date and fail.
                sa.func.min(
                    sa.func.coalesce(people.c.status_date, people.c.updated_at, type_=sa.Text)
                )
            ),
        }
        for table, query in queries.items():
            latest = sa.select(sa.func.max(table.c.updated_at))
            if since is not None:
                query = query.where(table.c.updated_at > since)
                latest = latest.where(table.c.updated_at > since)
            newest = conn.execute(latest).scalar_one()
            if newest is None:
                continue
            newest = _as_datetime(newest)
            watermark = max(watermark, newest) if watermark else newest
            earliest += [_as_date(d) for d in conn.execute(query).one() if d is not None]
    if not earliest:
        return None, watermark
    return month_key(min(earliest)), watermark


def source_fingerprint(url: str) -> dict[str, list[int]]:
    """Count and sum of the ids in each keyed table: a deletion changes them even though it
    leaves no ``updated_at`` behind."""
    out = {}
    with sql_source.connect(url) as conn:
        for entity, (key, table) in _KEYS.items():
            t = sql_source.reflect_table(conn, table)
            count, total = conn.execute(
                sa.select(sa.func.count(t.c[key]), sa.func.coalesce(sa.func.sum(t.c[key]), 0))
            ).one()
            out[entity] = [int(count), int(total)]
    return out


def source_ids(url: str) -> dict[str, set[int]]:
    with sql_source.connect(url) as conn:
        out = {}
        for entity, (key, table) in _KEYS.items():
            t = sql_source.reflect_table(conn, table)
            out[entity] = {int(r[0]) for r in conn.execute(sa.select(t.c[key]))}
    return out


def land_month(url: str, partition_key: str) -> list[landing.LoadAccount]:
    return MonthEnds(url, [partition_key]).land_month(partition_key)


class MonthEnds:
    """The month-end snapshots of a run's months, cut from one read of the source.

    Consecutive month ends share nearly every row, so a backfill reads the posts and
    postings in effect at any of its month ends once (on first use) and filters each
    month's snapshot from them, instead of asking the database again for every month.
    """

    def __init__(self, url: str, partition_keys: Iterable[str]) -> None:
        self.url = url
        ends = [_month_end_exclusive(k) for k in partition_keys]
        if not ends:
            raise ValueError("no months to extract")
        self._first_end, self._last_end = min(ends), max(ends)
        self._posts: pl.DataFrame | None = None
        self._people: pl.DataFrame | None = None
        self._present: dict[str, set[int]] | None = None

    def land_month(self, partition_key: str) -> list[landing.LoadAccount]:
        # Deletions are judged against what this partition held before it is replaced.
        previous = {e: _landed(e, partition_key) for e in _KEYS}
        posts, people = self._snapshot(partition_key)
        origin = sql_source.redact(self.url)
        month_end = month_window(partition_key)[1].date() - timedelta(days=1)
        return [
            _land_posts(posts, partition_key, f"{origin} table sanctioned_posts"),
            _land_employees(
                people, partition_key, month_end, f"{origin} tables employees, postings"
            ),
            _land_deletions(
                self._present_ids,
                partition_key,
                previous,
                f"{origin} tables employees, sanctioned_posts (ids no longer present)",
            ),
        ]

    def _snapshot(self, partition_key: str) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(sanctioned posts in effect, employees in service) at the end of the month."""
        end = _month_end_exclusive(partition_key)
        if not self._first_end <= end <= self._last_end:
            raise ValueError(f"{partition_key} is outside the months this extraction read")
        if self._posts is None or self._people is None:
            posts, people = _read_in_effect(self.url, self._first_end, self._last_end)
            # What depends on the row alone is worked out once, not again for every month.
            self._posts, self._people = _typed_common(posts), _typed_employees(people)
        posts = self._posts.filter(_in_effect("effective_from", "effective_to", end))
        people = self._people.filter(
            _in_effect("start_date", "end_date", end),
            pl.col("status_date").is_null() | (pl.col("status_date") >= end),
        )
        return posts, people

    def _present_ids(self) -> dict[str, set[int]]:
        """The ids the source holds, read once per extraction."""
        if self._present is None:
            self._present = source_ids(self.url)
        return self._present


def _month_end_exclusive(partition_key: str) -> date:
    """The first day after the month: a snapshot holds what is in effect on the day before."""
    return month_window(partition_key)[1].date()


def _in_effect(start: str, stop: str, end: date) -> pl.Expr:
    """In effect on the day before ``end``: begun before it and not ended until it."""
    return (pl.col(start) < end) & (pl.col(stop).is_null() | (pl.col(stop) >= end))


def _read_in_effect(url: str, first_end: date, last_end: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Posts in effect at any month end in [first_end, last_end), and postings (joined to
    their employee) not ended before the first, in the order a snapshot lists them (by id)."""
    with sql_source.connect(url) as conn:
        dept = sql_source.reflect_table(conn, "departments")
        posts = sql_source.reflect_table(conn, "sanctioned_posts")
        people = sql_source.reflect_table(conn, "employees")
        stints = sql_source.reflect_table(conn, "postings")
        post_rows = sql_source.read_frame(
            conn,
            sa.select(
                *[posts.c[c] for c in POST_COLUMNS if c != "department_name"],
                dept.c.department_name,
            )
            .select_from(posts.outerjoin(dept, dept.c.department_code == posts.c.department_code))
            .where(posts.c.effective_from < last_end)
            .where(sa.or_(posts.c.effective_to.is_(None), posts.c.effective_to >= first_end)),
            POST_COLUMNS,
        )
        # The posting held at the month's end says where, in what cadre and grade, the
        # person served then; the employee row says who they are.
        employee_rows = sql_source.read_frame(
            conn,
            sa.select(
                people.c.employee_id,
                people.c.personnel_no,
                people.c.gender,
                people.c.date_of_joining,
                people.c.status,
                people.c.it_training_date,
                stints.c.posting_id,
                stints.c.department_code,
                dept.c.department_name,
                stints.c.district,
                stints.c.cadre,
                stints.c.bps_grade,
                stints.c.start_date,
                sa.case(
                    (stints.c.updated_at > people.c.updated_at, stints.c.updated_at),
                    else_=people.c.updated_at,
                ).label("updated_at"),
                stints.c.end_date,
                people.c.status_date,
            )
            .select_from(
                stints.join(people, people.c.employee_id == stints.c.employee_id).outerjoin(
                    dept, dept.c.department_code == stints.c.department_code
                )
            )
            # No bound on start_date: nearly every posting starts before the last month end,
            # and a range on it would have SQLite (no planner statistics) walk the start_date
            # index row by row instead of scanning the table, ten times the work. The
            # month's own filter drops the postings that start later.
            .where(sa.or_(stints.c.end_date.is_(None), stints.c.end_date >= first_end))
            .where(sa.or_(people.c.status_date.is_(None), people.c.status_date >= first_end)),
            {**EMPLOYEE_COLUMNS, "end_date": pl.Date, "status_date": pl.Date},
        )
    # Quarantine row numbers count positions in this order; the ids are unique keys, so it
    # does not depend on the order the database happened to return the rows in.
    return post_rows.sort("post_id"), employee_rows.sort("employee_id", "posting_id")


def _typed_common(frame: pl.DataFrame) -> pl.DataFrame:
    return quarantine.resolve_districts(frame, "district")


def _typed_employees(people: pl.DataFrame) -> pl.DataFrame:
    return _typed_common(people).with_columns(
        pl.coalesce(
            [
                pl.col("date_of_joining").str.strptime(pl.Date, f, strict=False)
                for f in DATE_OF_JOINING_FORMATS
            ]
        ).alias("_joined"),
        pl.col("gender")
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(GENDERS, default=None)
        .alias("_gender"),
    )


def _common_rules() -> list[quarantine.Rule]:
    return [
        quarantine.unresolved_district_rule("district"),
        quarantine.Rule(
            failed=pl.col("department_name").is_null(),
            reason=pl.format("unknown department: '{}'", pl.col("department_code").fill_null("")),
            suggestion=pl.lit("a code in the source's departments table"),
        ),
        quarantine.Rule(
            failed=~pl.col("bps_grade").is_between(1, 22).fill_null(False),
            reason=pl.format(
                "invalid bps_grade: '{}'", pl.col("bps_grade").cast(pl.String).fill_null("")
            ),
            suggestion=pl.lit("a whole number from 1 to 22"),
        ),
    ]


def _land_posts(posts: pl.DataFrame, partition_key: str, origin: str) -> landing.LoadAccount:
    """Land one month of ``_typed_common`` post rows (in effect at the month's end)."""
    rules = [
        *_common_rules(),
        quarantine.Rule(
            failed=~(pl.col("sanctioned") >= 0).fill_null(False),
            reason=pl.format(
                "invalid sanctioned count: '{}'",
                pl.col("sanctioned").cast(pl.String).fill_null(""),
            ),
        ),
    ]
    month = datetime.strptime(partition_key, "%Y-%m-%d").date()
    return quarantine.land(
        posts,
        rules,
        source=SOURCE,
        entity="sanctioned_posts",
        partition_key=partition_key,
        origin=origin,
        raw_columns=list(POST_COLUMNS),
        shape=lambda good: good.select(
            pl.lit(month).alias("snapshot_month"),
            "post_id",
            "department_code",
            pl.col("district").alias("district_reported"),
            pl.col("district_unit"),
            "district_pcode",
            "cadre",
            pl.col("bps_grade").cast(pl.Int16),
            pl.col("sanctioned").cast(pl.Int32),
            "effective_from",
            "effective_to",
            "updated_at",
        ),
    )


def _land_employees(
    people: pl.DataFrame, partition_key: str, month_end: date, origin: str
) -> landing.LoadAccount:
    """Land one month of ``_typed_employees`` rows (in service at ``month_end``)."""
    # Who else holds a personnel number, or which other posting is open, is asked within
    # the month: both change from one month end to the next.
    typed = people.with_columns(
        pl.col("employee_id").min().over("personnel_no").alias("_first_id"),
        pl.col("posting_id").min().over("employee_id").alias("_first_posting"),
    )
    rules = [
        quarantine.Rule(
            failed=pl.col("posting_id") != pl.col("_first_posting"),
            reason=pl.format(
                "overlapping postings: employee {} holds posting {} as well",
                pl.col("employee_id"),
                pl.col("_first_posting"),
            ),
        ),
        quarantine.Rule(
            failed=pl.col("employee_id") != pl.col("_first_id"),
            reason=pl.format(
                "duplicate personnel_no: '{}' (also employee {})",
                pl.col("personnel_no"),
                pl.col("_first_id"),
            ),
            suggestion=pl.format("same person as employee {}", pl.col("_first_id")),
        ),
        *_common_rules(),
        quarantine.Rule(
            failed=pl.col("_gender").is_null(),
            reason=pl.format("unknown gender: '{}'", pl.col("gender").fill_null("")),
        ),
        quarantine.Rule(
            failed=pl.col("_joined").is_null(),
            reason=pl.format(
                "malformed date_of_joining: '{}'", pl.col("date_of_joining").fill_null("")
            ),
        ),
    ]
    month = month_end.replace(day=1)
    return quarantine.land(
        typed,
        rules,
        source=SOURCE,
        entity="employees",
        partition_key=partition_key,
        origin=origin,
        raw_columns=list(EMPLOYEE_COLUMNS),
        shape=lambda good: good.select(
            pl.lit(month).alias("snapshot_month"),
            "employee_id",
            "personnel_no",
            pl.col("_gender").alias("gender"),
            "department_code",
            "cadre",
            pl.col("bps_grade").cast(pl.Int16),
            pl.col("district").alias("district_reported"),
            pl.col("district_unit"),
            "district_pcode",
            pl.col("_joined").alias("date_of_joining"),
            (pl.col("it_training_date") <= month_end).fill_null(False).alias("it_trained"),
            pl.when(pl.col("it_training_date") <= month_end)
            .then(pl.col("it_training_date"))
            .alias("it_training_date"),
            "posting_id",
            pl.col("start_date").alias("posting_start_date"),
            pl.col("status").alias("current_status"),
            "updated_at",
        ),
    )


def _landed(entity: str, partition_key: str) -> pl.DataFrame | None:
    path = landing.partition_dir(SOURCE, entity, partition_key) / "data.parquet"
    return pl.read_parquet(path) if path.exists() else None


def _land_deletions(
    present_ids: Callable[[], dict[str, set[int]]],
    partition_key: str,
    previous: dict[str, pl.DataFrame | None],
    origin: str,
) -> landing.LoadAccount:
    known = _landed("deletions", partition_key)
    rows: list[dict[str, Any]] = known.to_dicts() if known is not None else []
    recorded = {(r["entity"], r["record_id"]) for r in rows}
    now = datetime.now(UTC)
    present = present_ids() if any(f is not None for f in previous.values()) else {}
    for entity, frame in previous.items():
        if frame is None:
            continue
        key = _KEYS[entity][0]
        gone = frame.filter(~pl.col(key).is_in(sorted(present[entity])))
        for record in gone.iter_rows(named=True):
            if (entity, record[key]) not in recorded:
                rows.append(
                    {
                        "entity": entity,
                        "record_id": record[key],
                        "detected_at": now,
                        "last_landed_record": json.dumps(record, default=str, ensure_ascii=False),
                    }
                )
    frame = pl.DataFrame(rows, schema=DELETION_SCHEMA).sort("entity", "record_id")
    return landing.write_partition(
        source=SOURCE,
        entity="deletions",
        partition_key=partition_key,
        origin=origin,
        rows_read=frame.height,
        loaded=frame,
        quarantined=landing.empty_quarantine(),
    )


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
