"""dim_district_map_feature: the real OCHA boundaries, simplified once per build for the maps.

dbt builds the mart and what it reads (reference seeds and the boundary file shipped in the
repo) once for the module, its tests and unit test included. The shapes are then checked
here in plain Python against the full-detail boundaries they come from.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator

import pytest

TOLERANCE_DEGREES = 0.001
PBS_DISTRICT_COUNT = 34

Ring = list[tuple[float, float]]


@pytest.fixture(scope="module")
def built(throwaway_warehouse):
    warehouse = throwaway_warehouse("map_features")
    results = warehouse.build("+dim_district_map_feature")
    return warehouse, results


@pytest.fixture(scope="module")
def shapes(built) -> dict[str, tuple[dict, dict]]:
    """P-code -> (the OCHA geometry, the map feature)."""
    warehouse, _ = built
    rows = warehouse.query(
        """
        select boundary.district_pcode, boundary.geometry_geojson, feature.feature_geojson
        from main.dim_district_boundary as boundary
        left join main.dim_district_map_feature as feature
            on boundary.district_pcode = feature.district_pcode
        """
    )
    return {
        pcode: (json.loads(geometry), json.loads(feature) if feature else None)
        for pcode, geometry, feature in rows
    }


def _rings(geometry: dict) -> Iterator[tuple[int, Ring]]:
    """(ring number within its polygon, positions) of every ring of a (Multi)Polygon."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        for number, ring in enumerate(polygon):
            yield number, [(x, y) for x, y in ring]


def _twice_signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def _distance_to_segment(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    chord = math.hypot(x2 - x1, y2 - y1)
    if chord == 0:
        return math.hypot(x - x1, y - y1)
    return abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / chord


def test_the_build_passes_the_marts_tests_and_unit_test(built):
    _, results = built
    statuses = {r["unique_id"]: r["status"] for r in results}
    assert {k: s for k, s in statuses.items() if s not in ("success", "pass")} == {}
    ours = [k for k in statuses if "dim_district_map_feature" in k]
    assert any(k.startswith("unit_test.") for k in ours)
    assert "model.balochistan_warehouse.dim_district_map_feature" in statuses


def test_every_district_has_one_feature_keyed_and_named_as_its_boundary(built, shapes):
    warehouse, _ = built
    names = dict(
        warehouse.query("select district_pcode, district_name from main.dim_district_boundary")
    )
    assert len(shapes) == PBS_DISTRICT_COUNT
    for pcode, (geometry, feature) in shapes.items():
        assert feature is not None, f"{pcode} has no map feature"
        assert feature["type"] == "Feature" and feature["id"] == pcode
        assert feature["properties"] == {"district_pcode": pcode, "district_name": names[pcode]}
        assert feature["geometry"]["type"] == geometry["type"]


def test_the_maps_send_a_fifth_of_the_vertices_and_bytes_or_less(built):
    warehouse, _ = built
    [(source, kept, feature_bytes, geometry_bytes)] = warehouse.query(
        """
        select
            sum(feature.source_vertices), sum(feature.map_vertices),
            sum(strlen(feature.feature_geojson)), sum(strlen(boundary.geometry_geojson))
        from main.dim_district_map_feature as feature
        inner join main.dim_district_boundary as boundary using (district_pcode)
        """
    )
    assert kept <= source / 5
    assert feature_bytes <= geometry_bytes / 4


def test_kept_vertices_are_ocha_vertices_and_dropped_ones_lie_within_the_tolerance(shapes):
    for pcode, (geometry, feature) in shapes.items():
        for (_, ring), (_, simplified) in zip(
            _rings(geometry), _rings(feature["geometry"]), strict=True
        ):
            kept = set(simplified)
            assert kept <= set(ring), pcode
            at = [i for i, position in enumerate(ring) if position in kept]
            assert at[0] == 0 and at[-1] == len(ring) - 1, pcode
            for start, end in zip(at, at[1:], strict=False):
                for dropped in ring[start + 1 : end]:
                    distance = _distance_to_segment(dropped, ring[start], ring[end])
                    assert distance <= TOLERANCE_DEGREES, (pcode, dropped)


def test_a_border_two_districts_share_keeps_the_same_vertices_on_both_sides(shapes):
    sharing: dict[tuple[float, float], set[str]] = defaultdict(set)
    keeping: dict[tuple[float, float], set[str]] = defaultdict(set)
    for pcode, (geometry, feature) in shapes.items():
        for _, ring in _rings(geometry):
            for position in ring:
                sharing[position].add(pcode)
        for _, ring in _rings(feature["geometry"]):
            for position in ring:
                keeping[position].add(pcode)
    shared = {p: owners for p, owners in sharing.items() if len(owners) > 1}
    assert len(shared) > 10_000  # the OCHA districts do share their borders vertex by vertex
    one_sided = [p for p, owners in shared.items() if keeping.get(p, owners) != owners]
    assert one_sided == []


def test_rings_are_closed_and_wound_for_d3_outer_clockwise_holes_counter_clockwise(shapes):
    for pcode, (_, feature) in shapes.items():
        for number, ring in _rings(feature["geometry"]):
            assert len(ring) >= 4 and ring[0] == ring[-1], pcode
            area = _twice_signed_area(ring)
            assert (area < 0) if number == 0 else (area > 0), (pcode, number)
