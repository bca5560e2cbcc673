"""A tiny published serving snapshot with every mart the dashboards read.

Six districts over five months of complaints; two survey waves of 44 respondents on four
items (two reproduce published figures, one synthetic agreement item, one yes/no item) with
breakdowns in which small groups are suppressed; the data-health marts of a landing zone
with quarantined rows, an unresolved district name and an overdue source. Boundaries are
small squares. Column names and types follow the marts' dbt contracts (a test checks).

Not a test module: ``tests/dashboards/conftest.py`` and the browser test load it by path.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

DISTRICTS = [
    # pcode, name, division, population_2023, area_km2
    ("PK201", "Awaran", "Kalat", 178_958, 29_510.0),
    ("PK202", "Barkhan", "Loralai", 210_249, 3_514.0),
    ("PK204", "Dera Bugti", "Sibi", 355_274, 10_160.0),
    ("PK205", "Gwadar", "Mekran", 305_160, 12_637.0),
    ("PK206", "Harnai", "Sibi", 127_571, 2_492.0),
    ("PK234", "Duki", "Loralai", 205_044, 4_233.0),
]
MONTHS = [
    date(2026, 7, 1),
    date(2026, 8, 1),
    date(2026, 9, 1),
    date(2026, 10, 1),
    date(2026, 11, 1),
]
PUBLISHED_AT = datetime(2026, 11, 28, 10, 15)
LATEST_COMPLETE_MONTH = date(2026, 10, 1)
# Gwadar has not reported the month in progress; Harnai resolved nothing in September.
MISSING = {("PK205", date(2026, 11, 1))}
NONE_RESOLVED = {("PK206", date(2026, 9, 1))}


# -- Complaints ------------------------------------------------------------------------------


def _square(i: int, clockwise: bool) -> list[list[float]]:
    x, y = 62.0 + i, 27.0
    ring = [[x, y], [x + 0.5, y], [x + 0.5, y + 0.5], [x, y + 0.5], [x, y]]  # counter-clockwise
    return ring[::-1] if clockwise else ring


def _geometry(i: int) -> dict:
    # A mix of geometry types and windings, as real boundary files have.
    if i % 2:
        return {"type": "Polygon", "coordinates": [_square(i, clockwise=False)]}
    return {"type": "MultiPolygon", "coordinates": [[_square(i, clockwise=True)]]}


def _map_feature(i: int, pcode: str, name: str) -> str:
    # As dim_district_map_feature builds it: a compact Feature, outer rings clockwise.
    geometry = _geometry(i)
    ring = _square(i, clockwise=True)
    coordinates = [ring] if geometry["type"] == "Polygon" else [[ring]]
    feature = {
        "type": "Feature",
        "id": pcode,
        "properties": {"district_pcode": pcode, "district_name": name},
        "geometry": {"type": geometry["type"], "coordinates": coordinates},
    }
    return json.dumps(feature, separators=(",", ":"))


def _district_rows(scale: int) -> list[dict]:
    rows = []
    for m, month in enumerate(MONTHS):
        for i, (pcode, name, division, population, _) in enumerate(DISTRICTS):
            if (pcode, month) in MISSING:
                continue
            # (i * 5 + m * 3) % 11 reorders districts from month to month.
            received = (12 + ((i * 5 + m * 3) % 11) * 9) * scale
            resolved = 0 if (pcode, month) in NONE_RESOLVED else received * 7 // 10
            rows.append(
                {
                    "month_start": month,
                    "geo_level": "district",
                    "geo_code": pcode,
                    "geo_name": name,
                    "division": division,
                    "population_2023": population,
                    "complaints_received": received,
                    "complaints_resolved": resolved,
                    "median_days_to_resolve": (12.5 + ((i * 7 + m) % 13) * 3) if resolved else None,
                    "resolved_within_40d_pct": (35.0 + ((i * 3 + m * 2) % 9) * 7.5)
                    if resolved
                    else None,
                    "backlog_over_40d": ((i * 4 + m) % 7) * scale,
                    "complaints_quarantined": 0,
                }
            )
    return rows


def _rollup(districts: pd.DataFrame, level: str, scale: int) -> pd.DataFrame:
    key = ["month_start"] if level == "province" else ["month_start", "division"]
    sums = districts.groupby(key, as_index=False)[
        ["population_2023", "complaints_received", "complaints_resolved", "backlog_over_40d"]
    ].sum()
    sums["geo_level"] = level
    if level == "province":
        sums["geo_code"], sums["geo_name"], sums["division"] = "PK2", "Balochistan", None
        sums["complaints_quarantined"] = 2 * scale
    else:
        sums["geo_code"] = sums["geo_name"] = sums["division"]
        sums["complaints_quarantined"] = 0
    sums["median_days_to_resolve"] = 20.0
    sums["resolved_within_40d_pct"] = 60.0 + scale
    return sums


def complaints_monthly(scale: int = 1) -> pd.DataFrame:
    district = pd.DataFrame(_district_rows(scale))
    monthly = pd.concat(
        [_rollup(district, "province", scale), _rollup(district, "division", scale), district],
        ignore_index=True,
    )
    monthly["complaints_per_100k"] = (
        monthly["complaints_received"] / monthly["population_2023"] * 100_000
    )
    monthly["p90_days_to_resolve"] = monthly["median_days_to_resolve"] * 2
    return monthly


# -- Backbone --------------------------------------------------------------------------------


def dim_period() -> pd.DataFrame:
    months = pd.date_range("2026-01-01", "2026-12-01", freq="MS")
    fy_start = [m.year if m.month >= 7 else m.year - 1 for m in months]
    return pd.DataFrame(
        {
            "month_start": months.date,
            "year": months.year,
            "month": months.month,
            "month_name": months.strftime("%B"),
            "year_month": months.strftime("%Y-%m"),
            "month_label": months.strftime("%b %Y"),
            "fiscal_year_start": fy_start,
            "fiscal_year_label": [f"FY {y}-{(y + 1) % 100:02d}" for y in fy_start],
        }
    )


DEPARTMENTS = [
    ("LGRD", "Local Government & Rural Development Department", "Local Government"),
    ("ITD", "Information Technology Department", "IT"),
    ("HEALTH", "Health Department", "Health"),
    ("SED", "School Education Department", "Education"),
]
SOURCES = [
    # code, name, department, cadence, period_type, due day
    ("cqmis", "Complaint & Inquiry Management Information System", "LGRD", "daily", "day", None),
    ("survey", "e-Governance need-assessment survey", "ITD", "one-off, repeatable", "wave", None),
    ("hmis", "Health Management Information System (DHIS2)", "HEALTH", "monthly", "month", 10),
    ("bemis", "Balochistan Education Management Information System", "SED", "yearly", "year", None),
]


def dim_source_system() -> pd.DataFrame:
    names = {code: name for code, name, _ in DEPARTMENTS}
    return pd.DataFrame(
        [
            {
                "source_code": code,
                "source_name": name,
                "department_code": dept,
                "department_name": names[dept],
                "native_interface": "",
                "grain": "",
                "cadence": cadence,
                "period_type": period_type,
                "expected_by_day_of_period": due,
                "scale_note": "",
            }
            for code, name, dept, cadence, period_type, due in SOURCES
        ]
    )


# -- Survey ----------------------------------------------------------------------------------

WAVES = [("2009-wave1", 2009, 1), ("2010-wave2", 2010, 2)]
ITEMS = [
    # code, section, section_label, letter, label, scale, provenance
    (
        "pc_a_service_efficiency",
        "perception",
        "How far do you agree? (Figure C1)",
        "a",
        "E-Governance can increase service efficiency",
        "agreement",
        "published",
    ),
    (
        "pc_b_reduce_corruption",
        "perception",
        "How far do you agree? (Figure C1)",
        "b",
        "E-Governance can reduce corruption",
        "agreement",
        "published",
    ),
    (
        "ch_electricity",
        "challenges",
        "How far do you agree that each is a challenge for e-governance?",
        None,
        "Electricity problem",
        "agreement",
        "synthetic",
    ),
    (
        "ict_internet",
        "ict_infrastructure",
        "Available ICT infrastructure",
        None,
        "Does your office have an internet connection?",
        "yes_no",
        "synthetic",
    ),
]
CHOICES = {
    # category: (label, order, score, polarity)
    "agreement": {
        "strongly_agree": ("Strongly agree", 1, 5, 1),
        "agree": ("Agree", 2, 4, 1),
        "neither": ("Neither agree nor disagree", 3, 3, 0),
        "disagree": ("Disagree", 4, 2, -1),
        "strongly_disagree": ("Strongly disagree", 5, 1, -1),
    },
    "yes_no": {
        "yes": ("Yes", 1, None, 1),
        "no": ("No", 2, None, -1),
        "no_answer": ("No answer", 3, None, 0),
    },
}
COUNTS = {
    "2009-wave1": {
        "pc_a_service_efficiency": {"strongly_agree": 14, "agree": 30},
        "pc_b_reduce_corruption": {
            "strongly_agree": 7,
            "agree": 14,
            "neither": 13,
            "disagree": 8,
            "strongly_disagree": 2,
        },
        "ch_electricity": {
            "strongly_agree": 18,
            "agree": 10,
            "neither": 6,
            "disagree": 6,
            "strongly_disagree": 4,
        },
        "ict_internet": {"yes": 20, "no": 22, "no_answer": 2},
    },
    "2010-wave2": {
        "pc_a_service_efficiency": {"strongly_agree": 25, "agree": 19},
        "pc_b_reduce_corruption": {
            "strongly_agree": 10,
            "agree": 16,
            "neither": 10,
            "disagree": 6,
            "strongly_disagree": 2,
        },
        "ch_electricity": {
            "strongly_agree": 12,
            "agree": 14,
            "neither": 8,
            "disagree": 6,
            "strongly_disagree": 4,
        },
        "ict_internet": {"yes": 30, "no": 11, "no_answer": 3},
    },
}
# Breakdown groups and their share of each answer (integer weights; small groups are
# suppressed). The department "health" has 3 respondents: every cell of it is hidden.
GROUPS = {
    "level": [
        ("district", "District government office", 22),
        ("provincial", "Provincial department (Civil Secretariat)", 22),
    ],
    "department": [
        ("education", "Education", 6),
        ("finance", "Finance", 35),
        ("health", "Health", 3),
    ],
    "district": [
        ("PK201", "Awaran", 5),
        ("PK205", "Gwadar", 39),
    ],
}
SURVEY_REFERENCE = "Report: Figure C1: Provincial & District Levels Officials perception"


def dim_survey_item() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "item_code": code,
                "item_order": i + 1,
                "section": section,
                "section_label": section_label,
                "item_letter": letter,
                "item_label": label,
                "scale": scale,
                "provenance": provenance,
                "source_reference": SURVEY_REFERENCE if letter else "Report: chart (synthetic)",
                "has_published_figures": provenance == "published",
            }
            for i, (code, section, section_label, letter, label, scale, provenance) in enumerate(
                ITEMS
            )
        ]
    )


def item_distribution() -> pd.DataFrame:
    rows = []
    for wave, year, number in WAVES:
        for order, (code, section, _, _, label, scale, provenance) in enumerate(ITEMS, 1):
            counts = COUNTS[wave][code]
            total = sum(counts.values())
            choices = CHOICES[scale]
            pct = {c: 100.0 * counts.get(c, 0) / total for c in choices}
            net = sum(pct[c] * choices[c][3] for c in choices)
            negative = sum(pct[c] for c in choices if choices[c][3] < 0)
            neutral = sum(pct[c] for c in choices if choices[c][3] == 0)
            start = -(negative + neutral / 2)
            # Segments from the most negative answer to the most positive.
            for c in sorted(choices, key=lambda k: (choices[k][3], choices[k][2] or 0)):
                category_label, category_order, score, polarity = choices[c]
                published = provenance == "published" and wave == "2009-wave1"
                rows.append(
                    {
                        "wave": wave,
                        "wave_year": year,
                        "wave_number": number,
                        "item_code": code,
                        "item_order": order,
                        "section": section,
                        "item_label": label,
                        "scale": scale,
                        "category": c,
                        "category_label": category_label,
                        "category_order": category_order,
                        "score": score,
                        "polarity": polarity,
                        "n_respondents": counts.get(c, 0),
                        "item_respondents": total,
                        "pct": pct[c],
                        "pct_rounded": int(pct[c] + 0.5),
                        "net_agreement_pct": net,
                        "bar_start_pct": start,
                        "bar_end_pct": start + pct[c],
                        "published_pct": int(pct[c] + 0.5) if published else None,
                        "is_published_figure": published,
                        "data_provenance": "report" if published else "synthetic",
                    }
                )
                start += pct[c]
    return pd.DataFrame(rows)


def crosstab() -> pd.DataFrame:
    rows = []
    for wave, _, _ in WAVES:
        for order, (code, section, _, _, label, scale, _) in enumerate(ITEMS, 1):
            counts = COUNTS[wave][code]
            total = sum(counts.values())
            for dimension, groups in GROUPS.items():
                for group_code, group_label, size in groups:
                    group_hidden = size < 5
                    for category, n_all in counts.items():
                        if n_all == 0:
                            continue
                        # The group's share of the answer, rounded.
                        n = round(n_all * size / total)
                        hidden = group_hidden or n < 5
                        category_label, category_order, _, _ = CHOICES[scale][category]
                        rows.append(
                            {
                                "wave": wave,
                                "item_code": code,
                                "item_order": order,
                                "section": section,
                                "item_label": label,
                                "dimension": dimension,
                                "group_code": group_code,
                                "group_label": group_label,
                                "category": category,
                                "category_label": category_label,
                                "category_order": category_order,
                                "group_respondents": None if group_hidden else size,
                                "n_respondents": None if hidden else n,
                                "pct": None if hidden else 100.0 * n / size,
                                "is_suppressed": hidden,
                                "suppression_reason": "fewer than 5 respondents"
                                if hidden
                                else None,
                                "is_group_suppressed": group_hidden,
                                "group_suppression_reason": "group has fewer than 5 respondents"
                                if group_hidden
                                else None,
                                "data_provenance": "synthetic",
                            }
                        )
    return pd.DataFrame(rows)


def group_differences() -> pd.DataFrame:
    rows = []
    agreement = [
        (order, code, section, label)
        for order, (code, section, _, _, label, scale, _) in enumerate(ITEMS, 1)
        if scale == "agreement"
    ]
    for w, (wave, _, _) in enumerate(WAVES):
        for dimension, groups in (("level", GROUPS["level"]), ("department", GROUPS["department"])):
            kept = [g for g in groups if g[2] >= 5]
            for i, (order, code, section, label) in enumerate(agreement):
                two = len(kept) == 2
                shift = 0.07 if dimension == "department" else 0.0
                effect = (0.12 + 0.15 * i + 0.1 * w + shift) * (-1 if i == 1 else 1)
                # Wave 2, department, electricity: the one difference that survives Holm.
                significant = w == 1 and dimension == "department" and code == "ch_electricity"
                p_value = 0.004 if significant else 0.2 + 0.1 * i
                rows.append(
                    {
                        "wave": wave,
                        "comparison": "between_groups",
                        "dimension": dimension,
                        "item_code": code,
                        "item_order": order,
                        "section": section,
                        "item_label": label,
                        "test_name": "mann_whitney_u" if two else "kruskal_wallis_h",
                        "groups_compared": " vs ".join(g[0] for g in kept),
                        "group_a": kept[0][0] if two else None,
                        "group_b": kept[1][0] if two else None,
                        "n_groups": len(kept),
                        "n_respondents": sum(g[2] for g in kept),
                        "groups_excluded_small": len(groups) - len(kept),
                        "test_statistic": 100.0 + i,
                        "p_value": p_value,
                        "p_holm": min(1.0, p_value * 3),
                        "p_bh": min(1.0, p_value * 1.5),
                        "family_size": 3,
                        "effect_size_measure": "rank_biserial" if two else "epsilon_squared",
                        "effect_size": effect if two else abs(effect) / 2,
                        "effect_magnitude": "small" if abs(effect) < 0.3 else "medium",
                        "highest_rated_group": kept[0][0],
                        "lowest_rated_group": kept[-1][0],
                        "is_significant_holm": significant,
                    }
                )
    for i, (order, code, section, label) in enumerate(agreement):
        rows.append(
            {
                "wave": "2010-wave2",
                "comparison": "between_waves",
                "dimension": "wave",
                "item_code": code,
                "item_order": order,
                "section": section,
                "item_label": label,
                "test_name": "mann_whitney_u",
                "groups_compared": "2010-wave2 vs 2009-wave1",
                "group_a": "2010-wave2",
                "group_b": "2009-wave1",
                "n_groups": 2,
                "n_respondents": 88,
                "groups_excluded_small": 0,
                "test_statistic": 900.0,
                "p_value": 0.01 if i == 0 else 0.5,
                "p_holm": 0.03 if i == 0 else 1.0,
                "p_bh": 0.03 if i == 0 else 0.75,
                "family_size": 3,
                "effect_size_measure": "rank_biserial",
                "effect_size": 0.31 if i == 0 else -0.05,
                "effect_magnitude": "medium" if i == 0 else "negligible",
                "highest_rated_group": "2010-wave2",
                "lowest_rated_group": "2009-wave1",
                "is_significant_holm": i == 0,
            }
        )
    return pd.DataFrame(rows)


def wave_comparison(distribution: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    first = distribution[distribution["wave"] == "2009-wave1"].set_index(["item_code", "category"])
    out = distribution.copy()
    keys = list(zip(out["item_code"], out["category"], strict=True))
    later = out["wave"] != "2009-wave1"
    out["previous_wave"] = later.map({True: "2009-wave1", False: None})
    out["previous_pct"] = [
        first.at[k, "pct"] if w else None for k, w in zip(keys, later, strict=True)
    ]
    out["previous_net_agreement_pct"] = [
        first.at[k, "net_agreement_pct"] if w else None for k, w in zip(keys, later, strict=True)
    ]
    out["change_pp"] = out["pct"] - out["previous_pct"].astype(float)
    out["net_agreement_change_pp"] = out["net_agreement_pct"] - out[
        "previous_net_agreement_pct"
    ].astype(float)
    waves = tests[tests["comparison"] == "between_waves"]
    lookup = {(row["wave"], row["item_code"]): row for _, row in waves.iterrows()}
    pairs = list(zip(out["wave"], out["item_code"], strict=True))
    out["change_rank_biserial"] = [lookup[p]["effect_size"] if p in lookup else None for p in pairs]
    out["change_effect_magnitude"] = [
        lookup[p]["effect_magnitude"] if p in lookup else None for p in pairs
    ]
    out["change_p_holm"] = [lookup[p]["p_holm"] if p in lookup else None for p in pairs]
    return out[
        [
            "wave",
            "wave_year",
            "wave_number",
            "item_code",
            "item_order",
            "section",
            "item_label",
            "category",
            "category_label",
            "category_order",
            "n_respondents",
            "item_respondents",
            "pct",
            "previous_wave",
            "previous_pct",
            "change_pp",
            "net_agreement_pct",
            "previous_net_agreement_pct",
            "net_agreement_change_pp",
            "change_rank_biserial",
            "change_effect_magnitude",
            "change_p_holm",
            "data_provenance",
        ]
    ]


# -- Data health -----------------------------------------------------------------------------

CQMIS_ORIGIN = "postgresql://cqmis@db/cqmis table complaints"


def data_health_loads() -> pd.DataFrame:
    rows = []
    extracted = pd.Timestamp("2026-11-28 09:00", tz="UTC")
    quarantined = {date(2026, 9, 1): 3, date(2026, 10, 1): 2}
    for m in MONTHS:
        read = 100 + m.month
        q = quarantined.get(m, 0)
        for entity, extra in (("complaints", 0), ("status_history", 150)):
            rows.append(
                {
                    "source_code": "cqmis",
                    "entity": entity,
                    "partition_key": m.isoformat(),
                    "partition_period_start": m,
                    "origin": CQMIS_ORIGIN if entity == "complaints" else CQMIS_ORIGIN + "_history",
                    "rows_read": read + extra,
                    "rows_loaded": read + extra - (q if entity == "complaints" else 0),
                    "rows_quarantined": q if entity == "complaints" else 0,
                    "extracted_at": extracted,
                    "landing_folder": f"cqmis/{entity}/partition={m.isoformat()}",
                }
            )
    for wave, loaded, q in (("2009-wave1", 44, 0), ("2010-wave2", 44, 1)):
        rows.append(
            {
                "source_code": "survey",
                "entity": "responses",
                "partition_key": wave,
                "partition_period_start": None,
                "origin": f"survey/{wave}/export.csv",
                "rows_read": loaded + q,
                "rows_loaded": loaded,
                "rows_quarantined": q,
                "extracted_at": extracted,
                "landing_folder": f"survey/responses/partition={wave}",
            }
        )
    rows.append(
        {
            "source_code": "hmis",
            "entity": "data_values",
            "partition_key": "2026-07-01",
            "partition_period_start": date(2026, 7, 1),
            "origin": "https://dhis2.example/api/dataValueSets",
            "rows_read": 4200,
            "rows_loaded": 4190,
            "rows_quarantined": 10,
            "extracted_at": pd.Timestamp("2026-08-11 02:00", tz="UTC"),
            "landing_folder": "hmis/data_values/partition=2026-07-01",
        }
    )
    frame = pd.DataFrame(rows)
    frame["rows_add_up"] = frame["rows_read"] == frame["rows_loaded"] + frame["rows_quarantined"]
    frame["quarantined_pct"] = 100.0 * frame["rows_quarantined"] / frame["rows_read"]
    frame["is_latest_partition"] = False
    latest = frame.sort_values("partition_key").groupby(["source_code", "entity"]).tail(1).index
    frame.loc[latest, "is_latest_partition"] = True
    return frame


def data_health_quarantine() -> pd.DataFrame:
    rows = [
        ("cqmis", "complaints", "2026-09-01", "unknown district", 3, 1, 3,
         "unknown district: 'Turbatt'", "Kech", CQMIS_ORIGIN, 12),
        ("cqmis", "complaints", "2026-10-01", "malformed received_date", 2, 2, 0,
         "malformed received_date: '31/02/2026'", None, CQMIS_ORIGIN, 40),
        ("survey", "responses", "2010-wave2", "unknown district", 1, 1, 1,
         "unknown district: 'Lasbella'", "Lasbela", "survey/2010-wave2/export.csv", 46),
        ("hmis", "data_values", "2026-07-01", "unknown org unit", 10, 2, 0,
         "unknown org unit: 'ou_991'", None, "https://dhis2.example/api/dataValueSets", 7),
    ]  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=[
            "source_code",
            "entity",
            "partition_key",
            "reason_kind",
            "quarantined_rows",
            "distinct_reasons",
            "rows_with_suggestion",
            "example_reason",
            "example_suggestion",
            "example_origin",
            "example_row_number",
        ],
    )


def data_health_unresolved() -> pd.DataFrame:
    rows = [
        ("cqmis", "Turbatt", False, 3, 1, "complaints", "2026-09-01", "2026-09-01", "Kech"),
        ("cqmis", "", True, 1, 1, "complaints", "2026-10-01", "2026-10-01", None),
        ("survey", "Lasbella", False, 1, 1, "responses", "2010-wave2", "2010-wave2", "Lasbela"),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "source_code",
            "name_as_typed",
            "is_blank",
            "quarantined_rows",
            "partitions",
            "entities",
            "first_partition_key",
            "last_partition_key",
            "suggested_match",
        ],
    )


def data_health_freshness() -> pd.DataFrame:
    assessed = pd.Timestamp(PUBLISHED_AT, tz="UTC")
    names = {code: name for code, name, _ in DEPARTMENTS}
    rows = []
    for code, name, dept, cadence, period_type, due in SOURCES:
        landed = code != "bemis"
        rows.append(
            {
                "source_code": code,
                "source_name": name,
                "department_code": dept,
                "department_name": names[dept],
                "cadence": cadence,
                "period_type": period_type,
                "expected_by_day_of_period": due,
                "is_landed": landed,
                "entities": {"cqmis": 2, "survey": 1, "hmis": 1}.get(code, 0),
                "partitions": {"cqmis": 5, "survey": 2, "hmis": 1}.get(code, 0),
                "latest_partition_key": {
                    "cqmis": "2026-11-01",
                    "survey": "2010-wave2",
                    "hmis": "2026-07-01",
                }.get(code),
                "latest_period_start": {
                    "cqmis": date(2026, 11, 1),
                    "hmis": date(2026, 7, 1),
                }.get(code),
                "expected_latest_period_start": {
                    "hmis": date(2026, 10, 1),
                    "bemis": date(2024, 1, 1),
                }.get(code),
                "periods_behind": {"hmis": 3}.get(code),
                "last_extracted_at": {
                    "cqmis": pd.Timestamp("2026-11-28 09:00", tz="UTC"),
                    "survey": pd.Timestamp("2026-11-28 09:00", tz="UTC"),
                    "hmis": pd.Timestamp("2026-08-11 02:00", tz="UTC"),
                }.get(code),
                "extract_age_days": {"cqmis": 0.05, "survey": 0.05, "hmis": 109.3}.get(code),
                "max_extract_age_days": {"daily": 2, "monthly": 45, "yearly": 400}.get(cadence),
                "freshness_status": {
                    "cqmis": "on time",
                    "survey": "no schedule",
                    "hmis": "overdue",
                    "bemis": "not loaded",
                }[code],
                "assessed_at": assessed,
            }
        )
    return pd.DataFrame(rows)


# -- Indicator registry (rpt_indicator_values) ---------------------------------------------

INDICATORS = [
    # code, name, unit, direction, factor
    ("HLT_PENTA3_COVERAGE", "Penta-3 coverage", "% of target children", "higher_is_better", 100.0),
    ("HLT_OPD_PER_1000", "Outpatient visits per 1,000 people", "per 1,000 people", None, 1000.0),
]
# Awaran's HMIS reporting fell to 60 % in October: its Penta-3 drop is partly missing reports.
INDICATOR_VALUES = {
    # (indicator, geo_code): values for Aug, Sep, Oct 2026
    ("HLT_PENTA3_COVERAGE", "PK2"): (71.0, 72.5, 73.0),
    ("HLT_PENTA3_COVERAGE", "Kalat"): (65.0, 66.0, 58.0),
    ("HLT_PENTA3_COVERAGE", "PK201"): (64.0, 66.0, 41.0),
    ("HLT_OPD_PER_1000", "PK2"): (38.0, 40.0, 41.5),
    ("HLT_OPD_PER_1000", "Kalat"): (30.0, 31.0, 25.0),
    ("HLT_OPD_PER_1000", "PK201"): (29.0, 30.0, 19.0),
}
COMPLETENESS = {"PK2": (96.0, 97.0, 95.0), "Kalat": (94.0, 95.0, 80.0), "PK201": (95.0, 96.0, 60.0)}


def dim_indicator() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_code": code,
                "indicator_name": name,
                "domain": "health",
                "department_code": "HEALTH",
                "department_name": "Health Department",
                "source_code": "hmis",
                "source_name": "Health Management Information System (DHIS2)",
                "numerator_definition": "",
                "denominator_definition": "",
                "factor": factor,
                "unit": unit,
                "direction": direction,
                "higher_is_better": None if direction is None else direction == "higher_is_better",
                "periodicity": "month",
                "aggregation": "ratio",
                "definition": f"{name} (fixture).",
                "assumptions": "",
            }
            for code, name, unit, direction, factor in INDICATORS
        ]
    )


def indicator_values() -> pd.DataFrame:
    places = {
        "PK2": ("province", "Balochistan", None, None),
        "Kalat": ("division", "Kalat", "Kalat", None),
        "PK201": ("district", "Awaran", "Kalat", "PK201"),
    }
    months = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    rows = []
    for (code, geo_code), values in INDICATOR_VALUES.items():
        level, name, division, pcode = places[geo_code]
        for month, value, completeness in zip(months, values, COMPLETENESS[geo_code], strict=True):
            rows.append(
                {
                    "indicator_code": code,
                    "department_code": "HEALTH",
                    "source_code": "hmis",
                    "geo_level": level,
                    "geo_code": geo_code,
                    "geo_name": name,
                    "division": division,
                    "district_pcode": pcode,
                    "period_type": "month",
                    "period_start": month,
                    "period_end": (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date(),
                    "period_label": f"{month:%b %Y}",
                    "fiscal_year_label": "FY 2026-27",
                    "fiscal_quarter_label": "FY 2026-27 Q2",
                    "numerator": value,
                    "denominator": 100.0,
                    "value": value,
                    "reporting_completeness": completeness,
                    "crosses_boundary_change": False,
                }
            )
    return pd.DataFrame(rows)


# -- Writing the snapshot --------------------------------------------------------------------

# Column types as the dbt contracts declare them (transform/models/marts/**/_*__models.yml).
TYPES = {
    "dim_district": {
        "district_pcode": "varchar",
        "district_name": "varchar",
        "division": "varchar",
        "population_2023": "bigint",
        "area_km2": "double",
    },
    "dim_district_boundary": {
        "district_pcode": "varchar",
        "district_name": "varchar",
        "geometry_geojson": "varchar",
    },
    "dim_district_map_feature": {
        "district_pcode": "varchar",
        "district_name": "varchar",
        "geometry_type": "varchar",
        "source_vertices": "bigint",
        "map_vertices": "bigint",
        "feature_geojson": "varchar",
    },
    "rpt_complaints__monthly": {
        "month_start": "date",
        "geo_level": "varchar",
        "geo_code": "varchar",
        "geo_name": "varchar",
        "division": "varchar",
        "population_2023": "bigint",
        "complaints_received": "bigint",
        "complaints_per_100k": "double",
        "complaints_resolved": "bigint",
        "median_days_to_resolve": "double",
        "p90_days_to_resolve": "double",
        "resolved_within_40d_pct": "double",
        "backlog_over_40d": "bigint",
        "complaints_quarantined": "bigint",
    },
    "dim_period": {
        "month_start": "date",
        "year": "integer",
        "month": "integer",
        "month_name": "varchar",
        "year_month": "varchar",
        "month_label": "varchar",
        "fiscal_year_start": "integer",
        "fiscal_year_label": "varchar",
    },
    "dim_department": {
        "department_code": "varchar",
        "department_name": "varchar",
        "short_name": "varchar",
    },
    "dim_source_system": {
        "source_code": "varchar",
        "source_name": "varchar",
        "department_code": "varchar",
        "department_name": "varchar",
        "native_interface": "varchar",
        "grain": "varchar",
        "cadence": "varchar",
        "period_type": "varchar",
        "expected_by_day_of_period": "integer",
        "scale_note": "varchar",
    },
    "dim_survey_item": {
        "item_code": "varchar",
        "item_order": "integer",
        "section": "varchar",
        "section_label": "varchar",
        "item_letter": "varchar",
        "item_label": "varchar",
        "scale": "varchar",
        "provenance": "varchar",
        "source_reference": "varchar",
        "has_published_figures": "boolean",
    },
    "rpt_survey__item_distribution": {
        "wave": "varchar",
        "wave_year": "integer",
        "wave_number": "integer",
        "item_code": "varchar",
        "item_order": "integer",
        "section": "varchar",
        "item_label": "varchar",
        "scale": "varchar",
        "category": "varchar",
        "category_label": "varchar",
        "category_order": "integer",
        "score": "integer",
        "polarity": "integer",
        "n_respondents": "bigint",
        "item_respondents": "bigint",
        "pct": "double",
        "pct_rounded": "integer",
        "net_agreement_pct": "double",
        "bar_start_pct": "double",
        "bar_end_pct": "double",
        "published_pct": "integer",
        "is_published_figure": "boolean",
        "data_provenance": "varchar",
    },
    "rpt_survey__crosstab": {
        "wave": "varchar",
        "item_code": "varchar",
        "item_order": "integer",
        "section": "varchar",
        "item_label": "varchar",
        "dimension": "varchar",
        "group_code": "varchar",
        "group_label": "varchar",
        "category": "varchar",
        "category_label": "varchar",
        "category_order": "integer",
        "group_respondents": "bigint",
        "n_respondents": "bigint",
        "pct": "double",
        "is_suppressed": "boolean",
        "suppression_reason": "varchar",
        "is_group_suppressed": "boolean",
        "group_suppression_reason": "varchar",
        "data_provenance": "varchar",
    },
    "rpt_survey__group_differences": {
        "wave": "varchar",
        "comparison": "varchar",
        "dimension": "varchar",
        "item_code": "varchar",
        "item_order": "integer",
        "section": "varchar",
        "item_label": "varchar",
        "test_name": "varchar",
        "groups_compared": "varchar",
        "group_a": "varchar",
        "group_b": "varchar",
        "n_groups": "bigint",
        "n_respondents": "bigint",
        "groups_excluded_small": "bigint",
        "test_statistic": "double",
        "p_value": "double",
        "p_holm": "double",
        "p_bh": "double",
        "family_size": "bigint",
        "effect_size_measure": "varchar",
        "effect_size": "double",
        "effect_magnitude": "varchar",
        "highest_rated_group": "varchar",
        "lowest_rated_group": "varchar",
        "is_significant_holm": "boolean",
    },
    "rpt_survey__wave_comparison": {
        "wave": "varchar",
        "wave_year": "integer",
        "wave_number": "integer",
        "item_code": "varchar",
        "item_order": "integer",
        "section": "varchar",
        "item_label": "varchar",
        "category": "varchar",
        "category_label": "varchar",
        "category_order": "integer",
        "n_respondents": "bigint",
        "item_respondents": "bigint",
        "pct": "double",
        "previous_wave": "varchar",
        "previous_pct": "double",
        "change_pp": "double",
        "net_agreement_pct": "double",
        "previous_net_agreement_pct": "double",
        "net_agreement_change_pp": "double",
        "change_rank_biserial": "double",
        "change_effect_magnitude": "varchar",
        "change_p_holm": "double",
        "data_provenance": "varchar",
    },
    "rpt_data_health__loads": {
        "source_code": "varchar",
        "entity": "varchar",
        "partition_key": "varchar",
        "partition_period_start": "date",
        "origin": "varchar",
        "rows_read": "bigint",
        "rows_loaded": "bigint",
        "rows_quarantined": "bigint",
        "rows_add_up": "boolean",
        "quarantined_pct": "double",
        "extracted_at": "timestamp with time zone",
        "is_latest_partition": "boolean",
        "landing_folder": "varchar",
    },
    "rpt_data_health__quarantine": {
        "source_code": "varchar",
        "entity": "varchar",
        "partition_key": "varchar",
        "reason_kind": "varchar",
        "quarantined_rows": "bigint",
        "distinct_reasons": "bigint",
        "rows_with_suggestion": "bigint",
        "example_reason": "varchar",
        "example_suggestion": "varchar",
        "example_origin": "varchar",
        "example_row_number": "bigint",
    },
    "rpt_data_health__unresolved_districts": {
        "source_code": "varchar",
        "name_as_typed": "varchar",
        "is_blank": "boolean",
        "quarantined_rows": "bigint",
        "partitions": "bigint",
        "entities": "varchar",
        "first_partition_key": "varchar",
        "last_partition_key": "varchar",
        "suggested_match": "varchar",
    },
    "rpt_data_health__freshness": {
        "source_code": "varchar",
        "source_name": "varchar",
        "department_code": "varchar",
        "department_name": "varchar",
        "cadence": "varchar",
        "period_type": "varchar",
        "expected_by_day_of_period": "integer",
        "is_landed": "boolean",
        "entities": "bigint",
        "partitions": "bigint",
        "latest_partition_key": "varchar",
        "latest_period_start": "date",
        "expected_latest_period_start": "date",
        "periods_behind": "bigint",
        "last_extracted_at": "timestamp with time zone",
        "extract_age_days": "double",
        "max_extract_age_days": "integer",
        "freshness_status": "varchar",
        "assessed_at": "timestamp with time zone",
    },
}
TYPES["dim_indicator"] = {
    **{c: "varchar" for c in ("indicator_code", "indicator_name", "domain", "department_code")},
    "department_name": "varchar",
    "source_code": "varchar",
    "source_name": "varchar",
    "numerator_definition": "varchar",
    "denominator_definition": "varchar",
    "factor": "double",
    "unit": "varchar",
    "direction": "varchar",
    "higher_is_better": "boolean",
    "periodicity": "varchar",
    "aggregation": "varchar",
    "definition": "varchar",
    "assumptions": "varchar",
}
TYPES["rpt_indicator_values"] = {
    "indicator_code": "varchar",
    "department_code": "varchar",
    "source_code": "varchar",
    "geo_level": "varchar",
    "geo_code": "varchar",
    "geo_name": "varchar",
    "division": "varchar",
    "district_pcode": "varchar",
    "period_type": "varchar",
    "period_start": "date",
    "period_end": "date",
    "period_label": "varchar",
    "fiscal_year_label": "varchar",
    "fiscal_quarter_label": "varchar",
    "numerator": "double",
    "denominator": "double",
    "value": "double",
    "reporting_completeness": "double",
    "crosses_boundary_change": "boolean",
}
INDICATOR_MARTS = ("dim_indicator", "rpt_indicator_values")
SURVEY_MARTS = (
    "dim_survey_item",
    "rpt_survey__item_distribution",
    "rpt_survey__crosstab",
    "rpt_survey__group_differences",
    "rpt_survey__wave_comparison",
)
DATA_HEALTH_MARTS = (
    "rpt_data_health__loads",
    "rpt_data_health__quarantine",
    "rpt_data_health__unresolved_districts",
    "rpt_data_health__freshness",
)
COMPLAINTS_MARTS = ("rpt_complaints__monthly",)


def frames(scale: int = 1) -> dict[str, pd.DataFrame]:
    """Every table of the fixture snapshot, by name."""
    dim = pd.DataFrame(
        DISTRICTS,
        columns=["district_pcode", "district_name", "division", "population_2023", "area_km2"],
    )
    distribution = item_distribution()
    tests = group_differences()
    return {
        "dim_district": with_census_profile(dim),
        "dim_district_boundary": pd.DataFrame(
            {
                "district_pcode": dim["district_pcode"],
                "district_name": dim["district_name"],
                "geometry_geojson": [json.dumps(_geometry(i)) for i in range(len(dim))],
            }
        ),
        "dim_district_map_feature": pd.DataFrame(
            {
                "district_pcode": dim["district_pcode"],
                "district_name": dim["district_name"],
                "geometry_type": [_geometry(i)["type"] for i in range(len(dim))],
                "source_vertices": 5,
                "map_vertices": 5,
                "feature_geojson": [
                    _map_feature(i, row.district_pcode, row.district_name)
                    for i, row in enumerate(dim.itertuples(index=False))
                ],
            }
        ),
        "rpt_complaints__monthly": complaints_monthly(scale),
        "dim_period": dim_period(),
        "dim_department": pd.DataFrame(
            DEPARTMENTS, columns=["department_code", "department_name", "short_name"]
        ),
        "dim_source_system": dim_source_system(),
        "dim_survey_item": dim_survey_item(),
        "rpt_survey__item_distribution": distribution,
        "rpt_survey__crosstab": crosstab(),
        "rpt_survey__group_differences": tests,
        "rpt_survey__wave_comparison": wave_comparison(distribution, tests),
        "rpt_data_health__loads": data_health_loads(),
        "rpt_data_health__quarantine": data_health_quarantine(),
        "rpt_data_health__unresolved_districts": data_health_unresolved(),
        "rpt_data_health__freshness": data_health_freshness(),
        "dim_indicator": pd.concat([dim_indicator(), comparison_indicators()], ignore_index=True),
        "rpt_indicator_values": pd.concat(
            [indicator_values(), comparison_indicator_values()], ignore_index=True
        ),
        "dim_district_lineage": district_lineage(),
        "fct_health_facility_months": health_facility_months(),
        **ereadiness_frames(),
    }


def build_snapshot(
    path: Path,
    *,
    synthetic: bool = True,
    scale: int = 1,
    without: tuple[str, ...] = (),
) -> Path:
    """Write a serving snapshot; ``scale`` changes the complaint numbers and ``without``
    leaves marts out (a source not loaded yet)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("set TimeZone = 'UTC'")
        for name, frame in frames(scale).items():
            if name in without:
                continue
            columns = TYPES[name]
            con.register("frame", frame[list(columns)])
            casts = ", ".join(f'"{c}"::{t} as "{c}"' for c, t in columns.items())
            con.execute(f'create table main."{name}" as select {casts} from frame')
            con.unregister("frame")
        con.execute(
            "create table main.meta_snapshot as select ?::timestamp as published_at, "
            "?::boolean as synthetic, ?::varchar as sources",
            [PUBLISHED_AT, synthetic, "cqmis,census2023,boundaries"],
        )
    finally:
        con.close()
    return path


