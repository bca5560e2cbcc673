"""The E-readiness page: index map and ranking, components, sensitivity, stability,
department maturity and the method, with the shared filters and downloads."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

PAGE = "app_pages/ereadiness.py"
TABLE_KEYS = (
    "ereadiness_ranking",
    "ereadiness_sensitivity",
    "ereadiness_stability",
    "ereadiness_departments",
    "ereadiness_services",
    "ereadiness_portals",
    "ereadiness_portal_criteria",
)


@pytest.fixture
def page(publish, run_app):
    publish()
    at = run_app(PAGE)
    assert not at.exception, at.exception
    return at


# Each table, told apart by what only it holds (AppTest does not expose a table's key).
TABLES = {
    "ereadiness_ranking": lambda t: "infrastructure_raw" in t,
    "ereadiness_indicators": lambda t: "indicator_code" in t,
    "ereadiness_sensitivity": lambda t: "Online services" in t,
    "ereadiness_stability": lambda t: "spearman_rho" in t,
    "ereadiness_departments": lambda t: "intra_department_computerisation" in t,
    "ereadiness_services": lambda t: "service_name" in t,
    "ereadiness_portals": lambda t: "portal_kind" in t and set(t["criterion_code"]) == {"ALL"},
    "ereadiness_portal_criteria": lambda t: (
        "portal_kind" in t and len(set(t["criterion_code"])) > 1
    ),
}


def frame(at, key: str) -> pd.DataFrame:
    (table,) = [d.value for d in at.dataframe if TABLES[key](d.value)]
    return table


def values(array) -> list:
    """A Plotly array from a figure's JSON, plain or base64-typed."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def figure(at, key: str) -> dict:
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(key)]
    return json.loads(chart.proto.spec)


def subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def test_opens_on_the_headline_year_with_every_section(page):
    assert [t.value for t in page.title] == ["E-readiness"]
    assert [t.label for t in page.tabs] == [
        "District index",
        "Components",
        "Sensitivity and stability",
        "Departments",
        "Method",
    ]
    year = page.selectbox(key="ereadiness_year")
    assert year.value == 2025
    # FY 2026-27 is not rated in the fixture: it is not offered.
    assert year.options == ["FY 2025-26", "FY 2024-25"]
    assert "E-readiness index by district, Balochistan, FY 2025-26" in subheaders(page)
    for key in (
        "ereadiness_map",
        "ereadiness_ranking_chart",
        "ereadiness_components_chart",
        "ereadiness_sensitivity_chart",
        "ereadiness_history_chart",
        "ereadiness_stages_chart",
        "ereadiness_departments_chart",
        "ereadiness_portals_chart",
    ):
        assert figure(page, key)["data"], key


def test_ranking_lists_every_district_best_first_with_its_band_and_components(page, facts):
    ranking = frame(page, "ereadiness_ranking")
    assert sorted(ranking["district_pcode"]) == sorted(facts.district_pcodes)
    assert ranking["district_rank"].tolist() == sorted(ranking["district_rank"])
    assert ranking["ereadiness_index"].is_monotonic_decreasing
    assert ranking["ereadiness_index"].between(0, 1).all()
    for column in ("infrastructure_score", "human_capital_score", "online_services_score"):
        assert ranking[column].between(0, 1).all()
    assert set(ranking["band"]) <= {"Very high", "High", "Middle", "Low"}


def test_ranking_bars_are_coloured_by_band(page):
    from dashboards.charts.ereadiness import BAND_COLOURS

    ranking = frame(page, "ereadiness_ranking")
    bars = figure(page, "ereadiness_ranking_chart")["data"]
    assert {b["name"] for b in bars} == set(ranking["band"])
    for bar in bars:
        assert bar["marker"]["color"] == BAND_COLOURS[bar["name"]]


