from datetime import date

import dagster as dg

from bench import history

MONTHLY = dg.MonthlyPartitionsDefinition(start_date="2016-12-01")
QUARTERLY = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 */3 *", fmt="%Y-%m-%d", start="2016-07-01"
)
SCHOOL_YEARS = dg.StaticPartitionsDefinition(["2016-17", "2023-24", "2024-25", "2025-26"])
WAVES = dg.StaticPartitionsDefinition(["2009-wave1", "2010-wave2"])


def _months(first: str, last: str) -> list[str]:
    keys = MONTHLY.get_partition_keys_in_range(dg.PartitionKeyRange(first, last))
    return list(keys)


def test_only_monthly_partitions_are_monthly():
    assert history.is_monthly(MONTHLY, _months("2024-01-01", "2024-03-01"))
    assert not history.is_monthly(QUARTERLY, ["2024-01-01", "2024-04-01"])
    assert not history.is_monthly(SCHOOL_YEARS, ["2024-25"])
    assert not history.is_monthly(None, [])


def test_keys_naming_a_year_cover_that_calendar_year():
    assert history.key_start(SCHOOL_YEARS, "2024-25") == date(2024, 1, 1)
    assert history.key_end(SCHOOL_YEARS, "2024-25") == date(2025, 1, 1)
    assert history.key_start(WAVES, "2010-wave2") == date(2010, 1, 1)
    assert history.key_start(MONTHLY, "2024-03-01") == date(2024, 3, 1)
    assert history.key_start(SCHOOL_YEARS, "current") is None


def test_a_two_year_window_keeps_the_months_since_the_cutoff():
    keys = _months("2016-12-01", "2026-10-01")
    cutoff = history.years_before(date(2026, 10, 1), 2)
    kept = history.window(MONTHLY, keys, cutoff)
    assert kept[0] == "2024-10-01" and kept[-1] == "2026-10-01"
    assert len(kept) == 25


def test_a_source_with_nothing_inside_the_window_keeps_everything_it_has():
    cutoff = history.years_before(date(2026, 10, 1), 2)
    waves = ["2009-wave1", "2010-wave2"]
    assert history.window(WAVES, waves, cutoff) == waves


def test_ten_years_keep_a_yearly_period_that_began_before_the_cutoff():
    cutoff = history.years_before(date(2026, 11, 1), 10)
    assert history.window(SCHOOL_YEARS, ["2016-17", "2025-26"], cutoff) == ["2016-17", "2025-26"]


def test_the_history_holds_back_the_newest_month_that_the_new_month_run_lands():
    keys = _months("2023-01-01", "2026-10-01")
    cutoff = history.years_before(date(2026, 10, 1), 10)
    held = history.plan_history("hmis", MONTHLY, keys, cutoff, hold_back_new_month=True)
    new = history.plan_new_month("hmis", MONTHLY, keys)
    assert (held.start, held.end) == ("2023-01-01", "2026-09-01")
    assert new.keys == ("2026-10-01",)
    assert set(held.keys) | set(new.keys) == set(keys)


def test_sources_that_are_not_monthly_get_no_new_month_and_keep_their_newest_period():
    keys = ["2016-17", "2023-24", "2024-25", "2025-26"]
    cutoff = date(2024, 10, 1)
    plan = history.plan_history("bemis", SCHOOL_YEARS, keys, cutoff, hold_back_new_month=True)
    assert plan.keys == ("2024-25", "2025-26")  # 2024-25 reaches past October 2024
    assert history.plan_new_month("bemis", SCHOOL_YEARS, keys) is None


def test_an_unpartitioned_source_is_loaded_whole():
    plan = history.plan_history("eservices", None, [], date(2024, 10, 1), hold_back_new_month=True)
    assert (plan.start, plan.end, plan.empty) == (None, None, False)


def test_the_reference_month_is_the_newest_month_of_any_monthly_source():
    newest = history.newest_month(
        {
            "hmis": (MONTHLY, _months("2016-12-01", "2026-10-01")),
            "cqmis": (MONTHLY, _months("2023-01-01", "2026-11-01")),
            "pis": (QUARTERLY, ["2026-07-01"]),
        }
    )
    assert newest == date(2026, 11, 1)
