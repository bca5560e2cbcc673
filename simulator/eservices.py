"""The IT Department's catalogue of department portals and online services (demo copy).

The catalogue is three CSV files a non-programmer edits in a spreadsheet and a reviewer
diffs line by line: ``portals.csv`` (one row per portal, app or MIS), ``services.csv`` (one
row per online service, with its channel, launch date, URL and stage on the UN five-stage
model) and ``checklist.csv`` (one yes/no answer per portal and LOSI-style indicator, see
``transform/seeds/eservices/losi_indicators.csv``). In the demo they are written to
``<out>/eservices/``, the stand-in for the IT Department's shared folder.

Rows marked ``synthetic = no`` are the portals and systems the UNDP need assessment names
(``source_note`` says where); their stage is the report's own only for the GoB portal, the
one the report places ("at second stage"), and a demo assessment otherwise
(``stage_basis``). Launch dates the report does not give are left blank. Rows marked
``synthetic = yes`` are invented for the demo, with ``.invalid`` URLs; every checklist
answer is a demo assessment. Three deliberate editing mistakes (a duplicated service row, a
launch date typed in the future and a checklist answer "partly") show the quarantine.

The catalogue does not grow with ``scale`` (there are as many departments at any scale) and
does not depend on ``seed``: it is a document, not a sample.
"""

from __future__ import annotations

import csv
from pathlib import Path

from simulator import common

SOURCE = "eservices"
REPORT = "UNDP e-Governance need assessment for Balochistan"
PORTAL_COLUMNS = (
    "portal_id",
    "department_code",
    "district",
    "portal_name",
    "channel",
    "url",
    "status",
    "launched_on",
    "synthetic",
    "source_note",
)
SERVICE_COLUMNS = (
    "service_id",
    "portal_id",
    "department_code",
    "service_name",
    "channel",
    "launched_on",
    "url",
    "un_stage",
    "stage_basis",
    "status",
    "synthetic",
    "source_note",
)
CHECKLIST_COLUMNS = ("portal_id", "indicator_code", "answer", "assessed_on", "synthetic", "note")
ASSESSED_ON = "2026-10-15"
_EXISTING = f"{REPORT}: existing e-governance projects at provincial level"
_DISTRICT = f"{REPORT}: existing e-governance projects at district level"
_EXPECTED = f"{REPORT}: expected e-governance projects"
DEMO_ASSESSMENT = "demo assessment (synthetic)"
_INVENTED = "invented for the demo"


def _reported_portal(
    portal_id: str,
    department: str,
    name: str,
    channel: str,
    status: str,
    note: str,
    *,
    district: str = "",
    url: str = "",
) -> tuple[str, ...]:
    """A portal the need assessment names: it gives no launch date, so that stays blank."""
    return (portal_id, department, district, name, channel, url, status, "", "no", note)


def _invented_portal(
    portal_id: str, department: str, name: str, channel: str, url: str, launched_on: str
) -> tuple[str, ...]:
    return (portal_id, department, "", name, channel, url, "live", launched_on, "yes", _INVENTED)


def _reported_service(
    service_id: str,
    portal_id: str,
    department: str,
    name: str,
    channel: str,
    un_stage: str,
    status: str,
    note: str,
    *,
    url: str = "",
    stage_basis: str = DEMO_ASSESSMENT,
) -> tuple[str, ...]:
    """A service of a portal the need assessment names: no launch date, and (but for the
    GoB portal) a stage the report does not give, so a demo assessment."""
    what = (service_id, portal_id, department, name, channel)
    return (*what, "", url, un_stage, stage_basis, status, "no", note)


def _invented_service(
    service_id: str,
    portal_id: str,
    department: str,
    name: str,
    channel: str,
    launched_on: str,
    url: str,
    un_stage: str,
    note: str = _INVENTED,
) -> tuple[str, ...]:
    what = (service_id, portal_id, department, name, channel)
    return (*what, launched_on, url, un_stage, DEMO_ASSESSMENT, "live", "yes", note)


