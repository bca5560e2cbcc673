import pytest

from orchestration.lib.districts import normalise, resolver


@pytest.mark.parametrize(
    ("typed", "pcode"),
    [
        ("Quetta", "PK226"),
        ("  QUETTA   District ", "PK226"),
        ("Qilla Saifullah", "PK215"),
        ("Musa Khel", "PK221"),
        ("Sohbat Pur", "PK229"),
        ("Kech (Turbat)", "PK211"),
        ("Shaheed Sikandarabad", "PK233"),
        ("کوئٹہ", "PK226"),
        ("Bolan", "PK209"),
    ],
)
def test_spelling_variants_resolve_to_their_census_district(typed, pcode):
    assert resolver().resolve(typed).district.pcode == pcode


@pytest.mark.parametrize(
    ("unit", "folds_into"),
    [("Hub", "Lasbela"), ("Usta Muhammad", "Jaffarabad"), ("Lehri", "Sibi"), ("Tump", "Kech")],
)
def test_sub_districts_keep_their_name_and_fold_into_the_census_district(unit, folds_into):
    hit = resolver().resolve(unit)
    assert hit.unit_name == unit
    assert hit.district.name == folds_into
    assert hit.via == "lineage"


@pytest.mark.parametrize("typed", ["Lasbella", "Quetaa", "Khuzdaar", "", None, "N/A"])
def test_near_misses_are_never_resolved(typed):
    assert resolver().resolve(typed) is None


def test_near_miss_gets_the_closest_district_as_a_suggestion_only():
    assert resolver().suggest("Lasbella").split("; ")[0] == "Lasbela"
    assert resolver().suggest("") is None


def test_resolver_knows_exactly_the_34_census_districts():
    assert len(resolver().districts) == 34


def test_normalise_ignores_case_spacing_punctuation_and_the_word_district():
    assert normalise("Killa-Abdullah  DISTRICT.") == normalise("killa abdullah")