def point_current_at(serving: Path, snapshot: Path, *, synthetic: bool) -> None:
    """Swap current.json the way the publish step does: write aside, then rename."""
    pointer = {
        "snapshot": snapshot.relative_to(serving).as_posix(),
        "published_at": PUBLISHED_AT.isoformat() + "+00:00",
        "synthetic": synthetic,
    }
    tmp = serving / "current.json.tmp"
    tmp.write_text(json.dumps(pointer), encoding="utf-8")
    os.replace(tmp, serving / "current.json")


def publish(
    warehouse: Path,
    name: str = "20261128T101500Z",
    *,
    synthetic: bool = True,
    scale: int = 1,
    without: tuple[str, ...] = (),
) -> Path:
    """Publish a fixture snapshot into ``warehouse/serving`` and point current.json at it."""
    serving = warehouse / "serving"
    snapshot = build_snapshot(
        serving / "snapshots" / f"{name}.duckdb", synthetic=synthetic, scale=scale, without=without
    )
    point_current_at(serving, snapshot, synthetic=synthetic)
    return snapshot


# -- Comparing districts: every district on the registry, lineage, facility reports ---------
# Compare districts, District profile and Service KPIs read every district of the indicator
# mart, the district lineage (to mark series that cross a split), the Census-2023 profile of
# dim_district and the HMIS facility months (which facilities did not report).