PORTALS: tuple[tuple[str, ...], ...] = (
    _reported_portal(
        "GOB-PORTAL",
        "ITD",
        "Web portal of the Government of Balochistan",
        "web_portal",
        "live",
        f"{_EXISTING} ('Webportal of GoB'; www.balochistan.gov… in the report)",
        url="https://balochistan.gov.pk",
    ),
    _reported_portal(
        "LGC-PORTAL",
        "LGRD",
        "Web portal of the Local Government Commission",
        "web_portal",
        "live",
        f"{_EXISTING} ('Webportal of Local Government Commission')",
    ),
    _reported_portal(
        "CQMIS",
        "LGRD",
        "Complaint & Inquiry Management System (LGC)",
        "intranet",
        "live",
        f"{_EXISTING} ('Complaint & Inquiry Management System of LGC')",
    ),
    _reported_portal(
        "HMIS",
        "HEALTH",
        "Health Management Information System",
        "intranet",
        "live",
        f"{_EXISTING}; 'at all Districts' ({_DISTRICT})",
    ),
    _reported_portal(
        "BEMIS",
        "SED",
        "Balochistan Education Management Information System",
        "intranet",
        "live",
        f"{_EXISTING}; 'at all Districts'",
    ),
    _reported_portal(
        "BEMIS-WEB",
        "SED",
        "BEMIS web application",
        "web_portal",
        "planned",
        f"{_EXPECTED} ('Development of BEMIS web application')",
    ),
    _reported_portal(
        "PIS",
        "PND",
        "Participatory Information System (P&D)",
        "intranet",
        "live",
        f"{_EXISTING}; district systems in Loralai, Ziarat, Barkhan, Jhal Magsi, Bolan, Gwadar",
    ),
    _reported_portal(
        "PIS-WEB",
        "PND",
        "PIS web application",
        "web_portal",
        "planned",
        f"{_EXPECTED} ('Web application of PIS … to bring all PIS data online')",
    ),
    _reported_portal(
        "NGOMIS",
        "SWD",
        "NGO Management Information System",
        "intranet",
        "live",
        f"{_EXISTING} ('NGO Management Information System of Social Welfare Department')",
    ),
    _reported_portal(
        "HRMIS-QTA",
        "SGAD",
        "Human Resource MIS, District Quetta",
        "intranet",
        "live",
        f"{_DISTRICT} ('Human Resource Management Information System of District Quetta')",
        district="Quetta",
    ),
    _reported_portal(
        "BISE-AUTO",
        "BISE",
        "Automation of the Board of Secondary Education",
        "intranet",
        "live",
        f"{_EXISTING} ('Automation of Board of Secondary Education')",
    ),
    _reported_portal(
        "DG-QUETTA",
        "LGRD",
        "Website of District Government Quetta",
        "web_portal",
        "live",
        _DISTRICT,
        district="Quetta",
    ),
    _reported_portal(
        "DG-LASBELA",
        "LGRD",
        "Website of District Government Lasbela",
        "web_portal",
        "live",
        f"{_DISTRICT} ('Lasbella' in the report)",
        district="Lasbela",
    ),
    _reported_portal(
        "DG-LORALAI",
        "LGRD",
        "Website of District Government Loralai",
        "web_portal",
        "planned",
        _EXPECTED,
        district="Loralai",
    ),
    _reported_portal(
        "PHEMIS",
        "PHED",
        "PHE Management Information System",
        "intranet",
        "planned",
        f"{_EXPECTED} ('Development of PHE Management Information System')",
    ),
    _reported_portal(
        "LRMIS",
        "BOR",
        "Balochistan Land Record Management System",
        "web_portal",
        "planned",
        f"{_EXPECTED} ('Development of Balochistan Land Record Management System')",
    ),
    _invented_portal(
        "JOBS-APP",
        "ITD",
        "Government jobs mobile app",
        "mobile_app",
        "https://jobs.demo.invalid",
        "2023-03-01",
    ),
    _invented_portal("BISE-SMS", "BISE", "Results by SMS", "sms", "", "2019-07-15"),
    _invented_portal(
        "EPAY",
        "ITD",
        "Provincial e-payment gateway",
        "web_portal",
        "https://epay.demo.invalid",
        "2024-09-01",
    ),
)

