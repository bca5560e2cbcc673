"""The codes each census year writes for levels, genders, locations, status and facilities.

Years write the same thing differently ("Primary", "PS", "Primary School"; "Y", "Yes", 1,
"ہاں"). Everything is compared lower-cased and trimmed. A value not listed here is
quarantined with the list of accepted spellings, so a new spelling is added here once,
after a person has confirmed what it means.
"""

from __future__ import annotations

LEVELS = {
    "primary": "primary",
    "primary school": "primary",
    "ps": "primary",
    "p": "primary",
    "middle": "middle",
    "middle school": "middle",
    "ms": "middle",
    "m": "middle",
    "high": "high",
    "high school": "high",
    "hs": "high",
    "h": "high",
    "higher secondary": "higher_secondary",
    "higher secondary school": "higher_secondary",
    "hss": "higher_secondary",
    "h.s.s": "higher_secondary",
    "inter college": "higher_secondary",
}
SCHOOL_GENDERS = {
    "boys": "boys",
    "boy": "boys",
    "b": "boys",
    "male": "boys",
    "girls": "girls",
    "girl": "girls",
    "g": "girls",
    "female": "girls",
    "mixed": "mixed",
    "co-edu": "mixed",
    "co-education": "mixed",
    "coeducation": "mixed",
    "co edu": "mixed",
    "both": "mixed",
}
LOCATIONS = {"urban": "urban", "u": "urban", "rural": "rural", "r": "rural"}
FUNCTIONAL_STATUS = {
    "functional": "functional",
    "f": "functional",
    "yes": "functional",
    "y": "functional",
    "open": "functional",
    "non-functional": "non_functional",
    "non functional": "non_functional",
    "nonfunctional": "non_functional",
    "nf": "non_functional",
    "no": "non_functional",
    "n": "non_functional",
    "closed": "non_functional",
}
YES_NO = {
    "yes": True,
    "y": True,
    "1": True,
    "true": True,
    "ہاں": True,
    "جی ہاں": True,
    "no": False,
    "n": False,
    "0": False,
    "false": False,
    "نہیں": False,
}
# Printed statistics write nil as a dash: a count of zero, not a missing value.
NIL = {"-", "--", "–", "—", "nil"}