CENSUS_PROFILE = {
    # pcode: population 2017 (2023 units), literacy 10+ total / male / female (%),
    #        urban share (%), households
    "PK201": (121_821, 41.9, 52.3, 30.4, 7.8, 30_611),
    "PK202": (171_025, 44.5, 57.1, 30.2, 9.6, 29_112),
    "PK204": (312_603, 30.1, 39.0, 19.8, 21.7, 49_403),
    "PK205": (262_253, 58.0, 64.2, 51.0, 53.2, 51_017),
    "PK206": (97_052, 45.6, 58.8, 30.9, 15.4, 19_904),
    "PK234": (152_111, 39.4, 51.5, 25.6, 11.3, 28_360),
}


def with_census_profile(dim: pd.DataFrame) -> pd.DataFrame:
    """dim_district with every column of its contract (population, area, literacy...)."""
    out = dim.copy()
    profile = out["district_pcode"].map(CENSUS_PROFILE)
    out["district_name_pbs"] = out["district_name"].str.upper()
    out["population_2017_on_2023_boundaries"] = profile.str[0]
    out["male_2023"] = out["population_2023"] * 52 // 100
    out["transgender_2023"] = 10
    out["female_2023"] = out["population_2023"] - out["male_2023"] - out["transgender_2023"]
    out["urban_share_2023_pct"] = profile.str[4]
    urban = out["population_2023"] * out["urban_share_2023_pct"] / 100
    out["urban_population_2023"] = urban.round()
    out["households_2023"] = profile.str[5]
    out["literacy_rate_10plus_2023"] = profile.str[1]
    out["literacy_rate_10plus_male_2023"] = profile.str[2]
    out["literacy_rate_10plus_female_2023"] = profile.str[3]
    out["population_density_2023"] = out["population_2023"] / out["area_km2"]
    out["cod_pcodes"] = out["district_pcode"]
    out["provenance"] = "fixture"
    return out


