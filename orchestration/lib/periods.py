"""Reporting periods as Dagster partition keys."""

from __future__ import annotations

from datetime import date, datetime


def month_key(d: date | datetime) -> str:
    return f"{d.year:04d}-{d.month:02d}-01"


def month_window(partition_key: str) -> tuple[datetime, datetime]:
    """[start, end) of the month a ``YYYY-MM-DD`` monthly partition key names."""
    start = datetime.strptime(partition_key, "%Y-%m-%d")
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return start, end
