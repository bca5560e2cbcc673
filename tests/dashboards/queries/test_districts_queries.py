"""dashboards.queries.districts: district list and boundaries for the map."""

from __future__ import annotations

import duckdb
import pytest

from dashboards.queries import districts
from dashboards.queries.districts import d3_winding


def _signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


CCW = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
CW = CCW[::-1]


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


@pytest.mark.parametrize("outer", [CCW, CW])
def test_d3_winding_makes_outer_rings_clockwise_and_holes_counter_clockwise(outer):
    hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.2, 0.2]]  # counter-clockwise
    for geometry in (
        {"type": "Polygon", "coordinates": [outer, hole[::-1]]},
        {"type": "MultiPolygon", "coordinates": [[outer, hole[::-1]]]},
    ):
        wound = d3_winding(geometry)
        rings = wound["coordinates"] if wound["type"] == "Polygon" else wound["coordinates"][0]
        assert _signed_area(rings[0]) < 0
        assert _signed_area(rings[1]) > 0


def test_d3_winding_leaves_other_geometries_alone():
    point = {"type": "Point", "coordinates": [66.0, 30.0]}
    assert d3_winding(point) == point


def test_boundaries_are_rebuilt_for_a_newly_published_snapshot(publish, warehouse):
    publish("20261128T101500Z")
    first = districts.district_boundaries()
    second_path = publish("20261128T111500Z")
    con = duckdb.connect(str(second_path))
    con.execute("delete from main.dim_district_boundary where district_pcode = 'PK201'")
    con.close()
    assert len(first["features"]) == 6
    assert len(districts.district_boundaries()["features"]) == 5