TYPES["dim_district"].update(
    {
        "district_name_pbs": "varchar",
        "population_2017_on_2023_boundaries": "bigint",
        "male_2023": "bigint",
        "female_2023": "bigint",
        "transgender_2023": "bigint",
        "urban_population_2023": "bigint",
        "urban_share_2023_pct": "double",
        "households_2023": "bigint",
        "literacy_rate_10plus_2023": "double",
        "literacy_rate_10plus_male_2023": "double",
        "literacy_rate_10plus_female_2023": "double",
        "population_density_2023": "double",
        "cod_pcodes": "varchar",
        "provenance": "varchar",
    }
)

# Real rows of transform/seeds/district_lineage.csv (P-codes as in the Census-2023 frame).
LINEAGE = [
    # unit, event, parent, parent pcode, harmonised, harmonised pcode, effective from
    ("Duki", "split_from", "Loralai", "PK219", "Duki", "PK234", date(2017, 3, 15)),
    ("Hub", "split_from", "Lasbela", "PK217", "Lasbela", "PK217", date(2022, 6, 7)),
    ("Upper Dera Bugti", "split_from", "Dera Bugti", "PK204", "Dera Bugti", "PK204",
     date(2026, 2, 26)),
    ("South Dera Bugti", "renamed_from", "Dera Bugti", "PK204", "Dera Bugti", "PK204",
     date(2026, 7, 8)),
]  # fmt: skip


