from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from simulator import hmis, hmis_api
from simulator.hmis_values import dhis2_time

ADMIN = ("admin", "district")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("hmis_api")
    hmis.write_world(hmis.build_world(scale=0.01, seed=9), out / "hmis" / hmis.WORLD_FILE)
    s = hmis_api.start(out)
    yield s
    s.stop()


@pytest.fixture
def client(server):
    server.api.faults.clear()
    with httpx.Client(base_url=server.url, auth=ADMIN, timeout=10) as c:
        yield c


def _ids(client, level: int) -> list[str]:
    units = client.get(
        "/api/organisationUnits", params={"paging": "false", "fields": "id,level"}
    ).json()
    return [u["id"] for u in units["organisationUnits"] if u["level"] == level]


def _data_set(client) -> str:
    return client.get("/api/dataSets", params={"paging": "false"}).json()["dataSets"][0]["id"]


def test_org_units_page_with_dhis2s_pager_and_return_only_the_fields_asked_for(client):
    first = client.get(
        "/api/organisationUnits",
        params={"paging": "true", "page": 1, "pageSize": 40, "fields": "id,name,parent[id],level"},
    ).json()
    pager = first["pager"]
    assert pager["page"] == 1 and pager["pageSize"] == 40
    assert pager["pageCount"] == -(-pager["total"] // 40)
    assert "page=2" in pager["nextPage"] and pager["nextPage"].startswith("http://")
    unit = first["organisationUnits"][5]
    assert set(unit) <= {"id", "name", "parent", "level"} and set(unit["parent"]) == {"id"}
    last = client.get(
        "/api/organisationUnits", params={"page": pager["pageCount"], "pageSize": 40}
    ).json()
    assert "nextPage" not in last["pager"]
    assert set(last["organisationUnits"][0]) == {"id", "displayName"}  # DHIS2's default


def test_facilities_carry_their_type_as_an_org_unit_group_in_the_facility_type_set(client):
    body = client.get(
        "/api/organisationUnits",
        params={
            "paging": "false",
            "fields": "id,level,organisationUnitGroups[name,groupSets[name]]",
        },
    ).json()
    facilities = [u for u in body["organisationUnits"] if u["level"] == 5]
    names = {g["name"] for u in facilities for g in u["organisationUnitGroups"]}
    assert "DHQ Hospital" in names and "Basic Health Unit" in names
    assert all(
        g["groupSets"][0]["name"] == "Facility Type"
        for u in facilities
        for g in u["organisationUnitGroups"]
    )


def test_basic_auth_and_api_tokens_are_accepted_and_anything_else_gets_401(server):
    assert httpx.get(f"{server.url}/api/me", auth=ADMIN).status_code == 200
    token = {"Authorization": f"ApiToken {hmis.API_TOKEN}"}
    assert httpx.get(f"{server.url}/api/me", headers=token).status_code == 200
    wrong = httpx.get(f"{server.url}/api/me", auth=("admin", "wrong"))
    assert wrong.status_code == 401 and wrong.json()["httpStatusCode"] == 401
    assert httpx.get(f"{server.url}/api/system/ping").text == "pong"


def test_a_user_without_the_data_set_gets_403_on_data(server, client):
    params = {
        "dataSet": _data_set(client),
        "period": "202401",
        "orgUnit": _ids(client, 1)[0],
        "children": "true",
    }
    answer = httpx.get(f"{server.url}/api/dataValueSets", params=params, auth=("clerk", "district"))
    assert answer.status_code == 403


def test_a_district_with_children_returns_the_same_values_as_its_facilities_one_by_one(client):
    data_set = _data_set(client)
    district = _ids(client, 3)[0]
    whole = client.get(
        "/api/dataValueSets",
        params={"dataSet": data_set, "period": "202401", "orgUnit": district, "children": "true"},
    ).json()
    facilities = sorted({v["orgUnit"] for v in whole["dataValues"]})
    one_by_one = []
    for facility in facilities:
        one_by_one += client.get(
            "/api/dataValueSets.json",
            params={"dataSet": data_set, "period": "202401", "orgUnit": facility},
        ).json()["dataValues"]
    assert sorted(map(str, whole["dataValues"])) == sorted(map(str, one_by_one))
    ranged = client.get(
        "/api/dataValueSets",
        params={
            "dataSet": data_set,
            "startDate": "2024-01-01",
            "endDate": "2024-01-31",
            "orgUnit": district,
            "children": "true",
        },
    ).json()
    assert ranged == whole
    value = whole["dataValues"][0]
    assert {
        "dataElement",
        "period",
        "orgUnit",
        "categoryOptionCombo",
        "attributeOptionCombo",
        "value",
        "storedBy",
        "created",
        "lastUpdated",
    } <= set(value)


def test_data_values_are_the_bytes_json_dumps_gives_for_dhis2s_objects(server, client):
    world = server.api.world
    province = _ids(client, 1)[0]
    params = {"dataSet": _data_set(client), "orgUnit": province, "children": "true"}
    for period in ("201612", "202401", world.periods[-1]):
        served = client.get("/api/dataValueSets", params={**params, "period": period})
        expected = [
            {
                "dataElement": de,
                "period": period,
                "orgUnit": facility["id"],
                "categoryOptionCombo": coc,
                "attributeOptionCombo": hmis.DEFAULT_COC,
                "value": value,
                "storedBy": report.stored_by,
                "created": dhis2_time(created),
                "lastUpdated": dhis2_time(updated),
                "followup": False,
            }
            for facility in world.facilities_under(province, True)
            if (report := world.report(facility, period))
            for de, coc, value, created, updated in report.values
        ]
        assert expected
        body = json.dumps({"dataValues": expected}, ensure_ascii=False, separators=(",", ":"))
        assert served.content == body.encode("utf-8")


def test_registrations_list_each_facility_that_completed_the_month(client):
    data_set = _data_set(client)
    body = client.get(
        "/api/completeDataSetRegistrations",
        params={
            "dataSet": data_set,
            "period": "202401",
            "orgUnit": _ids(client, 1)[0],
            "children": "true",
        },
    ).json()
    registrations = body["completeDataSetRegistrations"]
    assert registrations and {r["period"] for r in registrations} == {"202401"}
    assert {
        "dataSet",
        "organisationUnit",
        "attributeOptionCombo",
        "date",
        "storedBy",
        "completed",
    } <= set(registrations[0])
    nothing = client.get(
        "/api/completeDataSetRegistrations",
        params={"dataSet": data_set, "period": "203001", "orgUnit": _ids(client, 1)[0]},
    ).json()
    assert nothing == {}


def test_a_data_request_without_a_data_set_is_a_409_as_in_dhis2(client):
    answer = client.get("/api/dataValueSets", params={"period": "202401", "orgUnit": "x"})
    assert answer.status_code == 409 and "data set" in answer.json()["message"]


def test_injected_faults_apply_for_as_many_requests_as_asked(server, client):
    server.api.faults.fail(500, times=2, path="/api/me")
    assert [client.get("/api/me").status_code for _ in range(3)] == [500, 500, 200]
    server.api.faults.malformed(times=1)
    broken = client.get("/api/system/info")
    assert broken.status_code == 200
    with pytest.raises(ValueError):
        broken.json()


def test_the_command_line_needs_generated_data(tmp_path: Path, capsys):
    with pytest.raises(SystemExit):
        hmis_api.main(["--data", str(tmp_path), "--port", "0"])
    assert "python -m simulator generate" in capsys.readouterr().err
