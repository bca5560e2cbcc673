"""Stand-in for the Board of Intermediate & Secondary Education's result gazettes (bise).

The Board publishes a result gazette for each examination it holds: the Secondary School
Certificate (SSC, class 10) and the Higher Secondary School Certificate (HSSC, class 12),
each in an Annual session and, in most years, a Supplementary one. The warehouse receives
each gazette as a delimited text file, candidate by candidate, and the files were made on
different machines over the years: the encoding (cp1252 with names pasted in as UTF-8,
UTF-16, UTF-8 with or without a byte-order mark), the delimiter and the column headings
all change from one year to the next (see ``YEAR_FORMATS``).

Grain: one row per candidate per examination sitting. Cadence: yearly (a gazette per exam
and session). Scale 1 is about 100,000 candidates a year across both examinations and both
sessions, the order-of-magnitude planning figure of DESIGN.md §4, not a published
statistic; the split between SSC and HSSC, the pass rates, totals and groups are
illustrative. Everything written here is synthetic, names included.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from simulator import common
from simulator.common import Messiness

SOURCE = "bise"
CANDIDATES_PER_YEAR = 100_000  # at scale 1, both exams and sessions, in REFERENCE_YEAR
REFERENCE_YEAR = 2024
_GROWTH = 1.04  # a year: more children reach class 10 and 12 every year
TOTAL_MARKS = 1100  # illustrative aggregate total for both certificates
YEARS = tuple(range(2019, 2027))

# exam, session: (share of the year's candidates, month the result is declared)
SITTINGS: dict[tuple[str, str], tuple[float, int]] = {
    ("ssc", "annual"): (0.55, 7),
    ("hssc", "annual"): (0.33, 9),
    ("ssc", "supplementary"): (0.07, 12),
    ("hssc", "supplementary"): (0.05, 12),
}
# Supplementary sessions not held, or (2026) not declared yet by DEFAULT_AS_OF.
NO_SUPPLEMENTARY = {2020, 2026}

# group: (exams it is offered in, share of the exam's candidates, mean score, spread)
GROUPS: dict[str, tuple[tuple[str, ...], dict[str, float], float]] = {
    "science": (("ssc",), {"ssc": 0.55}, 0.58),
    "humanities": (("ssc", "hssc"), {"ssc": 0.35, "hssc": 0.38}, 0.49),
    "computer_science": (("ssc", "hssc"), {"ssc": 0.10, "hssc": 0.12}, 0.56),
    "pre_medical": (("hssc",), {"hssc": 0.30}, 0.60),
    "pre_engineering": (("hssc",), {"hssc": 0.20}, 0.57),
}


@dataclass(frozen=True)
class FileFormat:
    encoding: str  # "cp1252+utf8" = cp1252, with lines that cannot be cp1252 in UTF-8
    delimiter: str
    headings: str  # which set of column headings (see HEADINGS)


# How each year's gazettes were written: every variation the connector must detect.
YEAR_FORMATS: dict[int, FileFormat] = {
    2019: FileFormat("cp1252+utf8", ",", "a"),
    2020: FileFormat("utf-16", "\t", "a"),
    2021: FileFormat("utf-8-sig", ";", "b"),
    2022: FileFormat("utf-8", ",", "b"),
    2023: FileFormat("cp1252+utf8", "|", "b"),
    2024: FileFormat("utf-16", ",", "c"),
    2025: FileFormat("utf-8", ",", "c"),
    2026: FileFormat("utf-8-sig", ";", "c"),
}

FIELDS = (
    "roll_no",
    "candidate_name",
    "school_emis_code",
    "school_name",
    "district",
    "gender",
    "group",
    "marks_obtained",
    "total_marks",
    "result",
)
HEADINGS: dict[str, tuple[str, ...]] = {
    "a": (
        "Roll No",
        "Name",
        "School Code",
        "School Name",
        "District",
        "Gender",
        "Group",
        "Marks Obtained",
        "Total Marks",
        "Result",
    ),
    "b": (
        "roll_no",
        "candidate_name",
        "emis_code",
        "institution",
        "district",
        "sex",
        "group",
        "obtained_marks",
        "total_marks",
        "status",
    ),
    "c": (
        "Roll Number",
        "Candidate Name",
        "EMIS Code",
        "School",
        "District",
        "Gender",
        "Group",
        "Marks",
        "Total",
        "Result",
    ),
}
# How each heading style writes gender, group and result.
_GENDER_TEXT = {
    "a": {"male": "M", "female": "F"},
    "b": {"male": "Male", "female": "Female"},
    "c": {"male": "Male", "female": "Female"},
}
_GROUP_TEXT = {
    "a": {
        "science": "Science",
        "humanities": "Arts",
        "computer_science": "Computer Science",
        "pre_medical": "Pre-Medical",
        "pre_engineering": "Pre-Engineering",
    },
    "b": {
        "science": "SCIENCE",
        "humanities": "HUMANITIES",
        "computer_science": "ICS",
        "pre_medical": "PRE-MEDICAL",
        "pre_engineering": "PRE-ENGG",
    },
    "c": {
        "science": "Science",
        "humanities": "Humanities",
        "computer_science": "Computer Science",
        "pre_medical": "Pre Medical",
        "pre_engineering": "Pre Engineering",
    },
}
_RESULT_TEXT = {
    "a": {"pass": "PASS", "fail": "FAIL", "compartment": "COMP", "absent": "ABSENT"},
    "b": {"pass": "Pass", "fail": "Fail", "compartment": "Supply", "absent": "Absent"},
    "c": {"pass": "Pass", "fail": "Fail", "compartment": "Compartment", "absent": "Absent"},
}
# Codes a gazette sometimes carries that are not results the warehouse knows.
UNKNOWN_RESULT_CODES = ("UFM", "R.L.", "W/H")

_MALE = (
    "Muhammad",
    "Abdul Rehman",
    "Ali",
    "Hassan",
    "Bilal",
    "Naseebullah",
    "Gul Muhammad",
    "Abdul Qadir",
    "Shah Jahan",
    "Zahoor Ahmed",
    "Jalal",
    "Baryalai",
    "Asadullah",
    "Sanaullah",
    "Hayatullah",
    "Dad Karim",
    "Noor Ahmed",
    "Wali Muhammad",
    "Saifullah",
    "Imran",
)
_FEMALE = (
    "Ayesha",
    "Fatima",
    "Zainab",
    "Sumaira",
    "Nasreen",
    "Mahnoor",
    "Gul Bibi",
    "Saima",
    "Rukhsana",
    "Hajira",
    "Shazia",
    "Naila",
    "Bibi Hawa",
    "Sadia",
    "Mehreen",
    "Samina",
)
_FAMILY = (
    "Baloch",
    "Kakar",
    "Achakzai",
    "Mengal",
    "Bugti",
    "Marri",
    "Rind",
    "Jamali",
    "Raisani",
    "Zehri",
    "Mandokhail",
    "Tareen",
    "Hazara",
    "Langove",
    "Bizenjo",
    "Magsi",
    "Notezai",
    "Khan",
    "Shah",
    "Lehri",
)
_URDU_MALE = ("محمد علی", "عبدالرحمان", "گل محمد", "شاہ جہان", "عبدالقادر", "نور احمد")
_URDU_FEMALE = ("عائشہ بی بی", "فاطمہ", "زینب", "سمیرا", "نسرین اختر", "گل بی بی")

_SCHOOLS_AT_SCALE_1 = 2_400
# The right single quote is cp1252 byte 0x92: the years written in cp1252 carry it.
_SCHOOL_KINDS = (
    "Govt. Boys High School",
    "Govt. Girls’ High School",
    "Govt. Model High School",
    "Govt. Boys Degree College",
    "Govt. Girls’ Inter College",
    "Public School",
)


@dataclass(frozen=True)
class School:
    emis_code: str
    name: str
    district: str
    girls: bool


def gazette_name(exam: str, session: str, year: int) -> str:
    return f"{exam}_{session}_{year}.csv"


def sittings(year: int) -> list[tuple[str, str]]:
    return [(e, s) for e, s in SITTINGS if s == "annual" or year not in NO_SUPPLEMENTARY]


def generate_into(out_dir: Path, scale: float, seed: int) -> dict:
    """Write every year's gazettes into ``out_dir/bise/inbox/``."""
    return generate(out_dir / SOURCE / "inbox", scale=scale, seed=seed, root=out_dir)