def district_lineage() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "unit_name": unit,
                "event": event,
                "parent_district_name": parent,
                "parent_district_pcode": parent_pcode,
                "is_parent_census_2023_district": True,
                "harmonised_district_name": harmonised,
                "harmonised_district_pcode": harmonised_pcode,
                "is_census_2023_district": unit == harmonised,
                "effective_from": effective,
                "date_basis": "fixture",
                "note": f"{unit}: fixture row",
                "provenance": "district_lineage seed",
            }
            for unit, event, parent, parent_pcode, harmonised, harmonised_pcode, effective in (
                LINEAGE
            )
        ]
    )


TYPES["dim_district_lineage"] = {
    "unit_name": "varchar",
    "event": "varchar",
    "parent_district_name": "varchar",
    "parent_district_pcode": "varchar",
    "is_parent_census_2023_district": "boolean",
    "harmonised_district_name": "varchar",
    "harmonised_district_pcode": "varchar",
    "is_census_2023_district": "boolean",
    "effective_from": "date",
    "date_basis": "varchar",
    "note": "varchar",
    "provenance": "varchar",
}

INDICATOR_MONTHS = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
COMPLAINTS_INDICATOR = "CMP_RESOLVED_WITHIN_40D_PCT"


def _registry_row(code, name, domain, department, source, unit, direction, periodicity, **extra):
    departments = {code_: name_ for code_, name_, _ in DEPARTMENTS}
    sources = {code_: name_ for code_, name_, *_ in SOURCES}
    return {
        "indicator_code": code,
        "indicator_name": name,
        "domain": domain,
        "department_code": department,
        "department_name": departments[department],
        "source_code": source,
        "source_name": sources[source],
        "numerator_definition": extra.get("numerator", ""),
        "denominator_definition": extra.get("denominator", ""),
        "factor": extra.get("factor", 100.0),
        "unit": unit,
        "direction": direction,
        "higher_is_better": direction == "higher_is_better",
        "periodicity": periodicity,
        "aggregation": extra.get("aggregation", "ratio"),
        "definition": f"{name} (fixture).",
        "assumptions": extra.get("assumptions", ""),
    }


def comparison_indicators() -> pd.DataFrame:
    """A complaints indicator beside the two health ones (a second department)."""
    return pd.DataFrame(
        [
            _registry_row(
                COMPLAINTS_INDICATOR,
                "Complaints resolved within 40 days",
                "complaints",
                "LGRD",
                "cqmis",
                "% of resolved complaints",
                "higher_is_better",
                "month",
                numerator="Complaints resolved in the month within 40 days of receipt",
                denominator="Complaints resolved in the month",
            )
        ]
    )


_PLACES = {pcode: (name, division) for pcode, name, division, *_ in DISTRICTS}


def _value_row(code, department, source, level, geo_code, period, value, **extra) -> dict:
    if level == "district":
        name, division = _PLACES[geo_code]
    else:
        name, division = (geo_code, geo_code) if level == "division" else ("Balochistan", None)
    start = pd.Timestamp(period["start"])
    return {
        "indicator_code": code,
        "department_code": department,
        "source_code": source,
        "geo_level": level,
        "geo_code": geo_code,
        "geo_name": name,
        "division": division,
        "district_pcode": geo_code if level == "district" else None,
        "period_type": period["type"],
        "period_start": start.date(),
        "period_end": period["end"],
        "period_label": period["label"],
        "fiscal_year_label": f"FY {period['fy']}-{(period['fy'] + 1) % 100:02d}",
        "fiscal_quarter_label": period.get("fiscal_quarter"),
        "numerator": extra.get("numerator", value),
        "denominator": extra.get("denominator", 100.0),
        "value": value,
        "reporting_completeness": extra.get("completeness"),
        "crosses_boundary_change": extra.get("crosses", False),
    }


def _month(start: date) -> dict:
    fy = start.year if start.month >= 7 else start.year - 1
    return {
        "type": "month",
        "start": start,
        "end": (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date(),
        "label": f"{start:%b %Y}",
        "fy": fy,
        "fiscal_quarter": f"FY {fy}-{(fy + 1) % 100:02d} Q{(start.month - 7) % 12 // 3 + 1}",
    }


def comparison_indicator_values() -> pd.DataFrame:
    """Every district and division the health fixture leaves out, and the complaints
    indicator (from the complaints mart's own figures), August to October 2026.

    No district split takes effect inside these months, so no series is flagged."""
    rows = []
    covered = {geo for (_, geo) in INDICATOR_VALUES}
    places = [("district", p) for p, *_ in DISTRICTS] + [
        ("division", d) for d in sorted({d for _, _, d, *_ in DISTRICTS})
    ]
    for m, month in enumerate(INDICATOR_MONTHS):
        for i, (level, geo) in enumerate(places):
            if geo in covered:
                continue
            completeness = 88.0 + (i * 3 + m) % 12
            penta = 50.0 + (i * 7 + m * 3) % 30
            opd = 20.0 + (i * 5 + m * 2) % 25
            for code, value in (("HLT_PENTA3_COVERAGE", penta), ("HLT_OPD_PER_1000", opd)):
                rows.append(
                    _value_row(
                        code, "HEALTH", "hmis", level, geo, _month(month), value,
                        completeness=completeness,
                    )
                )  # fmt: skip
    monthly = complaints_monthly()
    for row in monthly[monthly["month_start"].isin(INDICATOR_MONTHS)].itertuples(index=False):
        pct = None if pd.isna(row.resolved_within_40d_pct) else float(row.resolved_within_40d_pct)
        rows.append(
            _value_row(
                COMPLAINTS_INDICATOR, "LGRD", "cqmis", row.geo_level, row.geo_code,
                _month(row.month_start), pct,
                numerator=None if pct is None else row.complaints_resolved * pct / 100,
                denominator=float(row.complaints_resolved),
            )
        )  # fmt: skip
    return pd.DataFrame(rows)


# Facilities of two districts. Awaran's October: 6 of 10 reported (one late), which is the
# 60 % HMIS completeness of its Penta-3 value above; the facility closed in September is no
# longer expected. Harnai's four all reported on time.
FACILITIES = [
    # org unit, name, type, tehsil, district pcode, closed
    ("awr01", "DHQ Hospital Awaran", "DHQ Hospital", "Awaran", "PK201", None),
    ("awr02", "RHC Jhal Jhao", "Rural Health Centre", "Jhal Jhao", "PK201", None),
    ("awr03", "BHU Gishkor", "Basic Health Unit", "Awaran", "PK201", None),
    ("awr04", "BHU Mashkai", "Basic Health Unit", "Mashkai", "PK201", None),
    ("awr05", "BHU Parwar", "Basic Health Unit", "Mashkai", "PK201", None),
    ("awr06", "BHU Kolwa", "Basic Health Unit", "Jhal Jhao", "PK201", None),
    ("awr07", "CD Teertej", "Civil Dispensary", "Awaran", "PK201", None),
    ("awr08", "CD Nokjo", "Civil Dispensary", "Mashkai", "PK201", None),
    ("awr09", "MCH Centre Awaran", "MCH Centre", "Awaran", "PK201", None),
    ("awr10", "BHU Gajar", "Basic Health Unit", "Mashkai", "PK201", None),
    ("awr11", "CD Korak", "Civil Dispensary", "Jhal Jhao", "PK201", date(2026, 9, 20)),
    ("hrn01", "DHQ Hospital Harnai", "DHQ Hospital", "Harnai", "PK206", None),
    ("hrn02", "RHC Shahrig", "Rural Health Centre", "Shahrig", "PK206", None),
    ("hrn03", "BHU Khost", "Basic Health Unit", "Shahrig", "PK206", None),
    ("hrn04", "BHU Babar Kach", "Basic Health Unit", "Harnai", "PK206", None),
]
# (org unit, month): days late (0 = on time); a facility-month not listed did not report.
NOT_REPORTED = {
    ("awr03", date(2026, 10, 1)),
    ("awr05", date(2026, 10, 1)),
    ("awr08", date(2026, 10, 1)),
    ("awr10", date(2026, 10, 1)),
    ("awr08", date(2026, 9, 1)),
}
LATE = {("awr02", date(2026, 10, 1)): 6, ("awr04", date(2026, 8, 1)): 2}


def health_facility_months() -> pd.DataFrame:
    rows = []
    for month in INDICATOR_MONTHS:
        for unit, name, kind, tehsil, pcode, closed in FACILITIES:
            if closed is not None and closed < month:
                continue
            reported = (unit, month) not in NOT_REPORTED
            late = LATE.get((unit, month), 0)
            due = pd.Timestamp(month) + pd.DateOffset(months=1, days=9)
            rows.append(
                {
                    "period_month": month,
                    "org_unit_id": unit,
                    "facility_name": name,
                    "facility_type": kind,
                    "tehsil_name": tehsil,
                    "district_reported": _PLACES[pcode][0],
                    "district_unit": _PLACES[pcode][0],
                    "district_pcode": pcode,
                    "opening_date": date(2001, 1, 1),
                    "closed_date": closed,
                    "is_expected": True,
                    "has_reported": reported,
                    "is_on_time": reported and not late,
                    "completed_at": due + pd.Timedelta(days=late) - pd.Timedelta(hours=5)
                    if reported
                    else None,
                    "days_late": late if reported else None,
                    "data_values_sent": 40 + len(name) if reported else 0,
                }
            )
    return pd.DataFrame(rows)


TYPES["fct_health_facility_months"] = {
    "period_month": "date",
    "org_unit_id": "varchar",
    "facility_name": "varchar",
    "facility_type": "varchar",
    "tehsil_name": "varchar",
    "district_reported": "varchar",
    "district_unit": "varchar",
    "district_pcode": "varchar",
    "opening_date": "date",
    "closed_date": "date",
    "is_expected": "boolean",
    "has_reported": "boolean",
    "is_on_time": "boolean",
    "completed_at": "timestamp",
    "days_late": "integer",
    "data_values_sent": "bigint",
}
COMPARISON_MARTS = ("dim_district_lineage", "fct_health_facility_months")


# -- An opt-in school-census series over eleven fiscal years --------------------------------
# Not in the default snapshot: a new source there would add a block to the Overview. Tests
# that need a yearly series crossing district splits add it with ``add_rows``.

EDUCATION_INDICATOR = "EDU_GIRLS_SHARE_PCT"
FISCAL_YEARS = list(range(2015, 2026))  # FY 2015-16 ... FY 2025-26


def education_indicators() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _registry_row(
                EDUCATION_INDICATOR, "Girls' share of enrolment", "education", "SED", "bemis",
                "% of pupils", "higher_is_better", "fiscal_year",
                numerator="Girls on roll", denominator="Pupils on roll (boys and girls)",
            ),
            _registry_row(
                "EDU_ENROLMENT_TOTAL", "Pupils enrolled in government schools", "education",
                "SED", "bemis", "pupils", "higher_is_better", "fiscal_year",
                numerator="Pupils on roll, all classes", factor=1.0, aggregation="count",
            ),
        ]
    )  # fmt: skip