def test_the_map_colours_each_district_by_its_index(page):
    ranking = frame(page, "ereadiness_ranking")
    (layer, *_) = figure(page, "ereadiness_map")["data"]
    got = dict(zip(layer["locations"], values(layer["z"]), strict=True))
    assert got == pytest.approx(
        dict(zip(ranking["district_pcode"], ranking["ereadiness_index"], strict=True))
    )


def test_changing_the_fiscal_year_changes_the_ranking(page):
    before = frame(page, "ereadiness_ranking")
    page.selectbox(key="ereadiness_year").select(2024).run()
    after = frame(page, "ereadiness_ranking")
    assert not page.exception
    assert after["district_pcode"].tolist() != before["district_pcode"].tolist()
    assert "E-readiness index by district, Balochistan, FY 2024-25" in subheaders(page)


def test_the_fiscal_year_can_be_given_in_the_link(publish, run_app):
    publish()
    at = run_app(PAGE, query={"ereadiness_year": "FY 2024-25"})
    assert not at.exception
    assert at.selectbox(key="ereadiness_year").value == 2024


def test_choosing_a_division_ranks_and_maps_only_its_districts(page):
    page.selectbox(key="division").select("Loralai").run()
    ranking = frame(page, "ereadiness_ranking")
    assert set(ranking["district_pcode"]) == {"PK202", "PK234"}
    # Ranks stay those among all districts of the province.
    assert ranking["districts_ranked"].eq(6).all()
    (layer, *_) = figure(page, "ereadiness_map")["data"]
    assert set(layer["locations"]) == {"PK202", "PK234"}


def test_choosing_a_district_shows_its_scores_and_what_they_rest_on(publish, run_app):
    publish()
    at = run_app(PAGE, query={"district": "Harnai"})
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    assert set(metrics) >= {"Harnai: index", "Rank", "Infrastructure", "Online services"}
    assert metrics["Rank"].value.endswith("of 6")
    assert "What Harnai's scores rest on, FY 2025-26" in subheaders(at)
    indicators = frame(at, "ereadiness_indicators")
    assert len(indicators) == 6
    # The fixture's missing value: no IT-training figure, so no z-score.
    missing = indicators[indicators["indicator_code"] == "HR_IT_TRAINED_PCT"]
    assert not missing["is_observed"].iloc[0] and pd.isna(missing["z_score"].iloc[0])


def test_the_raw_components_can_replace_the_rescaled_ones(page):
    rescaled = values(figure(page, "ereadiness_components_chart")["data"][0]["x"])
    page.toggle(key="ereadiness_raw").set_value(True).run()
    raw = values(figure(page, "ereadiness_components_chart")["data"][0]["x"])
    assert not page.exception
    assert raw != rescaled
    assert min(raw) < 0  # mean z-scores straddle zero


def test_sensitivity_shows_the_rank_change_without_each_component(page):
    table = frame(page, "ereadiness_sensitivity")
    assert len(table) == 6
    assert {"Infrastructure", "Human capital", "Online services"} <= set(table.columns)
    heat = figure(page, "ereadiness_sensitivity_chart")["data"][0]
    assert values(heat["x"]) == [
        "Without infrastructure",
        "Without human capital",
        "Without online services",
    ]


def test_stability_gives_spearmans_rho_against_the_previous_year(page):
    table = frame(page, "ereadiness_stability")
    assert table["fiscal_year_label"].tolist() == ["FY 2025-26"]
    assert table["previous_fiscal_year_label"].tolist() == ["FY 2024-25"]
    assert -1 <= table["spearman_rho"].iloc[0] <= 1


def test_the_province_is_set_against_the_reports_finding(page, facts):
    (finding,) = [i.value for i in page.info if "The report" in i.value]
    assert facts.fixture.EREADINESS_REPORT_FINDING in finding
    assert "stage 3 (Interactive) or beyond" in finding
    stages = figure(page, "ereadiness_stages_chart")["data"][0]
    assert len(values(stages["x"])) == 5
    assert any("report: the province" in label for label in values(stages["x"]))


