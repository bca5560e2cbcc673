"""Read an operational SQL database (any SQLAlchemy URL: SQLite, PostgreSQL, ...).

Rows are streamed in chunks so a large table is never held twice in memory, and every
query binds its values as parameters.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import polars as pl
import sqlalchemy as sa


class SourceUnavailableError(RuntimeError):
    """The source database could not be reached or queried."""


def redact(url: str) -> str:
    """The URL without its password, for error messages and metadata."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


@contextmanager
def connect(url: str) -> Iterator[sa.Connection]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    except sa.exc.OperationalError as exc:
        raise SourceUnavailableError(f"cannot query {redact(url)}: {exc.orig}") from exc
    finally:
        engine.dispose()


def reflect_table(conn: sa.Connection, name: str) -> sa.Table:
    try:
        return sa.Table(name, sa.MetaData(), autoload_with=conn)
    except sa.exc.NoSuchTableError as exc:
        raise SourceUnavailableError(f"table {name!r} not found in the source database") from exc


def stream_frames(
    conn: sa.Connection,
    statement: sa.Select,
    schema: Mapping[str, Any],
    chunk_size: int = 50_000,
) -> Iterator[pl.DataFrame]:
    """Yield the statement's rows as frames of at most ``chunk_size`` rows, typed by ``schema``."""
    result = conn.execution_options(stream_results=True).execute(statement)
    columns = list(result.keys())
    missing = [c for c in schema if c not in columns]
    if missing:
        raise SourceUnavailableError(f"source query lacks expected columns {missing}")
    while rows := result.fetchmany(chunk_size):
        yield pl.DataFrame(
            [tuple(r) for r in rows],
            schema=columns,
            orient="row",
            infer_schema_length=None,
            strict=False,
        ).select([pl.col(c).cast(t, strict=False) for c, t in schema.items()])


def read_frame(
    conn: sa.Connection, statement: sa.Select, schema: Mapping[str, Any]
) -> pl.DataFrame:
    frames = list(stream_frames(conn, statement, schema))
    return pl.concat(frames) if frames else pl.DataFrame(schema=dict(schema))