SERVICES: tuple[tuple[str, ...], ...] = (
    _reported_service(
        "GOB-INFO",
        "GOB-PORTAL",
        "ITD",
        "Provincial government information",
        "web_portal",
        "Enhanced",
        "live",
        _EXISTING,
        url="https://balochistan.gov.pk",
        stage_basis=f"{REPORT}: 'at second stage' and 'will soon enter the third stage'",
    ),
    _invented_service(
        "GOB-FORMS",
        "GOB-PORTAL",
        "ITD",
        "Download of government forms",
        "web_portal",
        "2016-05-01",
        "",
        "Interactive",
    ),
    _reported_service(
        "LGC-INFO",
        "LGC-PORTAL",
        "LGRD",
        "Local Government Commission information",
        "web_portal",
        "Enhanced",
        "live",
        _EXISTING,
    ),
    _reported_service(
        "CQMIS-COMPLAINT",
        "CQMIS",
        "LGRD",
        "Register and follow a complaint",
        "intranet",
        "Interactive",
        "live",
        _EXISTING,
    ),
    _invented_service(
        "CQMIS-WEB",
        "LGC-PORTAL",
        "LGRD",
        "Online complaint form",
        "web_portal",
        "2024-02-01",
        "https://lgc.demo.invalid/complaint",
        "Interactive",
    ),
    _reported_service(
        "HMIS-REPORTING",
        "HMIS",
        "HEALTH",
        "Monthly facility reporting",
        "intranet",
        "Interactive",
        "live",
        _EXISTING,
    ),
    _invented_service(
        "HMIS-VACC",
        "HMIS",
        "HEALTH",
        "Vaccination centre finder",
        "mobile_app",
        "2022-11-01",
        "https://vaccines.demo.invalid",
        "Enhanced",
    ),
    _reported_service(
        "BEMIS-CENSUS",
        "BEMIS",
        "SED",
        "Annual school census",
        "intranet",
        "Enhanced",
        "live",
        _EXISTING,
    ),
    _reported_service(
        "BEMIS-ADMISSION",
        "BEMIS-WEB",
        "SED",
        "School admission form",
        "web_portal",
        "Interactive",
        "planned",
        _EXPECTED,
    ),
    _reported_service(
        "PIS-SCHEMES",
        "PIS",
        "PND",
        "Development scheme monitoring",
        "intranet",
        "Enhanced",
        "live",
        _EXISTING,
    ),
    _reported_service(
        "PIS-ONLINE",
        "PIS-WEB",
        "PND",
        "Scheme progress online",
        "web_portal",
        "Interactive",
        "planned",
        _EXPECTED,
    ),
    _reported_service(
        "NGO-REGISTRY", "NGOMIS", "SWD", "NGO registry", "intranet", "Enhanced", "live", _EXISTING
    ),
    _invented_service(
        "NGO-APPLY",
        "NGOMIS",
        "SWD",
        "NGO registration application",
        "web_portal",
        "2021-08-16",
        "https://ngo.demo.invalid/apply",
        "Transactional",
    ),
    _reported_service(
        "HR-QTA",
        "HRMIS-QTA",
        "SGAD",
        "Employee records, District Quetta",
        "intranet",
        "Emerging",
        "live",
        _DISTRICT,
    ),
    _invented_service(
        "HR-PAYSLIP",
        "HRMIS-QTA",
        "SGAD",
        "Employee pay slip",
        "web_portal",
        "2020-01-10",
        "https://payslip.demo.invalid",
        "Interactive",
    ),
    _reported_service(
        "BISE-RESULT",
        "BISE-AUTO",
        "BISE",
        "Examination results",
        "web_portal",
        "Enhanced",
        "live",
        _EXISTING,
    ),
    _invented_service(
        "BISE-RESULT-SMS",
        "BISE-SMS",
        "BISE",
        "Result by SMS",
        "sms",
        "2019-07-15",
        "",
        "Interactive",
    ),
    _reported_service(
        "DGQ-INFO",
        "DG-QUETTA",
        "LGRD",
        "District Quetta information",
        "web_portal",
        "Enhanced",
        "live",
        _DISTRICT,
    ),
    _invented_service(
        "DGQ-DOMICILE",
        "DG-QUETTA",
        "LGRD",
        "Domicile certificate application",
        "web_portal",
        "2023-06-05",
        "https://quetta.demo.invalid/domicile",
        "Transactional",
    ),
    _reported_service(
        "DGL-INFO",
        "DG-LASBELA",
        "LGRD",
        "District Lasbela information",
        "web_portal",
        "Emerging",
        "live",
        _DISTRICT,
    ),
    _reported_service(
        "DGLR-INFO",
        "DG-LORALAI",
        "LGRD",
        "District Loralai information",
        "web_portal",
        "Emerging",
        "planned",
        _EXPECTED,
    ),
    _reported_service(
        "PHE-COMPLAINT",
        "PHEMIS",
        "PHED",
        "Water supply complaint",
        "sms",
        "Interactive",
        "planned",
        _EXPECTED,
    ),
    _reported_service(
        "LR-FARD",
        "LRMIS",
        "BOR",
        "Copy of land record (fard)",
        "web_portal",
        "Transactional",
        "planned",
        _EXPECTED,
    ),
    _invented_service(
        "JOBS",
        "JOBS-APP",
        "ITD",
        "Government vacancies and applications",
        "mobile_app",
        "2023-03-01",
        "https://jobs.demo.invalid",
        "Transactional",
    ),
    _invented_service(
        "EPAY-FEES",
        "EPAY",
        "ITD",
        "Payment of government fees",
        "web_portal",
        "2024-09-01",
        "https://epay.demo.invalid",
        "Connected",
    ),
    _invented_service(
        "EPAY-CHALLAN",
        "EPAY",
        "BOR",
        "Land revenue challan",
        "web_portal",
        "2062-03-01",
        "https://epay.demo.invalid/challan",
        "Transactional",
        "invented for the demo; launch year mistyped (2062 for 2026) on purpose",
    ),
)
# The same service entered twice by someone editing the file (shows the quarantine).
DUPLICATED_SERVICE = "NGO-APPLY"
_STAGE_YES = {
    "Emerging": 0.15,
    "Enhanced": 0.35,
    "Interactive": 0.55,
    "Transactional": 0.7,
    "Connected": 0.85,
}


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    folder = out_dir / SOURCE
    counts = write_catalogue(folder)
    files = ["portals.csv", "services.csv", "checklist.csv", "README.txt"]
    return {
        "rows": counts,
        "files": [str(Path(SOURCE) / f) for f in files],
        "synthetic": True,
        "note": "demo catalogue; rows marked synthetic=no are named in the need assessment",
    }