def test_departments_show_their_stage_and_the_three_axes(page):
    departments = frame(page, "ereadiness_departments")
    assert len(departments) == 4
    for column in (
        "intra_department_computerisation",
        "inter_department_connectivity",
        "public_information",
    ):
        assert departments[column].between(0, 1).all()
    it = departments[departments["department_code"] == "ITD"].iloc[0]
    assert (it["stage_number"], it["stage"]) == (5, "Connected")


def test_choosing_a_department_lists_only_its_services(page):
    everything = frame(page, "ereadiness_services")
    page.selectbox(key="ereadiness_department").select("SED").run()
    services = frame(page, "ereadiness_services")
    assert len(services) < len(everything)
    assert set(services["department_code"]) == {"SED"}


def test_portal_scores_are_shares_of_checks_met(page):
    portals = frame(page, "ereadiness_portals")
    assessed = portals.dropna(subset=["score"])
    assert (assessed["score"] == assessed["items_met"] / assessed["items_assessed"]).all()
    assert "Not assessed" in set(portals["band"])


def test_every_table_downloads_as_csv_and_excel(page):
    keys = {b.key for b in page.get("download_button")}
    for key in TABLE_KEYS:
        assert {f"{key}_csv", f"{key}_xlsx"} <= keys, key


@pytest.fixture
def stored_files(monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        stored[filename] = (path_or_data, mimetype)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return stored


def test_the_downloaded_ranking_has_readable_headers_and_the_demo_note(
    publish, run_app, stored_files
):
    publish(synthetic=True)
    at = run_app(PAGE)
    data, mimetype = stored_files["ereadiness_index_FY_2025-26_synthetic-demo.csv"]
    assert mimetype == "text/csv"
    csv = pd.read_csv(io.BytesIO(data))
    assert csv.columns[:4].tolist() == ["Rank", "District P-code", "District", "Division"]
    assert "E-readiness index (0-1)" in csv.columns
    assert "Infrastructure (mean z-score)" in csv.columns
    assert (
        csv["District P-code"].tolist()
        == frame(at, "ereadiness_ranking")["district_pcode"].tolist()
    )
    assert set(csv["Note"]) == {"Synthetic demo data, not official statistics"}


def test_the_method_is_rendered_from_the_methodology_text(page):
    text = "\n".join(m.value for m in page.markdown)
    assert "# E-readiness: method" in text
    assert "Sensitivity: dropping each component" in text
    assert "z_{i,d,t}" in text


def test_page_says_so_when_no_e_readiness_mart_is_published(publish, run_app, facts):
    publish(without=facts.fixture.EREADINESS_MARTS)
    at = run_app(PAGE)
    assert not at.exception
    assert any("no e-readiness figures yet" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_the_index_shows_without_the_department_marts(publish, run_app, facts):
    publish(without=facts.fixture.EREADINESS_MARTS[5:])
    at = run_app(PAGE)
    assert not at.exception
    assert len(frame(at, "ereadiness_ranking")) == 6
    assert any("No department maturity figures yet" in i.value for i in at.info)


def test_a_district_officer_sees_their_district_ranked_among_all(publish, run_app, sign_in):
    publish()
    at = run_app(PAGE, user=sign_in("bgw-dc-gwadar"))
    assert not at.exception
    ranking = frame(at, "ereadiness_ranking")
    assert ranking["district_pcode"].tolist() == ["PK205"]
    assert ranking["districts_ranked"].tolist() == [6]


def test_a_department_secretary_sees_every_district_and_their_own_department(
    publish, run_app, sign_in
):
    publish()
    at = run_app(PAGE, user=sign_in("bgw-secretary-health"))
    assert not at.exception
    assert len(frame(at, "ereadiness_ranking")) == 6
    assert frame(at, "ereadiness_departments")["department_code"].tolist() == ["HEALTH"]
