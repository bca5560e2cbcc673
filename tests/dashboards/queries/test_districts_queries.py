"""dashboards.queries.districts: district list and boundaries for the map."""

from __future__ import annotations

import json

import duckdb

from dashboards.queries import districts


def _signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def test_district_list_is_every_district_by_name(publish):
    publish()
    names = districts.district_list()
    assert list(names.columns) == ["district_pcode", "district_name", "division"]
    assert names["district_name"].is_monotonic_increasing
    assert len(names) == 6


def test_boundaries_are_a_feature_collection_keyed_by_district_pcode(publish):
    publish()
    collection = districts.district_boundaries()
    assert collection["type"] == "FeatureCollection"
    codes = [f["properties"]["district_pcode"] for f in collection["features"]]
    assert codes == ["PK201", "PK202", "PK204", "PK205", "PK206", "PK234"]
    assert {f["geometry"]["type"] for f in collection["features"]} == {"Polygon", "MultiPolygon"}


def test_boundaries_come_back_with_outer_rings_clockwise(publish):
    publish()
    for feature in districts.district_boundaries()["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for rings in polygons:
            assert _signed_area(rings[0]) < 0


def test_boundaries_are_the_features_the_mart_built_once_per_snapshot(publish):
    path = publish()
    with duckdb.connect(str(path), read_only=True) as con:
        built = dict(
            con.execute(
                "select district_pcode, feature_geojson from main.dim_district_map_feature"
            ).fetchall()
        )
    features = districts.district_boundaries()["features"]
    assert {f["id"]: f for f in features} == {k: json.loads(v) for k, v in built.items()}


def test_boundaries_of_an_empty_mart_are_an_empty_feature_collection(publish):
    path = publish()
    with duckdb.connect(str(path)) as con:
        con.execute("delete from main.dim_district_map_feature")
    assert districts.district_boundaries() == {"type": "FeatureCollection", "features": []}


def test_boundaries_are_rebuilt_for_a_newly_published_snapshot(publish, warehouse):
    publish("20261128T101500Z")
    first = districts.district_boundaries()
    second_path = publish("20261128T111500Z")
    con = duckdb.connect(str(second_path))
    con.execute("delete from main.dim_district_map_feature where district_pcode = 'PK201'")
    con.close()
    assert len(first["features"]) == 6
    assert len(districts.district_boundaries()["features"]) == 5
