"""From the landed responses to the two tables dbt cannot compute soundly in SQL.

* ``crosstab_cells``: every wave x item x breakdown x group x answer category, its true
  count and whether it may be shown (``suppression``). Complementary suppression is an
  iterative search with an exact audit, which is why it lives in Python; the dbt mart
  nulls what must not be shown, and a dbt test re-counts the cells from the responses so a
  stale table fails the build instead of misleading.
* ``group_differences``: rank tests with effect sizes and adjusted p-values
  (``group_tests``), between groups within a wave and between consecutive waves.

Both are recomputed over every landed wave on each run (the survey is small) and land as
``landing/survey/<entity>/partition=all_waves``.
"""

from __future__ import annotations

import polars as pl

from orchestration.defs.survey import group_tests, suppression
from orchestration.defs.survey.extract import ENTITY, WAVE_KEY
from orchestration.defs.survey.form import SOURCE, FormSpec
from orchestration.lib import landing

PARTITION = "all_waves"
# Breakdown name -> column of the responses that holds the group.
DIMENSIONS = {"level": "level", "department": "department", "district": "district_pcode"}
AGREEMENT_SCALE = "agreement"
AGREEMENT_SCORES = {
    "strongly_disagree": 1,
    "disagree": 2,
    "neither": 3,
    "agree": 4,
    "strongly_agree": 5,
}

CROSSTAB_SCHEMA = {
    "wave": pl.String,
    "item_code": pl.String,
    "dimension": pl.String,
    "group_code": pl.String,
    "category": pl.String,
    "n_respondents": pl.Int64,
    "group_respondents": pl.Int64,
    "is_suppressed": pl.Boolean,
    "suppression_reason": pl.String,
    "is_group_suppressed": pl.Boolean,
    "group_suppression_reason": pl.String,
}
DIFFERENCES_SCHEMA = {
    "wave": pl.String,
    "comparison": pl.String,
    "dimension": pl.String,
    "item_code": pl.String,
    "test": pl.String,
    "groups_compared": pl.String,
    "group_a": pl.String,
    "group_b": pl.String,
    "n_groups": pl.Int64,
    "n_respondents": pl.Int64,
    "groups_excluded_small": pl.Int64,
    "statistic": pl.Float64,
    "p_value": pl.Float64,
    "p_holm": pl.Float64,
    "p_bh": pl.Float64,
    "family_size": pl.Int64,
    "effect_size_measure": pl.String,
    "effect_size": pl.Float64,
    "effect_magnitude": pl.String,
    "highest_rated_group": pl.String,
    "lowest_rated_group": pl.String,
}


def wave_order(wave: str) -> tuple[int, int]:
    match = WAVE_KEY.match(wave)
    if not match:
        raise ValueError(f"not a survey wave key: {wave!r}")
    return int(match["year"]), int(match["number"])


def landed_responses() -> pl.DataFrame:
    folder = landing.partition_dir(SOURCE, ENTITY, "x").parent
    paths = sorted(folder.glob("partition=*/data.parquet"))
    if not paths:
        return pl.DataFrame()
    return pl.concat([pl.read_parquet(p) for p in paths], how="diagonal_relaxed")


def answers_long(responses: pl.DataFrame, form: FormSpec) -> pl.DataFrame:
    """One row per respondent x item: wave, groups, item, scale and answer."""
    items = [f.name for f in form.items if f.name in responses.columns]
    index = ["wave", "respondent_uuid", *DIMENSIONS.values()]
    scales = pl.DataFrame({"item_code": items, "scale": [form.field(i).list_name for i in items]})
    return (
        responses.unpivot(index=index, on=items, variable_name="item_code", value_name="answer")
        .filter(pl.col("answer").is_not_null())
        .join(scales, on="item_code", how="left")
    )


def crosstab_cells(answers: pl.DataFrame, form: FormSpec) -> pl.DataFrame:
    rows: list[dict[str, object]] = []
    for (wave, item, scale), frame in answers.group_by(["wave", "item_code", "scale"]):
        overall = dict(frame.group_by("answer").len().iter_rows())
        categories = [c for c in form.choices[scale] if overall.get(c, 0) > 0]
        for dimension, column in DIMENSIONS.items():
            counts = {(g, c): n for g, c, n in frame.group_by([column, "answer"]).len().iter_rows()}
            groups = sorted({g for g, _ in counts})
            table = suppression.Table.from_counts(groups, categories, counts)
            pattern = suppression.suppress(table)
            for g in groups:
                for c in categories:
                    rows.append(
                        {
                            "wave": wave,
                            "item_code": item,
                            "dimension": dimension,
                            "group_code": g,
                            "category": c,
                            "n_respondents": table.counts[(g, c)],
                            "group_respondents": table.row_total(g),
                            "is_suppressed": (g, c) in pattern.hidden_cells,
                            "suppression_reason": pattern.hidden_cells.get((g, c)),
                            "is_group_suppressed": g in pattern.hidden_totals,
                            "group_suppression_reason": pattern.hidden_totals.get(g),
                        }
                    )
    return pl.DataFrame(rows, schema=CROSSTAB_SCHEMA).sort(
        "wave", "item_code", "dimension", "group_code", "category"
    )


