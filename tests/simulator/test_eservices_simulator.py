"""The demo e-services catalogue: seeded from the need assessment, synthetic rows marked."""

from __future__ import annotations

import csv
from pathlib import Path

from simulator import eservices


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_catalogue_is_three_csv_files_and_a_readme(tmp_path):
    summary = eservices.generate_into(tmp_path, scale=0.05, seed=7)
    assert summary["files"] == [
        "eservices/portals.csv",
        "eservices/services.csv",
        "eservices/checklist.csv",
        "eservices/README.txt",
    ]
    assert all((tmp_path / f).exists() for f in summary["files"])


def test_it_does_not_depend_on_scale_or_seed(tmp_path):
    eservices.generate_into(tmp_path / "a", scale=1.0, seed=1)
    eservices.generate_into(tmp_path / "b", scale=0.01, seed=99)
    for name in ("portals.csv", "services.csv", "checklist.csv"):
        assert (tmp_path / "a/eservices" / name).read_bytes() == (
            tmp_path / "b/eservices" / name
        ).read_bytes()


def test_the_portals_the_report_names_are_there_and_not_marked_synthetic(tmp_path):
    eservices.write_catalogue(tmp_path)
    portals = {r["portal_id"]: r for r in _read(tmp_path / "portals.csv")}
    for portal in (
        "GOB-PORTAL",
        "LGC-PORTAL",
        "DG-QUETTA",
        "DG-LASBELA",
        "BEMIS",
        "HMIS",
        "PIS",
        "CQMIS",
        "HRMIS-QTA",
        "NGOMIS",
    ):
        assert portals[portal]["synthetic"] == "no"
        assert "need assessment" in portals[portal]["source_note"]
    invented = [p for p in portals.values() if p["synthetic"] == "yes"]
    assert invented and all(p["url"].endswith(".invalid") or not p["url"] for p in invented)


def test_only_the_gob_portal_carries_the_reports_own_stage(tmp_path):
    eservices.write_catalogue(tmp_path)
    from_report = [
        s for s in _read(tmp_path / "services.csv") if s["stage_basis"].startswith(eservices.REPORT)
    ]
    assert [(s["service_id"], s["un_stage"]) for s in from_report] == [("GOB-INFO", "Enhanced")]


def test_every_live_web_portal_is_assessed_on_every_indicator(tmp_path):
    eservices.write_catalogue(tmp_path)
    answers = _read(tmp_path / "checklist.csv")
    portals = {
        (r["portal_id"])
        for r in _read(tmp_path / "portals.csv")
        if r["channel"] == "web_portal" and r["status"] == "live"
    }
    assert {a["portal_id"] for a in answers} == portals
    assert len(answers) == len(portals) * len(eservices.indicator_codes())
    assert all(a["synthetic"] == "yes" for a in answers)