def _series_crosses(level: str, geo: str, start: date, end: date) -> bool:
    """The mart's rule: a lineage event of the district after the first day, up to the last."""
    return level == "district" and any(
        geo in (parent, harmonised) and start < effective <= end
        for _, _, _, parent, _, harmonised, effective in LINEAGE
    )


def education_indicator_values() -> pd.DataFrame:
    """Every district, division and the province, FY 2015-16 to FY 2025-26. Duki (split from
    Loralai in March 2017) and Dera Bugti (Upper Dera Bugti split off in February 2026)
    cross a district split; South Dera Bugti's rename (July 2026) falls after the series."""
    places = (
        [("district", p) for p, *_ in DISTRICTS]
        + [("division", d) for d in sorted({d for _, _, d, *_ in DISTRICTS})]
        + [("province", "PK2")]
    )
    first, last = date(FISCAL_YEARS[0], 7, 1), date(FISCAL_YEARS[-1] + 1, 6, 30)
    rows = []
    for i, (level, geo) in enumerate(places):
        crosses = _series_crosses(level, geo, first, last)
        for y, year in enumerate(FISCAL_YEARS):
            period = {
                "type": "fiscal_year",
                "start": date(year, 7, 1),
                "end": date(year + 1, 6, 30),
                "label": f"FY {year}-{(year + 1) % 100:02d}",
                "fy": year,
                "fiscal_quarter": f"FY {year}-{(year + 1) % 100:02d} Q1",
            }
            pupils = 20_000.0 + 1_500 * i + 400 * y
            # (i * 5 + y * 3) % 13 gives every district a different share, reordered yearly.
            girls = pupils * (0.30 + 0.011 * ((i * 5 + y * 3) % 13))
            for code, value, extra in (
                (EDUCATION_INDICATOR, 100 * girls / pupils, {"numerator": girls}),
                ("EDU_ENROLMENT_TOTAL", pupils, {"denominator": None}),
            ):
                extra.setdefault("denominator", pupils)
                rows.append(
                    _value_row(
                        code, "SED", "bemis", level, geo, period, value, crosses=crosses, **extra
                    )
                )
    return pd.DataFrame(rows)


def add_rows(snapshot: Path, tables: dict[str, pd.DataFrame]) -> Path:
    """Append rows to tables of a built snapshot (before the app opens it)."""
    con = duckdb.connect(str(snapshot))
    try:
        for name, frame in tables.items():
            columns = TYPES[name]
            con.register("frame", frame[list(columns)])
            casts = ", ".join(f'"{c}"::{t}' for c, t in columns.items())
            con.execute(f'insert into main."{name}" select {casts} from frame')
            con.unregister("frame")
    finally:
        con.close()
    return snapshot


def add_education_series(snapshot: Path) -> Path:
    return add_rows(
        snapshot,
        {
            "dim_indicator": education_indicators(),
            "rpt_indicator_values": education_indicator_values(),
        },
    )


# -- E-readiness: the district index, its sensitivity and stability, department maturity ----
# Six districts over three fiscal years: FY 2024-25 and FY 2025-26 rated (ranks differ
# between them), FY 2026-27 not rated. In FY 2024-25 the stage-weighted services are equal
# everywhere (a constant indicator, z = 0); Harnai has no IT-training figure in FY 2025-26 (a
# missing value). The scores are computed here the way the marts compute them.

EREADINESS_MARTS = (
    "rpt_ereadiness__district_index",
    "rpt_ereadiness__indicator_scores",
    "rpt_ereadiness__sensitivity",
    "rpt_ereadiness__rank_stability",
    "rpt_ereadiness__rank_stability_summary",
    "rpt_ereadiness__department_maturity",
    "rpt_ereadiness__service_stages",
    "rpt_ereadiness__portal_scores",
    "rpt_ereadiness__provincial_stage",
    "rpt_ereadiness__provincial_summary",
)
EREADINESS_YEARS = (2024, 2025)
EREADINESS_UNRATED_YEAR = 2026
EREADINESS_COMPONENTS = {
    "INFRA": "Infrastructure",
    "HUMAN": "Human capital",
    "ONLINE": "Online services",
}
EREADINESS_INDICATORS = [
    (
        "INFRA",
        "HLT_FACILITIES_COMPUTER_INTERNET_PCT",
        "Health facilities with a computer and internet (%)",
    ),
    ("INFRA", "EDU_SCHOOLS_WITH_ELECTRICITY_PCT", "Functional schools with electricity (%)"),
    ("HUMAN", "CEN_LITERACY_10PLUS_PCT", "Literacy rate aged 10 and over (Census 2023)"),
    ("HUMAN", "HR_IT_TRAINED_PCT", "Government employees trained in IT (%)"),
    (
        "ONLINE",
        "ESV_SERVICE_STAGE_POINTS",
        "Live online services reaching the district (stage-weighted)",
    ),
    ("ONLINE", "HLT_REPORTING_TIMELINESS_PCT", "HMIS reports sent online on time (%)"),
]
EREADINESS_CONSTANT = ("ESV_SERVICE_STAGE_POINTS", 2024)
EREADINESS_MISSING = ("PK206", "HR_IT_TRAINED_PCT", 2025)
BANDS = [
    ("Very high", 1, 0.75, False),
    ("High", 2, 0.5, True),
    ("Middle", 3, 0.25, True),
    ("Low", 4, 0.0, True),
]


def _fy_label(year: int) -> str:
    return f"FY {year}-{(year + 1) % 100:02d}"


def _ereadiness_value(i: int, pcode: str, k: int, code: str, year: int) -> float | None:
    if (pcode, code, year) == EREADINESS_MISSING:
        return None
    if (code, year) == EREADINESS_CONSTANT:
        return 4.2
    if code == "CEN_LITERACY_10PLUS_PCT":
        return CENSUS_PROFILE[pcode][1]
    # (i * 7 + k * 5 + shift) % 11 reorders the districts between indicators and years.
    shift = 0 if year == EREADINESS_YEARS[0] else 3 * (i + 1)
    return 20.0 + ((i * 7 + k * 5 + shift) % 11) * 6.0


def _band(value: float | None) -> tuple[str, int | None]:
    if value is None or pd.isna(value):
        return "Not rated", None
    for band, order, lower, inclusive in BANDS:
        if value > lower or (inclusive and value == lower):
            return band, order
    return "Low", 4


def ereadiness_indicator_scores() -> pd.DataFrame:
    rows = []
    for year in EREADINESS_YEARS:
        for k, (component, code, name) in enumerate(EREADINESS_INDICATORS):
            for i, (pcode, district, division, *_) in enumerate(DISTRICTS):
                value = _ereadiness_value(i, pcode, k, code, year)
                rows.append(
                    {
                        "fiscal_year_start": year,
                        "fiscal_year_label": _fy_label(year),
                        "period_start": date(year, 7, 1),
                        "district_pcode": pcode,
                        "district_name": district,
                        "division": division,
                        "component_code": component,
                        "component_name": EREADINESS_COMPONENTS[component],
                        "indicator_code": code,
                        "indicator_name": name,
                        "direction": "higher_is_better",
                        "target": None,
                        "indicator_weight": 1.0,
                        "value": value,
                        "value_kind": "fixed" if code.startswith("CEN_") else "registry",
                        "periods_observed": 0 if value is None else 12,
                        "is_observed": value is not None,
                        "oriented_value": value,
                    }
                )
    frame = pd.DataFrame(rows)
    stats = frame.groupby(["fiscal_year_start", "indicator_code"])["oriented_value"]
    frame["districts_observed"] = stats.transform("count")
    frame["year_mean"] = stats.transform("mean")
    frame["year_std"] = stats.transform(lambda v: v.std(ddof=0))
    frame["is_constant"] = frame["year_std"] <= 1e-12
    frame["z_score"] = (frame["oriented_value"] - frame["year_mean"]) / frame["year_std"]
    frame.loc[frame["is_constant"], "z_score"] = 0.0
    frame.loc[~frame["is_observed"], "z_score"] = None
    return frame


def _ereadiness_components(scores: pd.DataFrame) -> pd.DataFrame:
    keys = ["fiscal_year_start", "district_pcode", "component_code"]
    parts = (
        scores.groupby(keys)
        .agg(raw=("z_score", "mean"), available=("is_observed", "sum"))
        .reset_index()
    )
    spread = parts.groupby(["fiscal_year_start", "component_code"])["raw"]
    low, high = spread.transform("min"), spread.transform("max")
    parts["score"] = ((parts["raw"] - low) / (high - low)).where(high - low > 1e-12, 0.5)
    return parts


def _ranked(values: pd.Series) -> pd.Series:
    return values.rank(method="min", ascending=False)


