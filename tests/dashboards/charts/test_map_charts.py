"""dashboards.charts.maps: the district choropleth."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboards.charts.maps import NO_DATA_COLOUR, district_choropleth


def _square(x):
    return [[[x, 0], [x, 1], [x + 1, 1], [x + 1, 0], [x, 0]]]


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"district_pcode": code, "district_name": name},
            "geometry": {"type": "Polygon", "coordinates": _square(i)},
        }
        for i, (code, name) in enumerate([("PK201", "Awaran"), ("PK202", "Barkhan")])
    ],
}
VALUES = pd.DataFrame(
    {
        "district_pcode": ["PK201", "PK202"],
        "district_name": ["Awaran", "Barkhan"],
        "division": ["Kalat", "Loralai"],
        "value": [12.5, math.nan],
    }
)


def _map(higher_is_better):
    return district_choropleth(
        VALUES,
        GEOJSON,
        value_label="Complaints per 100,000 people",
        unit="per 100,000 people",
        higher_is_better=higher_is_better,
    )


@pytest.mark.parametrize(("higher_is_better", "reversed_"), [(True, False), (False, True)])
def test_scale_is_reversed_when_lower_is_better(higher_is_better, reversed_):
    values = _map(higher_is_better).data[0]
    assert values.reversescale is reversed_
    assert values.colorscale == _map(True).data[0].colorscale  # same colour-blind-safe scale


def test_districts_are_matched_on_properties_district_pcode():
    fig = _map(False)
    assert {t.featureidkey for t in fig.data} == {"properties.district_pcode"}


def test_districts_without_a_value_stay_on_the_map_in_grey():
    values, no_data = _map(False).data
    assert list(values.locations) == ["PK201"]
    assert list(no_data.locations) == ["PK202"]
    assert no_data.showscale is False
    assert {colour for _, colour in no_data.colorscale} == {NO_DATA_COLOUR}


def test_each_boundary_is_sent_once():
    fig = _map(False)
    shipped = [f["properties"]["district_pcode"] for t in fig.data for f in t.geojson["features"]]
    assert sorted(shipped) == ["PK201", "PK202"]


def test_a_month_with_every_district_reported_needs_no_grey_layer():
    full = VALUES.assign(value=[12.5, 3.0])
    fig = district_choropleth(full, GEOJSON, value_label="x", unit="y", higher_is_better=True)
    assert len(fig.data) == 1


def test_map_is_centred_on_the_districts_and_needs_no_internet_basemap():
    view = _map(False).layout.map
    lons = [pt[0] for f in GEOJSON["features"] for pt in f["geometry"]["coordinates"][0]]
    lats = [pt[1] for f in GEOJSON["features"] for pt in f["geometry"]["coordinates"][0]]
    assert min(lons) <= view.center.lon <= max(lons)
    assert min(lats) <= view.center.lat <= max(lats)
    assert view.style == "white-bg"


def test_colour_bar_states_the_unit_and_direction():
    title = _map(False).data[0].colorbar.title.text
    assert "per 100,000 people" in title and "lower is better" in title


def test_a_chosen_district_is_outlined_on_top_without_hiding_its_colour():
    fig = district_choropleth(
        VALUES, GEOJSON, value_label="x", unit="y", higher_is_better=True, highlight="PK201"
    )
    outline = fig.data[-1]
    assert list(outline.locations) == ["PK201"]
    assert outline.marker.line.width == 3
    assert {colour for _, colour in outline.colorscale} == {"rgba(0,0,0,0)"}
    assert outline.showscale is False
