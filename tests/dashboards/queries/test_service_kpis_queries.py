"""dashboards.queries.service_kpis: a department's indicators for one place, and which
health facilities did not report."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboards.queries import service_kpis

OCTOBER = date(2026, 10, 1)
SEPTEMBER = date(2026, 9, 1)


def test_there_is_a_section_for_each_department_the_issue_names():
    assert [s.label for s in service_kpis.SECTIONS] == [
        "Health",
        "Education",
        "Exams",
        "Complaints",
        "NGOs",
        "Development schemes",
        "HR",
        "Land records",
        "Water",
    ]
    assert service_kpis.section("Complaints").page == "app_pages/complaints.py"
    with pytest.raises(ValueError, match="Unknown department section"):
        service_kpis.section("Health' or '1'='1")


def test_a_place_gets_each_indicator_against_the_period_before(publish, facts):
    publish()
    frame = service_kpis.place_indicators("health", "district", "PK201", OCTOBER)
    penta = frame.set_index("indicator_code").loc["HLT_PENTA3_COVERAGE"]
    assert (penta["value"], penta["previous"], penta["change"]) == (41.0, 66.0, -25.0)
    assert (penta["period_label"], penta["previous_label"]) == ("Oct 2026", "Sep 2026")
    assert penta["change_direction"] == "worse"
    assert penta["reporting_completeness"] == 60.0
    # No direction in the registry: a change, but neither better nor worse.
    opd = frame.set_index("indicator_code").loc["HLT_OPD_PER_1000"]
    assert opd["change"] == -11.0 and pd.isna(opd["change_direction"])


def test_the_province_and_a_division_read_their_own_rows(publish, facts):
    publish()
    monthly = facts.fixture.complaints_monthly()
    province = monthly[(monthly["geo_level"] == "province") & (monthly["month_start"] == OCTOBER)]
    frame = service_kpis.place_indicators("complaints", "province", "PK2", OCTOBER)
    assert frame["value"].tolist() == province["resolved_within_40d_pct"].tolist()
    sibi = service_kpis.place_indicators("health", "division", "Sibi", SEPTEMBER)
    assert set(sibi["period_label"]) == {"Sep 2026"}
    with pytest.raises(ValueError, match="Unknown geo_level"):
        service_kpis.place_indicators("health", "tehsil", "PK201", OCTOBER)


def test_a_domain_not_loaded_has_no_rows(publish):
    publish()
    assert service_kpis.place_indicators("water", "province", "PK2", OCTOBER).empty


def test_reporting_by_district_puts_the_least_complete_first(publish, facts):
    publish()
    summary = service_kpis.reporting_by_district(OCTOBER)
    first = summary.iloc[0]
    assert first["district_name"] == "Awaran"
    assert (first["facilities_expected"], first["reported"], first["reported_on_time"]) == (
        10,
        6,
        5,
    )
    assert first["completeness_pct"] == pytest.approx(60.0)
    assert first["timeliness_pct"] == pytest.approx(50.0)
    # Districts without facility records stay in the list, without a completeness.
    assert len(summary) == len(facts.fixture.DISTRICTS)
    assert summary["completeness_pct"].isna().sum() == 4
    assert service_kpis.reporting_by_district(OCTOBER, "Sibi")["district_pcode"].tolist() == [
        "PK206",
        "PK204",
    ]


def test_facility_reports_list_those_that_did_not_report_first(publish, facts):
    publish()
    facilities = service_kpis.facility_reports("PK201", OCTOBER)
    missing = {u for u, m in facts.fixture.NOT_REPORTED if m == OCTOBER}
    assert set(facilities["org_unit_id"].iloc[: len(missing)]) == missing
    assert set(facilities["report_status"].iloc[: len(missing)]) == {"did not report"}
    late = facilities.iloc[len(missing)]
    assert (late["org_unit_id"], late["report_status"], late["days_late"]) == (
        "awr02",
        "reported late",
        6,
    )
    # The dispensary closed in September no longer owes a report.
    assert "awr11" not in set(facilities["org_unit_id"])
    assert len(facilities) == 10
    assert set(facilities.columns) >= {"facility_name", "facility_type", "tehsil_name"}


def test_facility_months_are_newest_first_and_follow_the_district(publish):
    publish()
    assert service_kpis.facility_months() == [OCTOBER, SEPTEMBER, date(2026, 8, 1)]
    assert service_kpis.facility_months("PK205") == []


@pytest.mark.parametrize(
    "hostile", ["PK201' or '1'='1", "PK201'; drop table main.dim_district; --"]
)
def test_sql_looking_filter_values_change_nothing(publish, hostile):
    publish()
    assert service_kpis.facility_reports(hostile, OCTOBER).empty
    assert service_kpis.facility_months(hostile) == []
    assert service_kpis.place_indicators("health", "district", hostile, OCTOBER).empty
    assert service_kpis.place_indicators(hostile, "district", "PK201", OCTOBER).empty
    assert service_kpis.reporting_by_district(OCTOBER, hostile).empty
    assert len(service_kpis.facility_reports("PK201", OCTOBER)) == 10