def ereadiness_district_index() -> pd.DataFrame:
    scores = ereadiness_indicator_scores()
    parts = _ereadiness_components(scores)
    wide = parts.pivot_table(
        index=["fiscal_year_start", "district_pcode"],
        columns="component_code",
        values=["score", "raw"],
    )
    wide.columns = [f"{value}_{component}" for value, component in wide.columns]
    wide = wide.reset_index()
    available = parts.groupby(["fiscal_year_start", "district_pcode"])["available"].sum()
    wide["indicators_available"] = wide.set_index(
        ["fiscal_year_start", "district_pcode"]
    ).index.map(available)
    wide["ereadiness_index"] = (
        wide[["score_INFRA", "score_HUMAN", "score_ONLINE"]].mean(axis=1).round(9)
    )
    wide["district_rank"] = wide.groupby("fiscal_year_start")["ereadiness_index"].transform(_ranked)
    places = {pcode: (name, division) for pcode, name, division, *_ in DISTRICTS}
    rows = []
    for r in wide.itertuples(index=False):
        band, order = _band(r.ereadiness_index)
        rows.append(
            {
                "fiscal_year_start": r.fiscal_year_start,
                "fiscal_year_label": _fy_label(r.fiscal_year_start),
                "period_start": date(r.fiscal_year_start, 7, 1),
                "district_pcode": r.district_pcode,
                "district_name": places[r.district_pcode][0],
                "division": places[r.district_pcode][1],
                "ereadiness_index": r.ereadiness_index,
                "band": band,
                "band_order": order,
                "district_rank": int(r.district_rank),
                "districts_ranked": len(DISTRICTS),
                "components_available": 3,
                "infrastructure_score": r.score_INFRA,
                "human_capital_score": r.score_HUMAN,
                "online_services_score": r.score_ONLINE,
                "infrastructure_raw": r.raw_INFRA,
                "human_capital_raw": r.raw_HUMAN,
                "online_services_raw": r.raw_ONLINE,
                "indicators_available": int(r.indicators_available),
                "indicators_included": len(EREADINESS_INDICATORS),
                "is_rated": True,
                "is_complete_basket": True,
                "is_headline_year": r.fiscal_year_start == EREADINESS_YEARS[-1],
            }
        )
    for pcode, name, division, *_ in DISTRICTS:
        rows.append(
            {
                "fiscal_year_start": EREADINESS_UNRATED_YEAR,
                "fiscal_year_label": _fy_label(EREADINESS_UNRATED_YEAR),
                "period_start": date(EREADINESS_UNRATED_YEAR, 7, 1),
                "district_pcode": pcode,
                "district_name": name,
                "division": division,
                "band": "Not rated",
                "districts_ranked": 0,
                "components_available": 2,
                "indicators_available": 3,
                "indicators_included": len(EREADINESS_INDICATORS),
                "is_rated": False,
                "is_complete_basket": False,
                "is_headline_year": False,
            }
        )
    return pd.DataFrame(rows)


def ereadiness_sensitivity(index: pd.DataFrame) -> pd.DataFrame:
    rated = index[index["is_rated"]]
    columns = {
        "INFRA": "infrastructure_score",
        "HUMAN": "human_capital_score",
        "ONLINE": "online_services_score",
    }
    frames_ = []
    for code, column in columns.items():
        others = [c for c in columns.values() if c != column]
        out = rated.copy()
        out["dropped_component_code"] = code
        out["dropped_component_name"] = EREADINESS_COMPONENTS[code]
        out["dropped_component_score"] = out[column]
        out["index_without_component"] = out[others].mean(axis=1).round(9)
        out["rank_without_component"] = out.groupby("fiscal_year_start")[
            "index_without_component"
        ].transform(_ranked)
        frames_.append(out)
    out = pd.concat(frames_, ignore_index=True)
    out["rank_change"] = out["rank_without_component"] - out["district_rank"]
    out["abs_rank_change"] = out["rank_change"].abs()
    return out


def ereadiness_rank_stability(index: pd.DataFrame) -> pd.DataFrame:
    rated = index[index["is_rated"]].copy()
    ties = rated.groupby(["fiscal_year_start", "ereadiness_index"])["district_pcode"].transform(
        "count"
    )
    rated["average_rank"] = rated["district_rank"] + (ties - 1) / 2
    previous = rated.assign(fiscal_year_start=rated["fiscal_year_start"] + 1)[
        [
            "fiscal_year_start",
            "district_pcode",
            "fiscal_year_label",
            "ereadiness_index",
            "district_rank",
            "average_rank",
        ]
    ].rename(
        columns={
            "fiscal_year_label": "previous_fiscal_year_label",
            "ereadiness_index": "previous_ereadiness_index",
            "district_rank": "previous_district_rank",
            "average_rank": "previous_average_rank",
        }
    )
    out = rated.merge(previous, on=["fiscal_year_start", "district_pcode"], how="left")
    has_previous = out["previous_district_rank"].notna()
    out["previous_fiscal_year_start"] = (out["fiscal_year_start"] - 1).where(has_previous)
    out["index_change"] = out["ereadiness_index"] - out["previous_ereadiness_index"]
    out["rank_change"] = out["district_rank"] - out["previous_district_rank"]
    out["abs_rank_change"] = out["rank_change"].abs()
    return out