def generate(
    inbox: Path,
    *,
    scale: float = 0.1,
    seed: int = 7,
    years: tuple[int, ...] = YEARS,
    messiness: Messiness | None = None,
    root: Path | None = None,
) -> dict:
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    messiness = Messiness() if messiness is None else messiness
    inbox.mkdir(parents=True, exist_ok=True)
    schools = _schools(seed, scale)
    rows: dict[str, int] = {}
    files: list[str] = []
    injected: Counter[str] = Counter()
    for year in years:
        for exam, session in sittings(year):
            n = _candidates(scale, year, exam, session)
            records = _sitting(seed, year, exam, session, n, schools, messiness, injected)
            path = inbox / gazette_name(exam, session, year)
            write_gazette(path, records, YEAR_FORMATS.get(year, YEAR_FORMATS[2025]))
            rows[path.stem] = len(records)
            files.append(path.relative_to(root or inbox).as_posix())
    return {
        "source": SOURCE,
        "synthetic": True,
        "scale": scale,
        "seed": seed,
        # One total keeps the command line's summary short; the files are itemised below.
        "rows": {"candidates": sum(rows.values())},
        "rows_by_file": rows,
        "files": files,
        "messiness": dict(sorted(injected.items())),
        "messiness_rates": messiness.as_dict(),
    }


