"""Land one fiscal quarter of the PIS: the year's scheme register and the quarter's returns.

A partition is a Pakistan fiscal quarter, keyed by its first day: ``2024-07-01`` is
FY 2024-25 Q1 (July-September), ``2024-10-01`` Q2, ``2025-01-01`` Q3, ``2025-04-01`` Q4.
Each partition lands the fiscal year's scheme register as it stands when read (staging
keeps the latest reading of each scheme and year) and every scheme's return for the
quarter: releases and expenditure to date in the fiscal year, and physical progress.

Amounts are PKR million. A return is impossible when expenditure exceeds releases or
releases exceed the year's allocation; such rows are quarantined with both figures, since
either could be the typo.

The register is read once per fiscal year in a run: the quarters of one year landed
together (a backfill, or the schedule's quarter just ended and the one before) land the
same reading of it rather than asking the API for the same pages again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl

from orchestration.defs.pis.api import (
    PROGRESS_FIELDS,
    SCHEME_FIELDS,
    SOURCE,
    PisClient,
    PisSettings,
)
from orchestration.lib import landing, quarantine
from orchestration.lib.districts import normalise
from orchestration.lib.http_source import ApiRun, ChunkSpool
from orchestration.lib.quarantine import ROW_NUMBER, Rule

PAGE = "page"
# What the register writes for a scheme that serves the whole province, not one district.
PROVINCIAL_NAMES = {
    normalise(n)
    for n in (
        "Provincial",
        "Balochistan",
        "Multiple Districts",
        "Various Districts",
        "Province-wide",
        "All Districts",
    )
}
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)$"


def fiscal_quarter(partition_key: str) -> tuple[str, str]:
    """``2024-07-01`` -> ("2024-25", "2024-25-Q1"); ``2025-01-01`` -> ("2024-25", "2024-25-Q3")."""
    start = date.fromisoformat(partition_key)
    if start.day != 1 or start.month not in (1, 4, 7, 10):
        raise ValueError(f"{partition_key} does not start a fiscal quarter")
    fy_start = start.year if start.month >= 7 else start.year - 1
    fy = f"{fy_start}-{(fy_start + 1) % 100:02d}"
    q = {7: 1, 10: 2, 1: 3, 4: 4}[start.month]
    return fy, f"{fy}-Q{q}"


def _amount(column: str) -> pl.Expr:
    """A money or percentage field: a JSON number, or a plain number in a string."""
    text = pl.col(column).str.strip_chars()
    return pl.when(text.str.contains(_NUMBER)).then(text.cast(pl.Float64, strict=False))


def _day(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def _malformed(column: str, parsed: pl.Expr) -> Rule:
    return Rule(
        failed=parsed.is_null(),
        reason=pl.format("malformed {}: '{}'", pl.lit(column), pl.col(column).fill_null("")),
    )


def _more_than(amount: tuple[str, str], limit: tuple[str, str]) -> Rule:
    """An amount above the one that bounds it, each given as (name, parsed column). Both
    figures go into the reason, since either could be the typo."""
    (name, column), (limit_name, limit_column) = amount, limit
    return Rule(
        failed=pl.col(column) > pl.col(limit_column),
        reason=pl.format(
            f"impossible amounts: {name} {{}} > {limit_name} {{}}",
            pl.col(column),
            pl.col(limit_column),
        ),
    )


class PisExtract(ApiRun):
    """One run's reading of the PIS, one fiscal quarter at a time."""

    api: PisClient

    def __init__(
        self,
        cfg: PisSettings | None = None,
        *,
        warn: Callable[[str], None] = lambda m: None,
        info: Callable[[str], None] = lambda m: None,
    ) -> None:
        self.cfg = cfg or PisSettings.from_env()
        super().__init__(PisClient(self.cfg, warn), info)
        self._register: tuple[str, pl.DataFrame] | None = None  # (fiscal year, as read)

    def land_quarter(self, partition_key: str) -> list[landing.LoadAccount]:
        fy, quarter = fiscal_quarter(partition_key)
        raw_schemes = self._read_register(fy)
        with tempfile.TemporaryDirectory(prefix="pis-") as tmp:
            returns = ChunkSpool(Path(tmp) / "progress.parquet", [*PROGRESS_FIELDS, PAGE])
            for page, records in self.api.progress(quarter):
                returns.append(records, {PAGE: page})
            raw_returns = returns.read()
        self.info(
            f"{SOURCE} {quarter}: {raw_schemes.height} schemes of FY {fy}, "
            f"{raw_returns.height} quarterly returns"
        )
        typed = self._typed_schemes(raw_schemes, partition_key)
        scheme_account, loaded = self._land_schemes(typed, partition_key, fy, quarter)
        return [
            scheme_account,
            self._land_progress(raw_returns, loaded, typed, partition_key, fy, quarter),
        ]

    def _read_register(self, fy: str) -> pl.DataFrame:
        """The fiscal year's scheme register, every page, as text; read once a run."""
        if self._register is None or self._register[0] != fy:
            with tempfile.TemporaryDirectory(prefix="pis-") as tmp:
                schemes = ChunkSpool(Path(tmp) / "schemes.parquet", [*SCHEME_FIELDS, PAGE])
                for page, records in self.api.schemes(fy):
                    schemes.append(records, {PAGE: page})
                self._register = (fy, schemes.read())
        return self._register[1]

    def _typed_schemes(self, raw: pl.DataFrame, partition_key: str) -> pl.DataFrame:
        frame = raw.with_row_index(ROW_NUMBER, offset=1).with_columns(
            pl.col(ROW_NUMBER).cast(pl.Int64),
            pl.col("id").str.strip_chars().cast(pl.Int64, strict=False).alias("_id"),
            _amount("estimated_cost").alias("_cost"),
            _amount("allocation").alias("_allocation"),
            _day("start_date").alias("_start"),
            _day("planned_completion_date").alias("_planned_end"),
            pl.col("district")
            .fill_null("")
            .map_elements(normalise, return_dtype=pl.String)
            .is_in(PROVINCIAL_NAMES)
            .alias("_provincial"),
        )
        return quarantine.resolve_districts(frame, "district")

    def _land_schemes(
        self, frame: pl.DataFrame, partition_key: str, fy: str, quarter: str
    ) -> tuple[landing.LoadAccount, pl.DataFrame]:
        first = pl.col(ROW_NUMBER).min().over("_id")
        rules = [
            Rule(
                failed=pl.col("_id").is_null(),
                reason=pl.format("malformed id: '{}'", pl.col("id").fill_null("")),
            ),
            Rule(
                failed=pl.col(ROW_NUMBER) != first,
                reason=pl.format("duplicate scheme: id {} already on row {}", pl.col("_id"), first),
            ),
            quarantine.not_asked_for_rule("fiscal_year", fy, "register"),
            Rule(
                failed=~pl.col("_provincial") & pl.col("district_pcode").is_null(),
                reason=pl.format("unknown district: '{}'", pl.col("district").fill_null("")),
                suggestion=pl.col("district_suggestion"),
            ),
            _malformed("estimated_cost", pl.col("_cost")),
            _malformed("allocation", pl.col("_allocation")),
            _malformed("start_date", pl.col("_start")),
            _malformed("planned_completion_date", pl.col("_planned_end")),
            Rule(
                failed=(pl.col("_cost") <= 0) | (pl.col("_allocation") < 0),
                reason=pl.format(
                    "negative amount: estimated cost {}, allocation {}",
                    pl.col("_cost"),
                    pl.col("_allocation"),
                ),
            ),
            _more_than(("allocation", "_allocation"), ("estimated cost", "_cost")),
            Rule(
                failed=pl.col("_planned_end") < pl.col("_start"),
                reason=pl.format(
                    "impossible dates: planned completion {} before start {}",
                    pl.col("_planned_end"),
                    pl.col("_start"),
                ),
            ),
        ]
        loaded: dict[str, pl.DataFrame] = {}

        def shape(good: pl.DataFrame) -> pl.DataFrame:
            out = good.select(
                pl.lit(quarter).alias("quarter_read"),
                pl.col("_id").alias("scheme_id"),
                "gs_no",
                pl.col("name").alias("scheme_name"),
                "sector",
                "programme",
                pl.col("district").alias("district_reported"),
                pl.col("district_unit"),
                "district_pcode",
                pl.when(pl.col("_provincial"))
                .then(pl.lit("provincial"))
                .otherwise(pl.lit("district"))
                .alias("district_scope"),
                "executing_agency",
                pl.col("_cost").alias("estimated_cost_pkr_m"),
                pl.col("_allocation").alias("allocation_pkr_m"),
                pl.col("_start").alias("start_date"),
                pl.col("_planned_end").alias("planned_completion_date"),
                "status",
                "fiscal_year",
                pl.col("updated_at")
                .str.slice(0, 19)
                .str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False)
                .alias("updated_at"),
            )
            loaded["schemes"] = out
            return out

        account = quarantine.land(
            frame,
            rules,
            source=SOURCE,
            entity="schemes",
            partition_key=partition_key,
            origin=self._origin("/api/v1/schemes", {"fiscal_year": fy}),
            raw_columns=[*SCHEME_FIELDS, PAGE],
            shape=shape,
        )
        return account, loaded["schemes"]

    def _land_progress(
        self,
        raw: pl.DataFrame,
        schemes: pl.DataFrame,
        all_schemes: pl.DataFrame,
        partition_key: str,
        fy: str,
        quarter: str,
    ) -> landing.LoadAccount:
        register = schemes.select(
            "scheme_id",
            pl.col("allocation_pkr_m").alias("_allocation"),
            pl.lit(True).alias("_loaded"),
        )
        listed = all_schemes.select(
            pl.col("_id").alias("scheme_id"), pl.lit(True).alias("_listed")
        ).unique("scheme_id")
        frame = (
            raw.with_row_index(ROW_NUMBER, offset=1)
            .with_columns(
                pl.col(ROW_NUMBER).cast(pl.Int64),
                pl.col("scheme_id").str.strip_chars().cast(pl.Int64, strict=False).alias("_id"),
                _amount("releases").alias("_releases"),
                _amount("expenditure").alias("_expenditure"),
                _amount("physical_progress_pct").alias("_progress"),
                _day("reported_on").alias("_reported"),
            )
            .join(register, left_on="_id", right_on="scheme_id", how="left", maintain_order="left")
            .join(listed, left_on="_id", right_on="scheme_id", how="left", maintain_order="left")
        )
        first = pl.col(ROW_NUMBER).min().over("_id")
        rules = [
            Rule(
                failed=pl.col("_id").is_null(),
                reason=pl.format("malformed scheme_id: '{}'", pl.col("scheme_id").fill_null("")),
            ),
            quarantine.not_asked_for_rule("quarter", quarter, "returns"),
            Rule(
                failed=pl.col("_listed").is_null(),
                reason=pl.format(
                    "unknown scheme: {} is not in the FY {} register", pl.col("_id"), pl.lit(fy)
                ),
            ),
            Rule(
                failed=pl.col("_loaded").is_null(),
                reason=pl.format(
                    "scheme quarantined: scheme {} did not load (see the pis/schemes quarantine)",
                    pl.col("_id"),
                ),
            ),
            _malformed("releases", pl.col("_releases")),
            _malformed("expenditure", pl.col("_expenditure")),
            _malformed("physical_progress_pct", pl.col("_progress")),
            _malformed("reported_on", pl.col("_reported")),
            Rule(
                failed=(pl.col("_releases") < 0) | (pl.col("_expenditure") < 0),
                reason=pl.format(
                    "negative amount: releases {}, expenditure {}",
                    pl.col("_releases"),
                    pl.col("_expenditure"),
                ),
            ),
            _more_than(("releases", "_releases"), ("allocation", "_allocation")),
            _more_than(("expenditure", "_expenditure"), ("releases", "_releases")),
            Rule(
                failed=(pl.col("_progress") < 0) | (pl.col("_progress") > 100),
                reason=pl.format("impossible progress: {}% is outside 0-100", pl.col("_progress")),
            ),
            Rule(
                failed=pl.col(ROW_NUMBER) != first,
                reason=pl.format(
                    "duplicate return: scheme {} already on row {}", pl.col("_id"), first
                ),
            ),
        ]
        return quarantine.land(
            frame,
            rules,
            source=SOURCE,
            entity="scheme_progress",
            partition_key=partition_key,
            origin=self._origin("/api/v1/progress", {"quarter": quarter}),
            raw_columns=[*PROGRESS_FIELDS, PAGE],
            shape=lambda good: good.select(
                pl.col("_id").alias("scheme_id"),
                pl.lit(fy).alias("fiscal_year"),
                "quarter",
                pl.lit(date.fromisoformat(partition_key)).alias("quarter_start"),
                pl.col("_releases").alias("releases_to_date_pkr_m"),
                pl.col("_expenditure").alias("expenditure_to_date_pkr_m"),
                pl.col("_progress").alias("physical_progress_pct"),
                pl.col("_reported").alias("reported_on"),
                "remarks",
            ),
        )

    def _origin(self, path: str, params: dict[str, str]) -> str:
        endpoint = self.api.http.endpoint(path, {**params, "per_page": self.cfg.per_page})
        return f"{endpoint}, every page by links.next"