def write_catalogue(folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    services = list(SERVICES)
    at = next(i for i, s in enumerate(services) if s[0] == DUPLICATED_SERVICE)
    services.insert(at + 1, services[at])
    checklist = _checklist()
    _write(folder / "portals.csv", PORTAL_COLUMNS, PORTALS)
    _write(folder / "services.csv", SERVICE_COLUMNS, services)
    _write(folder / "checklist.csv", CHECKLIST_COLUMNS, checklist)
    (folder / "README.txt").write_text(_README, encoding="utf-8")
    return {"portals": len(PORTALS), "services": len(services), "checklist": len(checklist)}


def indicator_codes() -> list[str]:
    path = common.SEEDS_DIR / "eservices" / "losi_indicators.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return [row["indicator_code"] for row in csv.DictReader(fh)]


def _checklist() -> list[tuple[str, ...]]:
    """A demo answer for every live web portal and indicator: portals whose services reach a
    higher UN stage tick more boxes (a fixed stream, so the catalogue never changes)."""
    gen = common.rng(0, SOURCE, "checklist")
    order = list(_STAGE_YES)
    best: dict[str, str] = {}
    for service in SERVICES:
        portal, stage = service[1], service[7]
        if order.index(stage) > order.index(best.get(portal, "Emerging")):
            best[portal] = stage
    rows = []
    for portal in PORTALS:
        if portal[4] != "web_portal" or portal[6] != "live":
            continue
        share = _STAGE_YES[best.get(portal[0], "Emerging")]
        for code in indicator_codes():
            answer = "yes" if gen.random() < share else "no"
            rows.append((portal[0], code, answer, ASSESSED_ON, "yes", ""))
    # A reviewer's hedge that is not an answer (shows the quarantine).
    rows[7] = (*rows[7][:2], "partly", *rows[7][3:5], "some pages only")
    return rows


def _write(path: Path, columns: tuple[str, ...], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)


_README = """\
Catalogue of department portals and online services — IT Department, Government of
Balochistan (DEMO COPY: rows marked synthetic=yes are invented; every checklist answer is a
demo assessment).

Edit these files in a spreadsheet and save them as CSV (UTF-8). One row per line:

portals.csv    portal_id, department_code (as in the warehouse's department list, e.g. SED,
               HEALTH, ITD), district (blank for provincial portals), portal_name,
               channel (web_portal, mobile_app, sms, helpline, intranet, kiosk), url,
               status (live, planned, retired), launched_on (YYYY-MM-DD, blank if not
               known), synthetic (yes/no), source_note
services.csv   service_id, portal_id, department_code, service_name, channel, launched_on,
               url, un_stage (Emerging, Enhanced, Interactive, Transactional, Connected),
               stage_basis (where the stage comes from), status, synthetic, source_note
checklist.csv  portal_id, indicator_code (see the indicator list), answer (yes or no),
               assessed_on (YYYY-MM-DD), synthetic, note

The warehouse reloads the catalogue when any file changes. A row it cannot accept (an
unknown stage or department, a duplicate service, a launch date in the future, an answer
that is not yes or no) is set aside with the reason; the data-health page lists them.
"""
