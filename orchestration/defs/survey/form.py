"""The XLSForm as the connector's contract: which columns an export must have, what they hold.

The connector reads ``survey_form/need_assessment.xlsx`` (the form that was uploaded to
KoboToolbox) rather than any Python definition, so a form revised in Kobo's editor and
saved back to the repo is what the next load checks exports against.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestration.lib import settings

SOURCE = "survey"
DEFAULT_XLSFORM = settings.REPO_ROOT / "survey_form" / "need_assessment.xlsx"
# XLSForm types that hold no answer, or metadata Kobo exports under its own names.
_NOT_ANSWERS = {
    "begin_group",
    "end_group",
    "begin group",
    "end group",
    "note",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "calculate",
}
PROFILE_GROUP = "respondent"


@dataclass(frozen=True)
class Field:
    name: str
    group: str | None
    type: str  # select_one, integer, text, ...
    list_name: str | None
    required: bool

    @property
    def is_item(self) -> bool:
        """A survey item the warehouse aggregates (not the respondent's profile)."""
        return self.type == "select_one" and self.group != PROFILE_GROUP


@dataclass(frozen=True)
class FormSpec:
    path: Path
    fields: tuple[Field, ...]
    choices: dict[str, dict[str, str]]  # list_name -> {choice name: label}
    groups: frozenset[str]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def items(self) -> list[Field]:
        return [f for f in self.fields if f.is_item]


def xlsform_path() -> Path:
    return Path(settings.source_setting(SOURCE, "xlsform", str(DEFAULT_XLSFORM)))


def load_form(path: Path | None = None) -> FormSpec:
    path = (path or xlsform_path()).resolve()
    return _load(path, path.stat().st_mtime)


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> FormSpec:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        survey = _sheet_rows(workbook["survey"])
        choice_rows = _sheet_rows(workbook["choices"])
    finally:
        workbook.close()
    fields, groups, stack = [], set(), []
    for row in survey:
        kind = (row.get("type") or "").strip()
        name = (row.get("name") or "").strip()
        if kind in ("begin_group", "begin group"):
            stack.append(name)
            groups.add(name)
        elif kind in ("end_group", "end group"):
            stack.pop()
        elif kind and kind not in _NOT_ANSWERS:
            base, _, list_name = kind.partition(" ")
            fields.append(
                Field(
                    name=name,
                    group="/".join(stack) or None,
                    type=base,
                    list_name=list_name.strip() or None,
                    required=(row.get("required") or "").strip().lower() in ("yes", "true", "1"),
                )
            )
    choices: dict[str, dict[str, str]] = {}
    for row in choice_rows:
        choices.setdefault(row["list_name"], {})[str(row["name"])] = str(row.get("label") or "")
    return FormSpec(path, tuple(fields), choices, frozenset(groups))


def _sheet_rows(sheet) -> list[dict[str, str | None]]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows)]
    return [
        {h: (None if v is None else str(v)) for h, v in zip(header, row, strict=False) if h}
        for row in rows
        if any(v is not None for v in row)
    ]
