"""Stand-in for the KoboToolbox project of the e-Governance need-assessment survey.

The real interface is a Kobo export of the XLSForm in ``survey_form/``, one file per survey
wave, dropped by the IT Department into the inbox ``<simulated_sources>/survey/<wave>/``.

* Wave 1 (``2009-wave1``) is the report's own survey, re-entered: 44 officials whose
  answers reproduce every percentage the report prints for Figure C1 exactly (see
  ``simulator.survey_published`` and ``survey_form/README.md``). The other sections are
  charts without legible numbers in the report, so their answers are synthetic; so are
  the respondents' offices, grades and timestamps. Exported as XLSX, clean. Scale does
  not change it.
* Wave 2 (``2010-wave2``) is a synthetic repeat a year later in the same offices, with
  attitudes that moved (more agreement that e-governance helps, power and connectivity
  less of a challenge, more ICT in offices). Exported as ``;``-separated CSV, with a
  handful of the problems real Kobo exports have: a submission imported twice, one sent
  from an old form version with an answer no longer on the form, one incomplete and one
  with a district typed by hand. ``scale`` sets its size (132 respondents at scale 1).

Everything written here is synthetic demo data (DESIGN.md §2, "Demo data says so").
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from simulator import common
from simulator.survey_answers import (
    CHALLENGES,
    ISSUES,
    YES_NO_ITEMS,
    largest_remainder,
    make_answers,
    shift_towards_agreement,
)
from simulator.survey_export import write_csv, write_xlsx
from simulator.survey_form import FormDefinition, definition
from simulator.survey_published import CATEGORIES, report_counts
from simulator.survey_respondents import WAVE1_ROSTER, Respondent, repeat_roster

SOURCE = "survey"
WAVE_1 = "2009-wave1"
WAVE_2 = "2010-wave2"
WAVES = (WAVE_1, WAVE_2)
# The report is undated; its newest citation is the UN e-Government Survey 2008 and it
# describes the district governments (DCOs, EDOs) of 2001-2010, so fieldwork is put in 2009.
FIELDWORK_START = {WAVE_1: datetime(2009, 5, 4, 9, 0), WAVE_2: datetime(2010, 5, 3, 9, 0)}
WAVE_2_RESPONDENTS_AT_SCALE_1 = 132
FORM_VERSION_ID = {WAVE_1: "vNeedAssessment2009", WAVE_2: "vNeedAssessment2010"}
EXPORT_NAMES = ("export.xlsx", "export.csv")

# Wave 2's change of attitude (synthetic): share of each category moving one step up.
PERCEPTION_SHIFT = 0.35
CHALLENGE_SHIFT = {"ch_electricity": -0.3, "ch_internet_connectivity": -0.3,
                   "ch_computer_skills": -0.15}
YES_NO_WAVE_2 = {
    "ict_computers": (90, 7, 3),
    "ict_internet": (70, 27, 3),
    "ict_lan": (35, 58, 7),
    "ict_email": (55, 40, 5),
    "ict_website_interest": (90, 3, 7),
    "in_special_institution": (65, 25, 10),
    "in_special_commission": (40, 42, 18),
    "in_task_force_units": (40, 40, 20),
    "aw_media_rural": (30, 58, 12),
    "aw_educational_training": (45, 47, 8),
    "aw_financial_assistance_lg": (20, 62, 18),
}


def wave_respondents(wave: str, scale: float, seed: int) -> list[dict[str, object]]:
    """Clean submissions (profile, answers and Kobo metadata) for one wave."""
    gen = common.rng(seed, SOURCE, wave)
    if wave == WAVE_1:
        roster = list(WAVE1_ROSTER)
        n, counts = report_counts()
        if n != len(roster):
            raise ValueError(f"roster has {len(roster)} officials, the report implies {n}")
        perception = {item: [c[k] for k in CATEGORIES] for item, c in counts.items()}
        answers = make_answers(roster, gen, perception, {**CHALLENGES, **ISSUES}, YES_NO_ITEMS)
    elif wave == WAVE_2:
        n = max(len(WAVE1_ROSTER), round(WAVE_2_RESPONDENTS_AT_SCALE_1 * scale))
        roster = repeat_roster(n, gen)
        _, counts = report_counts()
        shares = {
            item: shift_towards_agreement([c[k] for k in CATEGORIES], PERCEPTION_SHIFT)
            for item, c in counts.items()
        }
        perception = {item: largest_remainder(s, n) for item, s in shares.items()}
        agreement = {
            item: shift_towards_agreement(s, CHALLENGE_SHIFT.get(item, 0.0))
            for item, s in {**CHALLENGES, **ISSUES}.items()
        }
        answers = make_answers(roster, gen, perception, agreement, YES_NO_WAVE_2)
    else:
        raise ValueError(f"unknown survey wave {wave!r}; known: {WAVES}")
    return _submissions(wave, roster, answers, gen)


def _submissions(
    wave: str, roster: list[Respondent], answers: list[dict[str, str]], gen: np.random.Generator
) -> list[dict[str, object]]:
    start = FIELDWORK_START[wave]
    first_id = 1_000_000 * (WAVES.index(wave) + 1)
    records = []
    for i, (person, answer) in enumerate(zip(roster, answers, strict=True)):
        began = start + timedelta(days=float(gen.uniform(0, 21)), minutes=float(i))
        ended = began + timedelta(minutes=float(gen.uniform(12, 40)))
        submitted = ended + timedelta(minutes=float(gen.uniform(1, 180)))
        records.append({
            "start": began.isoformat(timespec="milliseconds") + "+05:00",
            "end": ended.isoformat(timespec="milliseconds") + "+05:00",
            "level": person.level,
            "department": person.department,
            "district": person.district,
            "designation": person.designation,
            "bps_grade": person.bps_grade,
            **answer,
            "_id": first_id + i + 1,
            "_uuid": str(uuid.UUID(bytes=gen.bytes(16), version=4)),
            "_submission_time": submitted.isoformat(timespec="seconds"),
            "_validation_status": None,
            "_notes": None,
            "_status": "submitted_via_web",
            "_submitted_by": None,
            "__version__": FORM_VERSION_ID[wave],
            "_tags": None,
        })
    records.sort(key=lambda r: str(r["_submission_time"]))
    for index, record in enumerate(records, start=1):
        record["_index"] = index
    return records


def with_export_problems(
    records: list[dict[str, object]], gen: np.random.Generator
) -> tuple[list[dict[str, object]], dict[str, int]]:
    """Append the kinds of bad submission a real Kobo export holds (one of each)."""
    def extra(base: dict[str, object], **changes: object) -> dict[str, object]:
        row = {**base, **changes}
        row["_uuid"] = changes.get("_uuid", str(uuid.UUID(bytes=gen.bytes(16), version=4)))
        row["_id"] = int(records[-1]["_id"]) + len(added) + 1
        row["_index"] = len(records) + len(added) + 1
        return row

    added: list[dict[str, object]] = []
    # Imported twice: the same submission, same _uuid.
    added.append(extra(records[3], _uuid=records[3]["_uuid"]))
    # Sent from an old form version whose agreement scale had "somewhat agree".
    added.append(extra(records[5], pc_b_reduce_corruption="somewhat_agree",
                       __version__="vNeedAssessmentDraft"))
    # Saved as complete with a question left blank (the form was edited mid-fieldwork).
    added.append(extra(records[7], ch_electricity=None))
    # A district typed by hand in an "other" box and pasted into the column.
    added.append(extra(records[9], district="Lasbella"))
    problems = {"duplicate_uuid": 1, "unknown_choice_value": 1, "missing_required_answer": 1,
                "unknown_district": 1}
    return records + added, problems


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    """Write ``out_dir/survey/<wave>/export.xlsx|csv`` for both waves, replacing old exports."""
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    form = definition()
    files, waves = [], {}
    for wave in WAVES:
        records = wave_respondents(wave, scale, seed)
        problems: dict[str, int] = {}
        if wave == WAVE_2:
            records, problems = with_export_problems(records, common.rng(seed, SOURCE, "bad"))
        folder = out_dir / SOURCE / wave
        target = _write_export(folder, wave, records, form)
        files.append(target.relative_to(out_dir).as_posix())
        waves[wave] = {
            "submissions": len(records),
            "file": target.name,
            "reproduces_report_figure_c1": wave == WAVE_1,
            "export_problems": problems,
        }
    rows = {f"{wave} submissions": w["submissions"] for wave, w in waves.items()}
    return {"source": SOURCE, "synthetic": True, "scale": scale, "seed": seed,
            "rows": rows, "waves": waves, "files": files}


def _write_export(
    folder: Path, wave: str, records: list[dict[str, object]], form: FormDefinition
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in EXPORT_NAMES:  # one export per wave: a stale one would be ambiguous
        (folder / name).unlink(missing_ok=True)
    name = "export.xlsx" if wave == WAVE_1 else "export.csv"
    partial = folder / f".{name}.partial"
    if wave == WAVE_1:
        write_xlsx(partial, records, form)
    else:
        write_csv(partial, records, form)
    return partial.replace(folder / name)
