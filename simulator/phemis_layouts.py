"""How each round's PHE functionality survey workbook is laid out (synthetic, for the demo).

Between rounds the columns are renamed ("Scheme ID", "Scheme Code"), scheme types are
written as words or abbreviations ("Tube Well", "TW", "Tubewell"), a solar column appears
in 2022 and from 2023 the header is printed over two rows with merged group cells. The
connector reads them through orchestration/defs/phemis/column_maps/<round>.yaml; tests
check the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

ROUNDS: tuple[str, ...] = ("2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026")
SCHEME_TYPES: tuple[str, ...] = (
    "tube_well",
    "gravity",
    "solar",
    "hand_pump",
    "dug_well",
    "karez",
)


@dataclass(frozen=True)
class Layout:
    round: str
    family: str
    file_name: str
    sheet: str
    title: tuple[str, ...]
    columns: tuple[tuple[str | None, str | tuple[str, str]], ...]
    scheme_types: dict[str, str]
    functionality: dict[str, str]
    yes: str
    no: str
    first_column: int = 0
    footnote: str | None = None

    @property
    def two_row_header(self) -> bool:
        return any(isinstance(h, tuple) for _, h in self.columns)

    def flat_header(self, header: str | tuple[str, str]) -> str:
        return header if isinstance(header, str) else f"{header[0]} {header[1]}"


def _titles(round_: str) -> tuple[str, ...]:
    return (
        "GOVERNMENT OF BALOCHISTAN — PUBLIC HEALTH ENGINEERING DEPARTMENT",
        f"Functionality Survey of Water Supply Schemes {round_}",
        "SYNTHETIC DEMO DATA made by simulator/phemis.py — not real schemes",
    )


def layout(round_: str) -> Layout:
    if round_ not in ROUNDS:
        raise KeyError(f"no survey round {round_!r}; known: {ROUNDS}")
    if round_ <= "2020":
        return Layout(
            round=round_,
            family="A",
            file_name=f"PHED Functionality Survey {round_}.xlsx",
            sheet=f"Survey {round_}",
            title=_titles(round_),
            columns=(
                (None, "S.No"),
                ("scheme_id", "Scheme ID"),
                ("scheme_name", "Scheme Name"),
                ("district", "District"),
                ("tehsil", "Tehsil"),
                ("scheme_type", "Type of Scheme"),
                ("year_built", "Year of Completion"),
                ("design_population", "Design Population"),
                ("functional", "Functional (Y/N)"),
                ("reason", "Reason if Non-Functional"),
            ),
            scheme_types={
                "tube_well": "Tube Well",
                "gravity": "Gravity",
                "solar": "Solar",
                "hand_pump": "Hand Pump",
                "dug_well": "Dug Well",
                "karez": "Karez",
            },
            functionality={
                "functional": "Y",
                "non_functional": "N",
                "partially_functional": "Partial",
            },
            yes="Y",
            no="N",
        )
    solar = (("solarised", "Solarized (Y/N)"),) if round_ >= "2022" else ()
    if round_ <= "2022":
        return Layout(
            round=round_,
            family="B",
            file_name=f"WSS_functionality_{round_}.xlsx",
            sheet="Schemes",
            title=_titles(round_),
            columns=(
                ("scheme_id", "Scheme Code"),
                ("scheme_name", "Name of Scheme"),
                ("district", "District Name"),
                ("tehsil", "Tehsil"),
                ("scheme_type", "Scheme Type"),
                ("year_built", "Completion Year"),
                ("design_population", "Design Pop."),
                ("functional", "Status"),
                ("reason", "Cause of Non-Functionality"),
                *solar,
            ),
            scheme_types={
                "tube_well": "TW",
                "gravity": "GFS",
                "solar": "Solar",
                "hand_pump": "HP",
                "dug_well": "DW",
                "karez": "Karez",
            },
            functionality={
                "functional": "Functional",
                "non_functional": "Non-Functional",
                "partially_functional": "Partially Functional",
            },
            yes="Yes",
            no="No",
        )
    return Layout(
        round=round_,
        family="C",
        file_name=f"PHE Scheme Survey Round {round_}.xlsx",
        sheet=f"Round {round_}",
        title=_titles(round_),
        columns=(
            ("scheme_id", ("Scheme", "ID")),
            ("scheme_name", ("Scheme", "Name")),
            ("scheme_type", ("Scheme", "Type")),
            ("district", ("Location", "District")),
            ("tehsil", ("Location", "Tehsil")),
            ("year_built", ("Design", "Year Built")),
            ("design_population", ("Design", "Population")),
            ("functional", ("Functionality Survey", "Functional?")),
            ("reason", ("Functionality Survey", "Reason")),
            ("solarised", "Solar"),
        ),
        scheme_types={
            "tube_well": "Tubewell",
            "gravity": "Gravity Flow",
            "solar": "Solar Powered",
            "hand_pump": "Handpump",
            "dug_well": "Dug well",
            "karez": "Karez",
        },
        functionality={
            "functional": "Yes",
            "non_functional": "No",
            "partially_functional": "Partially",
        },
        yes="Yes",
        no="No",
        first_column=1,
        footnote="Source: PHED field survey; design population as per PC-I",
    )
