from bench.pipeline import covered_seconds, split_build, split_landing
from bench.rss import Measured

MB = 1024 * 1024


def _measured(wall: float, rss_by_second: list[int]) -> Measured:
    samples = [(1000.0 + t, rss) for t, rss in enumerate(rss_by_second)]
    return Measured(0, wall, max(rss_by_second), 1000.0, samples)


def test_checks_are_the_suites_window_and_landing_the_rest():
    measured = _measured(10.0, [100, 200, 300, 250, 200, 900 * MB, 800 * MB, 200, 150, 100])
    landed = {
        "sources": {
            "hmis": {
                "start": 1000.0,
                "end": 1008.0,
                "check_windows": [[1005.0, 1006.5]],
                "partitions": 119,
                "first": "2016-12-01",
                "last": "2026-09-01",
                "rows_read": 8_000,
                "rows_loaded": 7_900,
                "rows_quarantined": 100,
            },
            "cqmis": {
                "start": 1008.0,
                "end": 1010.0,
                "check_windows": [[1009.0, 1009.5]],
                "partitions": 46,
                "first": "2023-01-01",
                "last": "2026-10-01",
                "rows_read": 2_000,
                "rows_loaded": 2_000,
                "rows_quarantined": 0,
            },
        }
    }
    land, checks, by_source = split_landing(measured, landed)
    assert checks["seconds"] == 2.0  # 1.5 s + 0.5 s of suites
    assert land["seconds"] == 8.0
    assert checks["peak_rss_bytes"] == 900 * MB
    assert land["peak_rss_bytes"] == 300  # outside the suites' windows
    assert land["rows"] == 10_000 and land["rows_per_second"] == 1_250
    assert by_source["hmis"]["rows_per_second"] == 1_000
    assert by_source["hmis"]["check_seconds"] == 1.5
    assert by_source["hmis"]["check_peak_rss_bytes"] == 900 * MB
    assert by_source["cqmis"]["peak_rss_bytes"] == 150  # the samples at 1008 s and 1009 s


def test_a_build_splits_into_dbt_publish_and_what_surrounds_them():
    measured = _measured(20.0, [100] * 5 + [700] * 10 + [300] * 3 + [100] * 2)
    built = {
        "steps": {
            "warehouse_dbt_assets": {"start": 1005.0, "end": 1014.0},
            "serving_snapshot": {"start": 1015.0, "end": 1017.0},
        }
    }
    dbt, publish, startup = split_build(measured, built)
    assert (dbt["seconds"], publish["seconds"], startup["seconds"]) == (9.0, 2.0, 9.0)
    assert (dbt["peak_rss_bytes"], publish["peak_rss_bytes"]) == (700, 300)


def test_overlapping_check_windows_count_once():
    assert covered_seconds([(10.0, 14.0), (12.0, 16.0), (20.0, 21.0), (20.5, 20.7)]) == 7.0
    assert covered_seconds([]) == 0.0
