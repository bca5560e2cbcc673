from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import pytest

from orchestration.lib.districts import resolver
from simulator import hmis
from simulator.hmis_values import World


@pytest.fixture(scope="module")
def world() -> World:
    return World(hmis.build_world(scale=0.01, seed=5))


def test_the_same_seed_gives_the_same_instance_and_another_seed_another(tmp_path):
    a = hmis.build_world(scale=0.01, seed=5)
    b = hmis.build_world(scale=0.01, seed=5)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    other = hmis.build_world(scale=0.01, seed=6)
    assert other["organisationUnits"][0]["id"] != a["organisationUnits"][0]["id"]


def test_scale_one_has_about_1400_facilities_of_every_type_and_30_data_elements():
    raw = hmis.build_world(scale=1.0, seed=7)
    facilities = [u for u in raw["organisationUnits"] if u["level"] == 5]
    assert 1_350 <= len(facilities) <= 1_450
    assert set(Counter(u["_sim"]["type"] for u in facilities)) == {
        "DHQ",
        "THQ",
        "RHC",
        "BHU",
        "DISP",
        "MCH",
    }
    assert len(raw["dataElements"]) == 30
    codes = {e["code"] for e in raw["dataElements"]}
    assert {
        "OPD_NEW",
        "ANC1",
        "ANC4",
        "DEL_SBA",
        "PENTA1",
        "PENTA3",
        "MEASLES1",
        "FP_VISITS",
        "MAL_TESTED",
        "MAL_CONFIRMED",
        "TB_PRESUMPTIVE",
        "DIARR_U5",
        "ARI_U5",
        "STAFF_IN_POST",
        "COMPUTERS",
        "INTERNET",
    } <= codes


def test_the_hierarchy_runs_province_division_district_tehsil_facility(world):
    levels = Counter(u["level"] for u in world.raw["organisationUnits"])
    assert levels[1] == 1 and levels[2] == 8 and levels[3] == 37  # 34 + Hub, Usta, Lehri
    for unit in world.raw["organisationUnits"]:
        parts = unit["path"].strip("/").split("/")
        assert len(parts) == unit["level"] and parts[-1] == unit["id"]
        if unit["parent"]:
            assert parts[-2] == unit["parent"]["id"]


def test_every_dhis2_district_name_resolves_and_hub_usta_lehri_fold_in(world):
    r = resolver()
    districts = {
        u["name"]: r.resolve(u["name"]) for u in world.raw["organisationUnits"] if u["level"] == 3
    }
    assert all(districts.values()), [n for n, hit in districts.items() if hit is None]
    assert districts["Hub"].district.name == "Lasbela"
    assert districts["Usta Muhammad"].district.name == "Jaffarabad"
    assert districts["Lehri"].district.name == "Sibi"
    assert {d.district.pcode for d in districts.values()} == set(r.districts)


def test_some_facilities_are_missing_from_the_hierarchy_but_still_report(world):
    hidden = [f for f in world.facilities if f["_sim"]["hidden"]]
    assert hidden and all(f not in world.listed for f in hidden)
    assert any(world.report(f, p) for f in hidden for p in world.periods[-12:])


def test_a_report_is_the_same_however_often_it_is_asked_for(world):
    facility, period = world.facilities[3], "202403"
    again = World(world.raw)
    assert world.report(facility, period) == again.report(facility, period)


def test_reports_are_due_by_the_10th_and_some_arrive_late_none_after_the_worlds_date(world):
    late = on_time = 0
    for facility in world.facilities:
        for period in world.periods:
            report = world.report(facility, period)
            if report is None or report.completed_at is None:
                continue
            due = datetime(
                int(period[:4]) + (period[4:] == "12"), int(period[4:]) % 12 + 1, 10, 23, 59
            )
            late += report.completed_at > due
            on_time += report.completed_at <= due
            assert report.completed_at <= world.as_of
    assert on_time > 3 * late > 0  # about one report in six is late


def test_in_the_latest_month_zhob_reports_far_less_than_usual_and_quetta_does_not():
    world = World(hmis.build_world(scale=1.0, seed=5))

    def share(district_name: str, periods: list[str]) -> float:
        facilities = [
            f for f in world.facilities if world.district_of[f["id"]]["name"] == district_name
        ]
        asked = [(f, p) for f in facilities for p in periods]
        return sum(world.report(f, p) is not None for f, p in asked) / len(asked)

    assert world.periods[-1] == "202610"
    assert share("Zhob", world.periods[-1:]) < 0.75 * share("Zhob", world.periods[-13:-1])
    assert share("Quetta", world.periods[-1:]) > 0.75 * share("Quetta", world.periods[-13:-1])


def test_zero_counts_are_not_stored_and_some_values_are_typed_wrong_or_doubled():
    messy = World(
        hmis.build_world(
            scale=0.01,
            seed=5,
            messiness=hmis.HmisMessiness(
                non_numeric_value=0.02, negative_value=0.02, duplicated_value=0.02
            ),
        )
    )
    counts = {el.id for el in messy.elements if el.kind == "count"}
    reports = [
        r for f in messy.facilities[:20] for p in messy.periods[-6:] if (r := messy.report(f, p))
    ]
    values = [v for r in reports for v in r.values]
    assert not [v for v in values if v[0] in counts and v[2] == "0"]
    texts = [v[2] for v in values]
    assert any(t.startswith("-") for t in texts)
    assert any(not t.lstrip("-").isdigit() and t not in ("true", "false") for t in texts)
    doubled = [r for r in reports if len({(v[0], v[1]) for v in r.values}) < len(r.values)]
    assert doubled


def test_generate_into_writes_the_world_and_counts_what_it_serves(tmp_path):
    summary = hmis.generate_into(tmp_path, 0.01, 3)
    assert summary["files"] == ["hmis/world.json"]
    world = json.loads((tmp_path / "hmis" / "world.json").read_text(encoding="utf-8"))
    assert world["synthetic"] is True
    rows = summary["rows"]
    assert rows["data_values"] > rows["facility_months_reported"] > rows["facilities"] > 0