def group_differences(answers: pl.DataFrame) -> pl.DataFrame:
    scored = answers.filter(pl.col("scale") == AGREEMENT_SCALE).with_columns(
        pl.col("answer").replace_strict(AGREEMENT_SCORES, return_dtype=pl.Int64).alias("score")
    )
    rows = _between_groups(scored) + _between_waves(scored)
    return _adjust(
        pl.DataFrame(
            rows,
            schema={
                k: v
                for k, v in DIFFERENCES_SCHEMA.items()
                if k not in ("p_holm", "p_bh", "family_size")
            },
        )
    )


def _between_groups(scored: pl.DataFrame) -> list[dict[str, object]]:
    rows = []
    for (wave, item), frame in scored.group_by(["wave", "item_code"]):
        for dimension, column in DIMENSIONS.items():
            samples = {
                g: list(s) for g, s in sorted(frame.group_by(column).agg("score").iter_rows())
            }
            kept = {g: s for g, s in samples.items() if len(s) >= group_tests.MIN_GROUP}
            if len(kept) >= 2:
                rows.append(
                    _row(
                        wave,
                        "between_groups",
                        dimension,
                        item,
                        kept,
                        excluded=len(samples) - len(kept),
                    )
                )
    return rows


def _between_waves(scored: pl.DataFrame) -> list[dict[str, object]]:
    waves = sorted(scored.get_column("wave").unique().to_list(), key=wave_order)
    rows = []
    for earlier, later in zip(waves, waves[1:], strict=False):
        pair = scored.filter(pl.col("wave").is_in([earlier, later]))
        for (item,), frame in pair.group_by(["item_code"]):
            samples = {
                w: frame.filter(pl.col("wave") == w).get_column("score").to_list()
                for w in (later, earlier)
            }
            if all(len(s) >= group_tests.MIN_GROUP for s in samples.values()):
                rows.append(_row(later, "between_waves", "wave", item, samples, excluded=0))
    return rows


def _row(
    wave: str,
    comparison: str,
    dimension: str,
    item: str,
    samples: dict[str, list],
    excluded: int,
) -> dict[str, object]:
    result = group_tests.compare(samples)
    names = list(samples)
    two = len(names) == 2
    return {
        "wave": wave,
        "comparison": comparison,
        "dimension": dimension,
        "item_code": item,
        "test": result.test,
        "groups_compared": " vs ".join(names),
        "group_a": names[0] if two else None,
        "group_b": names[1] if two else None,
        "n_groups": len(names),
        "n_respondents": sum(len(s) for s in samples.values()),
        "groups_excluded_small": excluded,
        "statistic": result.statistic,
        "p_value": result.p_value,
        "effect_size_measure": result.effect_size_measure,
        "effect_size": result.effect_size,
        "effect_magnitude": group_tests.magnitude(result.effect_size_measure, result.effect_size),
        "highest_rated_group": result.highest_rated_group,
        "lowest_rated_group": result.lowest_rated_group,
    }


def _adjust(tests: pl.DataFrame) -> pl.DataFrame:
    """Holm and Benjamini-Hochberg within each family (wave x comparison x breakdown)."""
    family = ["wave", "comparison", "dimension"]
    if tests.is_empty():
        return pl.DataFrame(schema=DIFFERENCES_SCHEMA)
    parts = []
    for _, frame in tests.sort([*family, "item_code"]).group_by(family, maintain_order=True):
        p = frame.get_column("p_value").to_list()
        parts.append(
            frame.with_columns(
                pl.Series("p_holm", group_tests.holm(p)),
                pl.Series("p_bh", group_tests.benjamini_hochberg(p)),
                pl.lit(len(p), dtype=pl.Int64).alias("family_size"),
            )
        )
    return pl.concat(parts).select(list(DIFFERENCES_SCHEMA))


def land_analysis(form: FormSpec) -> list[landing.LoadAccount]:
    responses = landed_responses()
    if responses.is_empty():
        raise RuntimeError(f"no landed {SOURCE}/{ENTITY}: load a survey wave first")
    answers = answers_long(responses, form)
    waves = ", ".join(sorted(responses.get_column("wave").unique().to_list(), key=wave_order))
    origin = f"computed from landing/{SOURCE}/{ENTITY} (waves {waves})"
    accounts = []
    for entity, frame in (
        ("crosstab_cells", crosstab_cells(answers, form)),
        ("group_differences", group_differences(answers)),
    ):
        accounts.append(
            landing.write_partition(
                source=SOURCE,
                entity=entity,
                partition_key=PARTITION,
                origin=origin,
                rows_read=frame.height,
                loaded=frame,
                quarantined=landing.empty_quarantine(),
            )
        )
    return accounts
