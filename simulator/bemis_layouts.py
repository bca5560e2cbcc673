"""How each year's annual school census workbook is laid out (synthetic, for the demo).

The layouts change the way real departmental workbooks change between years: columns are
renamed ("EMIS Code", "School Code", "BEMIS Code"), some years print a two-row header with
merged cells ("Class I" over "Boys" / "Girls"), column A is sometimes left empty, classes 11
and 12 appear once higher secondary schools are counted, codes are written as Y/N, 1/0 or
words, and a new column turns up in the latest year. The connector reads them through one
column map per year (orchestration/defs/bemis/column_maps/<year>.yaml); tests check the two
agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

YEARS: tuple[str, ...] = (
    "2016-17",
    "2017-18",
    "2018-19",
    "2019-20",
    "2020-21",
    "2021-22",
    "2022-23",
    "2023-24",
    "2024-25",
    "2025-26",
)
CLASSES_TO_10: tuple[str, ...] = ("ece", *(str(c) for c in range(1, 11)))
CLASSES_TO_12: tuple[str, ...] = (*CLASSES_TO_10, "11", "12")
GENDERS: tuple[str, ...] = ("boys", "girls")
FACILITIES: tuple[str, ...] = (
    "electricity",
    "drinking_water",
    "toilets",
    "boundary_wall",
    "it_lab",
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class Values:
    """How a year writes its coded values."""

    level: dict[str, str]
    gender: dict[str, str]
    location: dict[str, str]
    status: dict[str, str]
    yes: object
    no: object
    urdu_yes_no: bool = False  # some operators answer facilities in Urdu


@dataclass(frozen=True)
class Layout:
    year: str
    family: str
    file_name: str
    sheet: str
    title: tuple[str, ...]
    # Columns in sheet order: (warehouse column or None for a printed-only column, header).
    # A header is one text, or (group, sub-header) for a two-row header.
    columns: tuple[tuple[str | None, str | tuple[str, str]], ...]
    values: Values
    first_column: int = 0  # 1 = column A left empty
    codes_as_numbers: bool = False
    footnote: str | None = None
    classes: tuple[str, ...] = field(default=CLASSES_TO_12)

    @property
    def two_row_header(self) -> bool:
        return any(isinstance(h, tuple) for _, h in self.columns)

    def flat_header(self, header: str | tuple[str, str]) -> str:
        """The header as the connector flattens it (group and sub-header, one space)."""
        return header if isinstance(header, str) else f"{header[0]} {header[1]}"


def enrol_column(klass: str, gender: str) -> str:
    return f"enrol_{klass}_{gender}"


def _titles(year: str, urdu: bool) -> tuple[str, ...]:
    rows = (
        "GOVERNMENT OF BALOCHISTAN — EDUCATION DEPARTMENT (BEMIS)",
        f"Annual School Census {year}",
        "SYNTHETIC DEMO DATA made by simulator/bemis.py — not real schools",
    )
    return (*rows, f"سالانہ سکول شماری {year}") if urdu else rows


_VALUES_WORDS = Values(
    level={
        "primary": "Primary",
        "middle": "Middle",
        "high": "High",
        "higher_secondary": "Higher Secondary",
    },
    gender={"boys": "Boys", "girls": "Girls", "mixed": "Mixed"},
    location={"urban": "Urban", "rural": "Rural"},
    status={"functional": "Functional", "non_functional": "Non-Functional"},
    yes="Yes",
    no="No",
)
_VALUES_CODES = Values(
    level={"primary": "PS", "middle": "MS", "high": "HS", "higher_secondary": "HSS"},
    gender={"boys": "B", "girls": "G", "mixed": "Co-Edu"},
    location={"urban": "U", "rural": "R"},
    status={"functional": "F", "non_functional": "NF"},
    yes="Y",
    no="N",
)
_VALUES_NUMBERS = Values(
    level={
        "primary": "Primary School",
        "middle": "Middle School",
        "high": "High School",
        "higher_secondary": "Higher Secondary School",
    },
    gender={"boys": "Male", "girls": "Female", "mixed": "Mixed"},
    location={"urban": "Urban", "rural": "Rural"},
    status={"functional": "Functional", "non_functional": "Non Functional"},
    yes=1,
    no=0,
)
_VALUES_QUESTION = Values(
    level=_VALUES_WORDS.level,
    gender=_VALUES_WORDS.gender,
    location=_VALUES_WORDS.location,
    status={"functional": "Yes", "non_functional": "No"},
    yes="Yes",
    no="No",
    urdu_yes_no=True,
)


def _family_a(year: str) -> Layout:
    """2016-17, 2017-18: one header row, plain English names, classes up to 10."""
    enrol = [
        (enrol_column(c, g), f"{'Katchi' if c == 'ece' else f'Class {c}'} {g.title()}")
        for c in CLASSES_TO_10
        for g in GENDERS
    ]
    return Layout(
        year=year,
        family="A",
        file_name=f"BEMIS_ASC_{year}.xlsx",
        sheet=f"ASC {year}",
        title=_titles(year, urdu=False),
        columns=(
            (None, "S.No"),
            ("emis_code", "EMIS Code"),
            ("school_name", "School Name"),
            ("district", "District"),
            ("tehsil", "Tehsil"),
            ("level", "Level"),
            ("school_gender", "Gender"),
            ("location", "Urban/Rural"),
            ("functional_status", "Status"),
            ("electricity", "Electricity"),
            ("drinking_water", "Drinking Water"),
            ("toilets", "Toilet"),
            ("boundary_wall", "Boundary Wall"),
            ("it_lab", "IT Lab"),
            *enrol,
            ("teachers_male", "Male Teachers"),
            ("teachers_female", "Female Teachers"),
        ),
        values=_VALUES_WORDS,
        classes=CLASSES_TO_10,
    )


def _family_b(year: str) -> Layout:
    """2018-19 .. 2020-21: a two-row header with merged cells, column A empty, roman
    class numbers, one-letter codes, a footnote under the totals."""
    enrol = [
        (enrol_column(c, g), ("ECE" if c == "ece" else f"Class {_ROMAN[int(c) - 1]}", g.title()))
        for c in CLASSES_TO_12
        for g in GENDERS
    ]
    facilities = zip(
        FACILITIES,
        ("Electricity", "Water", "Latrine", "Boundary Wall", "Computer Lab"),
        strict=True,
    )
    return Layout(
        year=year,
        family="B",
        file_name=f"Annual School Census {year} (final).xlsx",
        sheet="School Census",
        title=_titles(year, urdu=False),
        columns=(
            ("emis_code", "School Code"),
            ("school_name", "Name of School"),
            ("district", "District Name"),
            ("tehsil", "Tehsil Name"),
            ("level", "School Level"),
            ("school_gender", "School Gender"),
            ("location", "Location"),
            ("functional_status", "Functional Status"),
            *((f, ("Facilities", h)) for f, h in facilities),
            *enrol,
            ("teachers_male", ("Teachers", "Male")),
            ("teachers_female", ("Teachers", "Female")),
        ),
        values=_VALUES_CODES,
        first_column=1,
        codes_as_numbers=True,
        footnote="Source: BEMIS, Education Department, Government of Balochistan",
    )


def _family_c(year: str) -> Layout:
    """2021-22, 2022-23: one header row, bilingual district header, short class headers,
    facilities as 1/0."""
    enrol = [
        (enrol_column(c, g), f"{'ECE' if c == 'ece' else c}-{g[0].upper()}")
        for c in CLASSES_TO_12
        for g in GENDERS
    ]
    return Layout(
        year=year,
        family="C",
        file_name=f"ASC_{year.replace('-', '_')}.xlsx",
        sheet=f"Schools {year}",
        title=_titles(year, urdu=True),
        columns=(
            ("emis_code", "BEMIS Code"),
            ("school_name", "School"),
            ("district", "District / ضلع"),
            ("tehsil", "Tehsil/Sub-Division"),
            ("level", "Level"),
            ("school_gender", "Gender"),
            ("location", "Area"),
            ("functional_status", "Status"),
            ("electricity", "Electricity (Y/N)"),
            ("drinking_water", "Drinking Water (Y/N)"),
            ("toilets", "Toilets (Y/N)"),
            ("boundary_wall", "Boundary Wall (Y/N)"),
            ("it_lab", "IT Lab (Y/N)"),
            *enrol,
            ("teachers_male", "Teachers (M)"),
            ("teachers_female", "Teachers (F)"),
        ),
        values=_VALUES_NUMBERS,
    )


def _family_d(year: str) -> Layout:
    """2023-24 .. 2025-26: one header row in a new order with a serial number and remarks;
    "Functional?" answered Yes/No; some answers in Urdu; 2025-26 adds a solar column."""
    enrol = [
        (enrol_column(c, g), f"{'Katchi' if c == 'ece' else f'Class {c}'} ({g.title()})")
        for c in CLASSES_TO_12
        for g in GENDERS
    ]
    solar = ((None, "Solar Panel"),) if year >= "2025-26" else ()
    return Layout(
        year=year,
        family="D",
        file_name=f"School Census {year}.xlsx",
        sheet=f"Census {year}",
        title=_titles(year, urdu=True),
        columns=(
            (None, "Sr. No."),
            ("emis_code", "EMIS Code"),
            ("school_name", "Name of School"),
            ("level", "School Level"),
            ("school_gender", "Gender"),
            ("district", "District"),
            ("tehsil", "Tehsil"),
            ("location", "Urban / Rural"),
            ("functional_status", "Functional?"),
            ("electricity", "Electricity"),
            ("drinking_water", "Drinking Water"),
            ("toilets", "Toilets"),
            ("boundary_wall", "Boundary Wall"),
            ("it_lab", "IT Lab"),
            *solar,
            *enrol,
            ("teachers_male", "Male Teachers"),
            ("teachers_female", "Female Teachers"),
            (None, "Remarks"),
        ),
        values=_VALUES_QUESTION,
    )


def layout(year: str) -> Layout:
    if year not in YEARS:
        raise KeyError(f"no census year {year!r}; known: {YEARS}")
    if year <= "2017-18":
        return _family_a(year)
    if year <= "2020-21":
        return _family_b(year)
    if year <= "2022-23":
        return _family_c(year)
    return _family_d(year)
