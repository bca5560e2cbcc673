"""The words each survey round writes for scheme types, functionality and reasons.

Compared lower-cased and trimmed. A scheme type or functionality answer not listed here is
quarantined with the accepted codes; a reason not listed loads as ``other`` with the text
as written, since a reason is description, not a code the dashboards count on exactly.
"""

from __future__ import annotations

SCHEME_TYPES = {
    "tube well": "tube_well",
    "tubewell": "tube_well",
    "tw": "tube_well",
    "gravity": "gravity",
    "gravity flow": "gravity",
    "gfs": "gravity",
    "gravity flow scheme": "gravity",
    "solar": "solar",
    "solar powered": "solar",
    "solar pump": "solar",
    "hand pump": "hand_pump",
    "handpump": "hand_pump",
    "hp": "hand_pump",
    "dug well": "dug_well",
    "dw": "dug_well",
    "open well": "dug_well",
    "karez": "karez",
    "kariz": "karez",
    "qanat": "karez",
}
FUNCTIONALITY = {
    "y": "functional",
    "yes": "functional",
    "functional": "functional",
    "n": "non_functional",
    "no": "non_functional",
    "non-functional": "non_functional",
    "non functional": "non_functional",
    "nonfunctional": "non_functional",
    "nf": "non_functional",
    "partial": "partially_functional",
    "partially": "partially_functional",
    "partially functional": "partially_functional",
    "pf": "partially_functional",
}
YES_NO = {"y": True, "yes": True, "1": True, "n": False, "no": False, "0": False}
REASONS = {
    "no electricity": "no_electricity",
    "electricity disconnected": "no_electricity",
    "بجلی نہیں": "no_electricity",
    "power disconnected": "no_electricity",
    "pump broken": "pump_broken",
    "motor burnt": "pump_broken",
    "machinery out of order": "pump_broken",
    "source dried": "source_dried",
    "water table dropped": "source_dried",
    "dry": "source_dried",
    "no operator": "no_operator",
    "operator not paid": "no_operator",
    "pipeline damaged": "pipeline_damaged",
    "pipes broken": "pipeline_damaged",
    "flood damage to pipeline": "pipeline_damaged",
    "solar panels damaged": "solar_damaged",
    "solar plates stolen": "solar_damaged",
}
