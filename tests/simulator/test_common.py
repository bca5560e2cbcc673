from __future__ import annotations

from collections import Counter
from dataclasses import fields
from datetime import date

import pytest

from orchestration.lib.districts import resolver
from simulator import common
from simulator.common import DELIBERATELY_UNRESOLVABLE, Messiness


def test_districts_are_the_34_census_2023_districts_with_population():
    ds = common.districts()
    assert len(ds) == 34
    assert len({d.pcode for d in ds}) == 34
    assert sum(d.population for d in ds) == 14_894_402  # PBS Table 1 province total
    assert {"Quetta", "Hub"} & {d.name for d in ds} == {"Quetta"}


def test_districts_are_read_from_this_repository():
    assert common.SEEDS_DIR.is_relative_to(common.REPO_ROOT)
    assert (common.REPO_ROOT / "simulator" / "common.py").exists()


def test_picks_follow_population():
    picks = Counter(common.pick_districts(common.rng(1, "t"), 20_000))
    assert picks.most_common(1)[0][0] == "Quetta"  # by far the most populous
    quetta_share = picks["Quetta"] / 20_000
    assert 0.15 < quetta_share < 0.20  # 2.60 m of 14.89 m people
    assert picks["Quetta"] > 5 * picks["Harnai"]


def test_same_seed_and_stream_give_the_same_numbers_and_other_streams_differ():
    assert common.rng(7, "a").random(5).tolist() == common.rng(7, "a").random(5).tolist()
    assert common.rng(7, "a").random(5).tolist() != common.rng(7, "b").random(5).tolist()
    assert common.rng(7, "a").random(5).tolist() != common.rng(8, "a").random(5).tolist()


def test_clean_messiness_has_every_rate_zero():
    clean = Messiness.clean()
    assert all(getattr(clean, f.name) == 0 for f in fields(Messiness))


def test_default_messiness_is_a_few_percent_with_unresolvable_names_rare():
    default = Messiness()
    rates = default.as_dict()
    assert set(rates) == {"district_variant", "district_unresolvable", "malformed_date",
                          "blank_value", "duplicated_row", "urdu_text", "late_update"}
    assert all(0 < r <= 0.1 for r in rates.values())
    assert default.district_unresolvable == pytest.approx(0.005)


def test_messiness_rejects_rates_outside_zero_to_one():
    with pytest.raises(ValueError, match="malformed_date"):
        Messiness(malformed_date=1.5)
    with pytest.raises(ValueError, match="over 1"):
        Messiness(district_variant=0.6, urdu_text=0.6)


def test_deliberately_unresolvable_names_never_resolve():
    r = resolver()
    assert {"Quetaa", "Khuzdaar", "Lasbella", "Panjgour", "Jahal Magsi", "Barakhan", "",
            "N/A"} <= set(DELIBERATELY_UNRESOLVABLE)
    for name in DELIBERATELY_UNRESOLVABLE:
        assert r.resolve(name) is None, name


def test_every_resolvable_spelling_resolves_to_its_own_district():
    r = resolver()
    on = date(2026, 11, 1)  # late enough for every lineage unit to exist
    for d in common.districts():
        options = common.district_spellings(d.name, on)
        for kind in ("canonical", "variant", "urdu"):
            for text in options[kind]:
                hit = r.resolve(text)
                assert hit is not None and hit.district.name == d.name, (d.name, kind, text)
        assert set(options["unresolvable"]) <= set(DELIBERATELY_UNRESOLVABLE)


def test_spellings_include_case_spacing_aliases_sub_districts_and_urdu():
    quetta = common.district_spellings("Quetta", date(2026, 11, 1))
    assert {"QUETTA", "quetta district"} <= set(quetta["variant"])
    assert "کوئٹہ" in quetta["urdu"]
    assert "Musa Khel" in common.district_spellings("Musakhel", date(2024, 1, 1))["variant"]
    assert "Sohbat Pur" in common.district_spellings("Sohbatpur", date(2024, 1, 1))["variant"]
    assert "Lehri" in common.district_spellings("Sibi", date(2024, 1, 1))["variant"]
    assert "Usta Muhammad" in common.district_spellings("Jaffarabad", date(2024, 1, 1))["variant"]


def test_sub_districts_are_typed_only_for_their_district_and_once_they_exist():
    before = common.district_spellings("Lasbela", date(2022, 6, 6))
    after = common.district_spellings("Lasbela", date(2022, 6, 7))
    assert "Hub" not in before["variant"] and "حب" not in before["urdu"]
    assert {"Hub", "Hub Chowki"} <= set(after["variant"]) and "حب" in after["urdu"]
    for d in common.districts():
        if d.name != "Lasbela":
            assert "Hub" not in common.district_spellings(d.name, date(2026, 1, 1))["variant"]


def test_typed_district_follows_the_rates():
    gen = common.rng(3, "typing")
    m = Messiness(district_variant=0.2, district_unresolvable=0.05, urdu_text=0.1)
    kinds = Counter(common.typed_district(gen, "Quetta", date(2025, 1, 1), m)[1]
                    for _ in range(10_000))
    assert kinds["unresolvable"] / 10_000 == pytest.approx(0.05, abs=0.01)
    assert kinds["urdu"] / 10_000 == pytest.approx(0.10, abs=0.015)
    assert kinds["variant"] / 10_000 == pytest.approx(0.20, abs=0.02)


def test_typed_district_is_always_canonical_when_clean():
    gen = common.rng(3, "typing")
    typed = {common.typed_district(gen, "Kech", date(2025, 1, 1), Messiness.clean())
             for _ in range(500)}
    assert typed == {("Kech", "canonical")}


def test_district_without_an_urdu_name_is_typed_canonically_instead():
    gen = common.rng(3, "typing")
    m = Messiness(district_variant=0, district_unresolvable=0, urdu_text=1.0)
    assert common.typed_district(gen, "Awaran", date(2025, 1, 1), m) == ("Awaran", "canonical")


def test_malformed_dates_do_not_parse_as_iso_dates():
    gen = common.rng(3, "dates")
    for _ in range(200):
        text = common.malformed_date(gen, date(2024, 2, 29))
        with pytest.raises(ValueError):
            date.fromisoformat(text)
