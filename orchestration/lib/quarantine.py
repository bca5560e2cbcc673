"""Split a frame into rows that load and rows quarantined with their reason.

A reason reads ``<kind>: <detail>`` (e.g. ``unknown district: 'Quetaa'``) so reasons can be
counted by kind while each row keeps the offending value.

Checks run in order; a row is quarantined by the first check it fails, so each quarantined
row carries exactly one reason and rows in = rows loaded + rows quarantined by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from orchestration.lib import landing
from orchestration.lib.districts import resolver

ROW_NUMBER = "_row_number"


@dataclass(frozen=True)
class Rule:
    """``failed`` is true for rows that fail; ``reason`` is an expression giving the text."""

    failed: pl.Expr
    reason: pl.Expr
    suggestion: pl.Expr = pl.lit(None, dtype=pl.String)


def split(
    frame: pl.DataFrame,
    rules: list[Rule],
    *,
    source: str,
    entity: str,
    partition_key: str,
    origin: str,
    raw_columns: list[str],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return (loaded rows without helper columns, quarantine frame)."""
    if ROW_NUMBER not in frame.columns:
        frame = frame.with_row_index(ROW_NUMBER, offset=1).with_columns(
            pl.col(ROW_NUMBER).cast(pl.Int64)
        )
    reason: pl.Expr = pl.lit(None, dtype=pl.String)
    suggestion: pl.Expr = pl.lit(None, dtype=pl.String)
    for rule in reversed(rules):  # the first failing rule wins
        reason = pl.when(rule.failed.fill_null(False)).then(rule.reason).otherwise(reason)
        suggestion = (
            pl.when(rule.failed.fill_null(False)).then(rule.suggestion).otherwise(suggestion)
        )
    marked = frame.with_columns(reason.alias("_reason"), suggestion.alias("_suggestion"))
    bad = marked.filter(pl.col("_reason").is_not_null())
    good = marked.filter(pl.col("_reason").is_null()).drop("_reason", "_suggestion", ROW_NUMBER)
    quarantined = landing.quarantine_frame(
        [
            {
                "row_number": row[ROW_NUMBER],
                "reason": row["_reason"],
                "suggestion": row["_suggestion"],
                "raw": {c: row[c] for c in raw_columns},
            }
            for row in bad.iter_rows(named=True)
        ],
        source=source,
        entity=entity,
        partition_key=partition_key,
        origin=origin,
    )
    return good, quarantined


def resolve_districts(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Add ``<column>_unit``, ``district_pcode`` and ``<column>_suggestion`` columns.

    Names are resolved once per distinct spelling, not once per row.
    """
    r = resolver()
    distinct = frame.get_column(column).unique().to_list()
    units, pcodes, suggestions = [], [], []
    for name in distinct:
        hit = r.resolve(name)
        units.append(hit.unit_name if hit else None)
        pcodes.append(hit.district.pcode if hit else None)
        suggestions.append(None if hit else r.suggest(name))
    mapping = pl.DataFrame(
        {
            column: distinct,
            f"{column}_unit": units,
            "district_pcode": pcodes,
            f"{column}_suggestion": suggestions,
        },
        schema={
            column: frame.schema[column],
            f"{column}_unit": pl.String,
            "district_pcode": pl.String,
            f"{column}_suggestion": pl.String,
        },
    )
    return frame.join(mapping, on=column, how="left", nulls_equal=True, maintain_order="left")


def unresolved_district_rule(column: str) -> Rule:
    return Rule(
        failed=pl.col("district_pcode").is_null(),
        reason=pl.format("unknown district: '{}'", pl.col(column).fill_null("")),
        suggestion=pl.col(f"{column}_suggestion"),
    )


def not_asked_for_rule(column: str, asked: str, answer: str) -> Rule:
    """A row for another period than the one requested (``asked``): the source's ``answer``
    (e.g. "the returns") mixed in a row that belongs to a different partition."""
    return Rule(
        failed=pl.col(column) != asked,
        reason=pl.format(
            f"unexpected {column}: '{{}}' in the {answer} for {{}}",
            pl.col(column).fill_null(""),
            pl.lit(asked),
        ),
    )


def land(
    frame: pl.DataFrame,
    rules: list[Rule],
    *,
    source: str,
    entity: str,
    partition_key: str,
    origin: str,
    raw_columns: list[str],
    shape: Callable[[pl.DataFrame], pl.DataFrame] = lambda good: good,
) -> landing.LoadAccount:
    """Split ``frame`` by ``rules`` and land the partition; ``shape`` selects what loads."""
    good, bad = split(
        frame,
        rules,
        source=source,
        entity=entity,
        partition_key=partition_key,
        origin=origin,
        raw_columns=raw_columns,
    )
    return landing.write_partition(
        source=source,
        entity=entity,
        partition_key=partition_key,
        origin=origin,
        rows_read=frame.height,
        loaded=shape(good),
        quarantined=bad,
    )
