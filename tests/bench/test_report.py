import json
from pathlib import Path

from bench import report

GB = 1024**3


def _scale(scale: float, pipeline_seconds: float, **extra) -> dict:
    return {
        "scale": scale,
        "source_rows": {"hmis": {"data_values": 6_000_000}, "cqmis": {"complaints": 100_000}},
        "source_rows_total": 6_100_000,
        "stages": [
            {
                "stage": "generate",
                "seconds": 60.0,
                "cpu_seconds": 55.5,
                "peak_rss_bytes": GB // 2,
                "rows": 6_100_000,
                "rows_per_second": 101_667,
            },
            {
                "stage": "land",
                "seconds": 120.0,
                "peak_rss_bytes": GB,
                "rows": 1_000_000,
                "rows_per_second": 8_333,
            },
        ],
        "pipeline_seconds": pipeline_seconds,
        "pipeline_peak_rss_bytes": 2 * GB,
        "land_by_source": {
            "hmis": {
                "partitions": 119,
                "rows_read": 900_000,
                "seconds": 100.0,
                "check_seconds": 10.0,
                "rows_per_second": 9_000,
            },
        },
        "incremental": {
            "10y": {
                "history_rows": 1_000_000,
                "full_build": {"seconds": 200.0, "dbt_seconds": 150.0},
                "new_month": {
                    "land_rows": 9_000,
                    "land_seconds": 20.0,
                    "build_seconds": 40.0,
                    "dbt_seconds": 30.0,
                },
                "ratio_dbt": 0.2,
            },
            "2y": {
                "history_rows": 200_000,
                "full_build": {"seconds": 100.0, "dbt_seconds": 60.0},
                "new_month": {
                    "land_rows": 9_000,
                    "land_seconds": 20.0,
                    "build_seconds": 25.0,
                    "dbt_seconds": 15.0,
                },
                "ratio_dbt": 0.25,
            },
        },
        "floor": {
            "dbt_build_seconds": 150.0,
            "seconds": 50.0,
            "ratio": 3.0,
            "marts_matching": "37/37",
        },
        "peer": {
            "duckdb": {"model_seconds": 10.0},
            "postgres": {"model_seconds": 120.0},
            "models_compared": 56,
            "models_total": 113,
            "ratio": 12.0,
        },
        "dashboard": {
            "roles": {
                "public": [
                    {
                        "function": "complaints.trend",
                        "pages": ["complaints"],
                        "queries": 1,
                        "p50_ms": 8.0,
                        "p95_ms": 12.5,
                    },
                    {
                        "function": "districts.district_boundaries",
                        "pages": [],
                        "queries": 1,
                        "p50_ms": 190.0,
                        "p95_ms": 240.0,
                    },
                ]
            }
        },
        **extra,
    }


def _results(*scales: dict) -> dict:
    return {
        "date": "2026-11-29",
        "command": "python -m bench --scales 1",
        "machine": {
            "cpu_model": "Test CPU",
            "logical_cores": 2,
            "ram_bytes": 8 * GB,
            "os": "Linux",
            "python": "3.11.2",
            "versions": {"duckdb": "2.0.1"},
        },
        "scales": list(scales),
    }


def test_stage_rows_show_wall_time_memory_and_rows_per_second():
    md = report.render_markdown(_results(_scale(1.0, 150.0)))
    assert "| 1.0 | land | 120.0 | – | 1.0 GB | 1,000,000 | 8,333 |" in md
    assert "| 1.0 | generate | 60.0 | 55.5 | 512.0 MB | 6,100,000 | 101,667 |" in md


def test_targets_are_judged_only_at_scale_1():
    md = report.render_markdown(_results(_scale(0.1, 500.0), _scale(1.0, 150.0)))
    pipeline_rows = [line for line in md.splitlines() if line.startswith("| full build")]
    assert pipeline_rows == [
        "| full build (land + checks + dbt + publish) at scale 1 | 0.1 | 500.00 s | ≤ 180.00 s "
        "| (scale 1 only) |",
        "| full build (land + checks + dbt + publish) at scale 1 | 1.0 | 150.00 s | ≤ 180.00 s "
        "| yes |",
    ]


def test_missed_targets_are_marked_and_speedups_judged_as_at_least():
    values = report.measured_targets([_scale(1.0, 150.0)])[1.0]
    assert values["dashboard_p95_ms"] == 240.0
    assert values["incremental_ratio"] == 0.25  # the worse of the two histories
    assert values["incremental_flatness"] == 2.0  # 30 s on 10 years ÷ 15 s on 2 years
    md = report.render_markdown(_results(_scale(1.0, 150.0)))
    assert (
        "| slowest dashboard query p95 at scale 1 | 1.0 | 240.00 ms | ≤ 100.00 ms | **no** |" in md
    )
    assert "| 1.0 | 12.00 x | ≥ 10.00 x | yes |" in md  # DuckDB 12× faster than PostgreSQL


def test_incremental_targets_use_build_cpu_when_it_was_measured():
    scale = _scale(1.0, 150.0)
    scale["incremental"]["10y"]["new_month"]["build_cpu_seconds"] = 90.0
    scale["incremental"]["10y"]["ratio_build_cpu"] = 0.45
    scale["incremental"]["2y"]["new_month"]["build_cpu_seconds"] = 60.0
    scale["incremental"]["2y"]["ratio_build_cpu"] = 0.5
    values = report.measured_targets([scale])[1.0]
    assert values["incremental_ratio"] == 0.5
    assert values["incremental_flatness"] == 1.5


def test_scale_10_is_compared_with_scale_1():
    values = report.measured_targets([_scale(1.0, 150.0), _scale(10.0, 1650.0)])
    assert values[1.0]["scale_10_over_1"] == 11.0
    assert values[10.0]["scale_10_over_1"] is None


def test_dashboard_rows_are_slowest_first_with_the_pages_using_them():
    md = report.render_markdown(_results(_scale(1.0, 150.0)))
    rows = [
        line
        for line in md.splitlines()
        if "complaints.trend" in line or "district_boundaries" in line
    ]
    assert rows == [
        "| 1.0 | public | districts.district_boundaries | – | 1 | 190.0 | 240.0 |",
        "| 1.0 | public | complaints.trend | complaints | 1 | 8.0 | 12.5 |",
    ]


def test_write_puts_json_and_markdown_side_by_side(tmp_path: Path):
    results = _results(_scale(1.0, 150.0))
    md, js = report.write(results, tmp_path)
    assert (md.name, js.name) == ("2026-11-29.md", "2026-11-29.json")
    assert json.loads(js.read_text())["scales"][0]["pipeline_seconds"] == 150.0
    assert md.read_text().startswith("# Benchmark 2026-11-29")
