"""Colours that survive the common colour-vision deficiencies.

Categorical: Okabe & Ito (2008). Ordered answers: ColorBrewer's PuOr, a purple-orange
diverging scheme that stays distinguishable with deuteranopia and protanopia; the neutral
answer is grey. Good/bad pairs are blue/orange, never green/red.
"""

from __future__ import annotations

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)

GOOD = "#0072B2"
BAD = "#D55E00"
NEUTRAL = "#BDBDBD"
MUTED = "#7F7F7F"

# Diverging answer scales, from the most negative to the most positive answer.
AGREEMENT = {
    "strongly_disagree": "#B35806",
    "disagree": "#F1A340",
    "neither": "#D9D9D9",
    "agree": "#998EC3",
    "strongly_agree": "#542788",
}
YES_NO = {"no": "#F1A340", "no_answer": "#D9D9D9", "yes": "#542788"}

FRESHNESS = {
    "on time": GOOD,
    "overdue": BAD,
    "no schedule": MUTED,
    "not loaded": NEUTRAL,
}


def answer_colour(category: str, polarity: int | None = None) -> str:
    """Colour of an answer category; unknown ones by their side of the scale."""
    if category in AGREEMENT:
        return AGREEMENT[category]
    if category in YES_NO:
        return YES_NO[category]
    if polarity is None or polarity == 0:
        return AGREEMENT["neither"]
    return AGREEMENT["agree"] if polarity > 0 else AGREEMENT["disagree"]