def ereadiness_stability_summary(stability: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for year, group in stability.dropna(subset=["previous_district_rank"]).groupby(
        "fiscal_year_start"
    ):
        rows.append(
            {
                "fiscal_year_start": year,
                "fiscal_year_label": _fy_label(year),
                "previous_fiscal_year_start": year - 1,
                "previous_fiscal_year_label": _fy_label(year - 1),
                "districts_compared": len(group),
                "spearman_rho": group["average_rank"].corr(group["previous_average_rank"]),
                "mean_abs_rank_change": group["abs_rank_change"].mean(),
                "max_abs_rank_change": group["abs_rank_change"].max(),
                "districts_moving_5_or_more": int((group["abs_rank_change"] >= 5).sum()),
                "same_indicators": True,
            }
        )
    return pd.DataFrame(rows)


EREADINESS_STAGES = [
    (1, "Emerging", "An official government online presence is established."),
    (2, "Enhanced", "Government sites increase; information becomes more dynamic."),
    (3, "Interactive", "Users can download forms, e-mail and interact through the web."),
    (4, "Transactional", "Users can actively pay for services and transactions online."),
    (5, "Connected", "Full integration of e-services across administrative boundaries."),
]
EREADINESS_SERVICES = [
    # id, name, department, portal, district, status, stage
    ("GOB-INFO", "Provincial government information", "ITD", "GOB-PORTAL", None, "live", 2),
    ("EPAY-FEES", "Payment of government fees", "ITD", "EPAY", None, "live", 5),
    ("CQMIS-WEB", "Online complaint form", "LGRD", "LGC-PORTAL", None, "live", 3),
    ("DG-INFO", "District Gwadar information", "LGRD", "DG-GWADAR", "PK205", "live", 1),
    ("HMIS-REPORTING", "Monthly facility reporting", "HEALTH", "HMIS", None, "live", 3),
    ("BEMIS-CENSUS", "Annual school census", "SED", "BEMIS", None, "live", 2),
    ("BEMIS-ADMISSION", "School admission form", "SED", "BEMIS-WEB", None, "planned", 3),
]
EREADINESS_PORTALS = [
    # id, name, department, district, status, share met per criterion (IF, CP, SP, PE, TE)
    ("EPAY", "Provincial e-payment gateway", "ITD", None, "live", (4, 7, 5, 14, 7)),
    (
        "LGC-PORTAL",
        "Web portal of the Local Government Commission",
        "LGRD",
        None,
        "live",
        (3, 5, 3, 8, 6),
    ),
    (
        "DG-GWADAR",
        "Website of District Government Gwadar",
        "LGRD",
        "PK205",
        "live",
        (1, 2, 0, 2, 3),
    ),
    ("BEMIS-WEB", "BEMIS web application", "SED", None, "planned", None),
]
EREADINESS_CRITERIA = [
    ("IF", "Institutional framework", 5),
    ("CP", "Content provision", 7),
    ("SP", "Services provision", 6),
    ("PE", "Participation and engagement", 17),
    ("TE", "Technology", 8),
]
EREADINESS_REPORT_FINDING = "At the second stage (Enhanced), moving toward the third (fixture)."


def ereadiness_service_stages() -> pd.DataFrame:
    departments = {code: name for code, name, _ in DEPARTMENTS}
    places = {pcode: name for pcode, name, *_ in DISTRICTS}
    stages = {n: (s, d) for n, s, d in EREADINESS_STAGES}
    return pd.DataFrame(
        [
            {
                "service_id": sid,
                "service_name": name,
                "department_code": dept,
                "department_name": departments[dept],
                "portal_id": portal,
                "portal_name": portal,
                "district_pcode": district,
                "district_name": places.get(district),
                "reach": "District" if district else "Province-wide",
                "channel": "web_portal",
                "service_status": status,
                "is_live": status == "live",
                "launched_on": None,
                "un_stage_number": stage,
                "un_stage": stages[stage][0],
                "stage_definition": stages[stage][1],
                "stage_basis": "demo assessment (synthetic)",
                "report_stage_number": 2,
                "is_beyond_report_stage": stage > 2,
                "is_synthetic": True,
                "catalogue_version": "fixture",
            }
            for sid, name, dept, portal, district, status, stage in EREADINESS_SERVICES
        ]
    )


def ereadiness_portal_scores() -> pd.DataFrame:
    departments = {code: name for code, name, _ in DEPARTMENTS}
    places = {pcode: name for pcode, name, *_ in DISTRICTS}
    total = sum(n for *_, n in EREADINESS_CRITERIA)
    rows = []
    for pid, name, dept, district, status, met in EREADINESS_PORTALS:
        criteria = [*EREADINESS_CRITERIA, ("ALL", "Overall", total)]
        met_all = [*(met or ()), sum(met)] if met else None
        for k, (code, criterion, items) in enumerate(criteria):
            score = met_all[k] / items if met_all else None
            band, order = _band(score) if score is not None else ("Not assessed", None)
            rows.append(
                {
                    "portal_id": pid,
                    "portal_name": name,
                    "portal_kind": "District website" if district else "Department portal",
                    "department_code": dept,
                    "department_name": departments[dept],
                    "district_pcode": district,
                    "district_name": places.get(district),
                    "portal_status": status,
                    "is_live": status == "live",
                    "criterion_code": code,
                    "criterion": criterion,
                    "items_in_checklist": items,
                    "items_assessed": items if met_all else 0,
                    "items_met": met_all[k] if met_all else 0,
                    "score": score,
                    "band": band,
                    "band_order": order,
                    "assessed_on": date(2026, 10, 15) if met_all else None,
                    "is_synthetic": True,
                }
            )
    return pd.DataFrame(rows)


def ereadiness_department_maturity(services: pd.DataFrame, portals: pd.DataFrame) -> pd.DataFrame:
    stages = {n: s for n, s, _ in EREADINESS_STAGES}
    rows = []
    for k, (code, name, short) in enumerate(DEPARTMENTS):
        own = services[services["department_code"] == code]
        live = own[own["is_live"]]
        web = portals[
            (portals["department_code"] == code)
            & portals["is_live"]
            & (portals["criterion_code"] == "ALL")
        ]
        intra = [0.8, 0.4, 0.6, 0.55][k]
        inter = 1.0 if (live["un_stage_number"] == 5).any() else 0.5
        public = web["items_met"].sum() / web["items_assessed"].sum() if len(web) else 0.0
        highest = int(live["un_stage_number"].max()) if len(live) else None
        rows.append(
            {
                "department_code": code,
                "department_name": name,
                "short_name": short,
                "services": len(own),
                "live_services": len(live),
                "planned_services": int((own["service_status"] == "planned").sum()),
                **{
                    f"live_stage_{n}": int((live["un_stage_number"] == n).sum())
                    for n in range(1, 6)
                },
                "stage_number": highest,
                "stage": stages.get(highest),
                "median_live_stage_number": int(
                    live["un_stage_number"].sort_values().iloc[(len(live) - 1) // 2]
                )
                if len(live)
                else None,
                "live_internal_systems": 1,
                "live_web_portals": len(web),
                "employees": 100 + 10 * k,
                "employees_it_trained": 20 + k,
                "it_trained_share": (20 + k) / (100 + 10 * k),
                "source_systems": 1,
                "source_systems_delivering": 1,
                "warehouse_delivery_share": 1.0,
                "has_connected_service": bool((live["un_stage_number"] == 5).any()),
                "checklist_items_assessed": int(web["items_assessed"].sum()),
                "checklist_items_met": int(web["items_met"].sum()),
                "intra_department_computerisation": intra,
                "intra_department_computerisation_band": _band(intra)[0],
                "inter_department_connectivity": inter,
                "inter_department_connectivity_band": _band(inter)[0],
                "public_information": public,
                "public_information_band": _band(public)[0],
                "maturity_score": (intra + inter + public) / 3,
            }
        )
    return pd.DataFrame(rows)


def ereadiness_provincial_stage(services: pd.DataFrame) -> pd.DataFrame:
    live = services[services["is_live"]]
    stages_live = sorted(live["un_stage_number"])
    median = stages_live[(len(stages_live) - 1) // 2]
    highest_by_department = live.groupby("department_code")["un_stage_number"].max()
    rows = []
    for number_, stage, definition in EREADINESS_STAGES:
        at = int((live["un_stage_number"] == number_).sum())
        above = int((live["un_stage_number"] >= number_).sum())
        rows.append(
            {
                "stage_number": number_,
                "stage": stage,
                "definition": definition,
                "live_services_at_stage": at,
                "share_of_live_services": at / len(live),
                "live_services_at_or_above": above,
                "share_at_or_above": above / len(live),
                "departments_highest_at_stage": int((highest_by_department == number_).sum()),
                "departments_at_or_above": int((highest_by_department >= number_).sum()),
                "is_report_stage": number_ == 2,
                "is_report_next_stage": number_ == 3,
                "is_current_median_stage": number_ == median,
                "is_current_highest_stage": number_ == max(stages_live),
            }
        )
    return pd.DataFrame(rows)


def ereadiness_provincial_summary(stages: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(stages["stage_number"], stages["stage"], strict=True))
    median = int(stages.loc[stages["is_current_median_stage"], "stage_number"].iloc[0])
    highest = int(stages.loc[stages["is_current_highest_stage"], "stage_number"].iloc[0])
    third = stages[stages["stage_number"] == 3].iloc[0]
    progress = {True: "Beyond the report's stage", False: "At the report's stage"}[median > 2]
    return pd.DataFrame(
        [
            {
                "report_stage_number": 2,
                "report_stage": names[2],
                "report_next_stage_number": 3,
                "report_next_stage": names[3],
                "report_finding": EREADINESS_REPORT_FINDING,
                "report_source": "UNDP e-Governance need assessment (fixture)",
                "live_services": int(stages["live_services_at_stage"].sum()),
                "departments_with_live_services": len(DEPARTMENTS),
                "departments": len(DEPARTMENTS),
                "median_stage_number": median,
                "median_stage": names[median],
                "highest_stage_number": highest,
                "highest_stage": names[highest],
                "share_at_or_above_report_next_stage": third["share_at_or_above"],
                "departments_at_or_above_report_next_stage": int(third["departments_at_or_above"]),
                "progress_since_report": progress,
                "catalogue_version": "fixture",
            }
        ]
    )


def ereadiness_frames() -> dict[str, pd.DataFrame]:
    """The e-readiness marts of the fixture snapshot."""
    index = ereadiness_district_index()
    stability = ereadiness_rank_stability(index)
    services = ereadiness_service_stages()
    portals = ereadiness_portal_scores()
    stages = ereadiness_provincial_stage(services)
    return {
        "rpt_ereadiness__district_index": index,
        "rpt_ereadiness__indicator_scores": ereadiness_indicator_scores(),
        "rpt_ereadiness__sensitivity": ereadiness_sensitivity(index),
        "rpt_ereadiness__rank_stability": stability,
        "rpt_ereadiness__rank_stability_summary": ereadiness_stability_summary(stability),
        "rpt_ereadiness__department_maturity": ereadiness_department_maturity(services, portals),
        "rpt_ereadiness__service_stages": services,
        "rpt_ereadiness__portal_scores": portals,
        "rpt_ereadiness__provincial_stage": stages,
        "rpt_ereadiness__provincial_summary": ereadiness_provincial_summary(stages),
    }


_YEAR_KEYS = {
    "fiscal_year_start": "integer",
    "fiscal_year_label": "varchar",
    "period_start": "date",
}
_DISTRICT_KEYS = dict.fromkeys(("district_pcode", "district_name", "division"), "varchar")
TYPES.update(
    {
        "rpt_ereadiness__district_index": {
            **_YEAR_KEYS,
            **_DISTRICT_KEYS,
            "ereadiness_index": "double",
            "band": "varchar",
            "band_order": "integer",
            "district_rank": "integer",
            "districts_ranked": "integer",
            "components_available": "integer",
            **dict.fromkeys(
                (
                    "infrastructure_score",
                    "human_capital_score",
                    "online_services_score",
                    "infrastructure_raw",
                    "human_capital_raw",
                    "online_services_raw",
                ),
                "double",
            ),
            "indicators_available": "integer",
            "indicators_included": "integer",
            **dict.fromkeys(("is_rated", "is_complete_basket", "is_headline_year"), "boolean"),
        },
        "rpt_ereadiness__indicator_scores": {
            **_YEAR_KEYS,
            **_DISTRICT_KEYS,
            **dict.fromkeys(
                (
                    "component_code",
                    "component_name",
                    "indicator_code",
                    "indicator_name",
                    "direction",
                ),
                "varchar",
            ),
            "target": "double",
            "indicator_weight": "double",
            "value": "double",
            "value_kind": "varchar",
            "periods_observed": "integer",
            "is_observed": "boolean",
            "oriented_value": "double",
            "districts_observed": "integer",
            "year_mean": "double",
            "year_std": "double",
            "is_constant": "boolean",
            "z_score": "double",
        },
        "rpt_ereadiness__sensitivity": {
            **_YEAR_KEYS,
            **_DISTRICT_KEYS,
            "dropped_component_code": "varchar",
            "dropped_component_name": "varchar",
            "dropped_component_score": "double",
            "ereadiness_index": "double",
            "district_rank": "integer",
            "index_without_component": "double",
            "rank_without_component": "integer",
            "rank_change": "integer",
            "abs_rank_change": "integer",
        },
        "rpt_ereadiness__rank_stability": {
            **_YEAR_KEYS,
            **_DISTRICT_KEYS,
            "ereadiness_index": "double",
            "district_rank": "integer",
            "average_rank": "double",
            "previous_fiscal_year_start": "integer",
            "previous_fiscal_year_label": "varchar",
            "previous_ereadiness_index": "double",
            "previous_district_rank": "integer",
            "previous_average_rank": "double",
            "index_change": "double",
            "rank_change": "integer",
            "abs_rank_change": "integer",
        },
        "rpt_ereadiness__rank_stability_summary": {
            "fiscal_year_start": "integer",
            "fiscal_year_label": "varchar",
            "previous_fiscal_year_start": "integer",
            "previous_fiscal_year_label": "varchar",
            "districts_compared": "integer",
            "spearman_rho": "double",
            "mean_abs_rank_change": "double",
            "max_abs_rank_change": "integer",
            "districts_moving_5_or_more": "integer",
            "same_indicators": "boolean",
        },
        "rpt_ereadiness__department_maturity": {
            **dict.fromkeys(("department_code", "department_name", "short_name"), "varchar"),
            **dict.fromkeys(
                (
                    "services",
                    "live_services",
                    "planned_services",
                    *(f"live_stage_{n}" for n in range(1, 6)),
                ),
                "integer",
            ),
            "stage_number": "integer",
            "stage": "varchar",
            "median_live_stage_number": "integer",
            "live_internal_systems": "integer",
            "live_web_portals": "integer",
            "employees": "bigint",
            "employees_it_trained": "bigint",
            "it_trained_share": "double",
            "source_systems": "integer",
            "source_systems_delivering": "integer",
            "warehouse_delivery_share": "double",
            "has_connected_service": "boolean",
            "checklist_items_assessed": "bigint",
            "checklist_items_met": "bigint",
            "intra_department_computerisation": "double",
            "intra_department_computerisation_band": "varchar",
            "inter_department_connectivity": "double",
            "inter_department_connectivity_band": "varchar",
            "public_information": "double",
            "public_information_band": "varchar",
            "maturity_score": "double",
        },
        "rpt_ereadiness__service_stages": {
            **dict.fromkeys(
                (
                    "service_id",
                    "service_name",
                    "department_code",
                    "department_name",
                    "portal_id",
                    "portal_name",
                    "district_pcode",
                    "district_name",
                    "reach",
                    "channel",
                    "service_status",
                ),
                "varchar",
            ),
            "is_live": "boolean",
            "launched_on": "date",
            "un_stage_number": "integer",
            "un_stage": "varchar",
            "stage_definition": "varchar",
            "stage_basis": "varchar",
            "report_stage_number": "integer",
            "is_beyond_report_stage": "boolean",
            "is_synthetic": "boolean",
            "catalogue_version": "varchar",
        },
        "rpt_ereadiness__portal_scores": {
            **dict.fromkeys(
                (
                    "portal_id",
                    "portal_name",
                    "portal_kind",
                    "department_code",
                    "department_name",
                    "district_pcode",
                    "district_name",
                    "portal_status",
                ),
                "varchar",
            ),
            "is_live": "boolean",
            "criterion_code": "varchar",
            "criterion": "varchar",
            "items_in_checklist": "integer",
            "items_assessed": "integer",
            "items_met": "integer",
            "score": "double",
            "band": "varchar",
            "band_order": "integer",
            "assessed_on": "date",
            "is_synthetic": "boolean",
        },
        "rpt_ereadiness__provincial_stage": {
            "stage_number": "integer",
            "stage": "varchar",
            "definition": "varchar",
            "live_services_at_stage": "integer",
            "share_of_live_services": "double",
            "live_services_at_or_above": "integer",
            "share_at_or_above": "double",
            "departments_highest_at_stage": "integer",
            "departments_at_or_above": "integer",
            **dict.fromkeys(
                (
                    "is_report_stage",
                    "is_report_next_stage",
                    "is_current_median_stage",
                    "is_current_highest_stage",
                ),
                "boolean",
            ),
        },
        "rpt_ereadiness__provincial_summary": {
            "report_stage_number": "integer",
            "report_stage": "varchar",
            "report_next_stage_number": "integer",
            "report_next_stage": "varchar",
            "report_finding": "varchar",
            "report_source": "varchar",
            "live_services": "integer",
            "departments_with_live_services": "integer",
            "departments": "integer",
            "median_stage_number": "integer",
            "median_stage": "varchar",
            "highest_stage_number": "integer",
            "highest_stage": "varchar",
            "share_at_or_above_report_next_stage": "double",
            "departments_at_or_above_report_next_stage": "integer",
            "progress_since_report": "varchar",
            "catalogue_version": "varchar",
        },
    }
)