def write_gazette(path: Path, records: list[dict[str, str]], fmt: FileFormat) -> None:
    """Write one gazette as the Board's machine that year would have; atomically."""
    text = common.csv_text(
        HEADINGS[fmt.headings], [[r[f] for f in FIELDS] for r in records], delimiter=fmt.delimiter
    )
    if fmt.encoding == "cp1252+utf8":
        # Lines that cp1252 cannot hold (Urdu names) were pasted in from a UTF-8 source.
        data = b"".join(_cp1252_or_utf8(line) for line in text.splitlines(keepends=True))
    elif fmt.encoding == "utf-16":
        data = text.encode("utf-16")  # with its byte-order mark, as Windows writes it
    else:
        data = text.encode(fmt.encoding)
    common.replace_file(path, data)


def _cp1252_or_utf8(line: str) -> bytes:
    try:
        return line.encode("cp1252")
    except UnicodeEncodeError:
        return line.encode("utf-8")


def _candidates(scale: float, year: int, exam: str, session: str) -> int:
    share = SITTINGS[(exam, session)][0]
    return max(1, round(scale * CANDIDATES_PER_YEAR * share * _GROWTH ** (year - REFERENCE_YEAR)))


def _schools(seed: int, scale: float) -> list[School]:
    gen = common.rng(seed, SOURCE, "schools")
    n = max(20, round(_SCHOOLS_AT_SCALE_1 * scale))
    districts = common.pick_districts(gen, n)
    kinds = gen.integers(len(_SCHOOL_KINDS), size=n)
    codes = gen.choice(np.arange(10_000, 99_999), size=n, replace=False)
    schools = []
    for district, kind, code in zip(districts, kinds, codes, strict=True):
        name = f"{_SCHOOL_KINDS[kind]} {district}"
        schools.append(School(str(code), name, district, "Girls" in name))
    return schools


def _sitting(
    seed: int,
    year: int,
    exam: str,
    session: str,
    n: int,
    schools: list[School],
    messiness: Messiness,
    injected: Counter,
) -> list[dict[str, str]]:
    """The gazette's candidates in roll-number order, with the year's messiness."""
    gen = common.rng(seed, SOURCE, "sitting", str(year), exam, session)
    fmt = YEAR_FORMATS.get(year, YEAR_FORMATS[2025])
    declared = date(year, SITTINGS[(exam, session)][1], 15)
    groups = [g for g, (exams, _, _) in GROUPS.items() if exam in exams]
    group_p = np.array([GROUPS[g][1][exam] for g in groups])
    group_idx = gen.choice(len(groups), size=n, p=group_p / group_p.sum())
    # Private candidates sit without a school; the rest are enrolled at one.
    private = gen.random(n) < 0.08
    school_idx = gen.integers(len(schools), size=n)
    female_u = gen.random(n)
    urdu_u = gen.random(n)
    name_pick = gen.integers(1000, size=(n, 2))
    ability = gen.normal(0.0, 1.0, n)
    absent = gen.random(n) < (0.03 if session == "annual" else 0.06)
    mixed_result_u = gen.random(n)
    first_roll = {"ssc": 100_001, "hssc": 500_001}[exam] + (50_000 if session != "annual" else 0)
    rolls = first_roll + np.cumsum(gen.integers(1, 3, size=n))  # gaps where rolls were voided
    bad_u = gen.random((n, 3))
    home = common.pick_districts(gen, n)  # where a private candidate sits the exam
    # Plain Python values: indexing numpy arrays one element at a time is slow.
    private, school_idx, female_u, urdu_u, name_pick, ability, absent = (
        a.tolist() for a in (private, school_idx, female_u, urdu_u, name_pick, ability, absent)
    )
    group_idx, mixed_result_u, rolls, bad_u = (
        a.tolist() for a in (group_idx, mixed_result_u, rolls, bad_u)
    )

    records = []
    for i in range(n):
        school = None if private[i] else schools[school_idx[i]]
        district = school.district if school else home[i]
        female = school.girls if school else female_u[i] < 0.3
        if school and "Girls" not in school.name and "Boys" not in school.name:
            female = female_u[i] < 0.35
        group = groups[group_idx[i]]
        typed, kind = common.typed_district(gen, district, declared, messiness)
        if kind != "canonical":
            injected[f"district_{kind}"] += 1
        urdu = bool(urdu_u[i] < messiness.urdu_text)
        name = _name(female, urdu, name_pick[i])
        injected["urdu_name"] += urdu
        result, marks = _result(
            ability[i], GROUPS[group][2], female, session, absent[i], mixed_result_u[i]
        )
        marks_text = "" if marks is None else str(marks)
        if bad_u[i][0] < messiness.malformed_date / 4 and marks is not None:
            # A keying slip that puts marks above the total (an extra digit, a swapped one).
            marks_text = str(TOTAL_MARKS + 1 + int(bad_u[i][1] * 150))
            injected["marks_over_total"] += 1
        result_text = _RESULT_TEXT[fmt.headings][result]
        if bad_u[i][2] < messiness.malformed_date / 4:
            result_text = UNKNOWN_RESULT_CODES[int(bad_u[i][1] * len(UNKNOWN_RESULT_CODES))]
            injected["unknown_result_code"] += 1
        records.append(
            {
                "roll_no": str(rolls[i]),
                "candidate_name": name,
                "school_emis_code": school.emis_code if school else "",
                "school_name": school.name if school else "Private",
                "district": typed,
                "gender": _GENDER_TEXT[fmt.headings]["female" if female else "male"],
                "group": _GROUP_TEXT[fmt.headings][group],
                "marks_obtained": marks_text,
                "total_marks": str(TOTAL_MARKS),
                "result": result_text,
            }
        )
    # The same candidate keyed in twice: the copy follows right after.
    dup_u = gen.random(len(records))
    out = []
    for record, u in zip(records, dup_u, strict=True):
        out.append(record)
        if u < messiness.duplicated_row:
            out.append(dict(record))
            injected["duplicated_roll_no"] += 1
    return out


def _name(female: bool, urdu: bool, pick: list[int]) -> str:
    if urdu:
        names = _URDU_FEMALE if female else _URDU_MALE
        return names[pick[0] % len(names)]
    first = (_FEMALE if female else _MALE)[pick[0] % (len(_FEMALE) if female else len(_MALE))]
    return f"{first} {_FAMILY[pick[1] % len(_FAMILY)]}"


def _result(
    ability: float, mean: float, female: bool, session: str, absent: bool, u: float
) -> tuple[str, int | None]:
    """Result and marks: under a third of the total fails; a weak aggregate often hides a
    failed subject, which makes the candidate re-appear (compartment) rather than pass."""
    if absent:
        return "absent", None
    share = mean + (0.03 if female else 0.0) - (0.06 if session != "annual" else 0.0)
    share = min(max(share + 0.14 * ability, 0.08), 0.97)
    marks = round(share * TOTAL_MARKS)
    if share < 0.33:
        return ("compartment" if share >= 0.28 and u < 0.4 else "fail"), marks
    if share < 0.45 and u < 0.3:
        return "compartment", marks
    return "pass", marks
