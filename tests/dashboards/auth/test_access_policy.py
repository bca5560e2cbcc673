"""dashboards/access.yaml and dashboards.auth.access: roles, grants, and the scope a
person's ID-token claims resolve to."""

from __future__ import annotations

import copy
import os

import pytest
import yaml

from dashboards.auth.access import ACCESS_FILE, AccessConfigError, load_policy, parse_policy


@pytest.fixture
def policy():
    return load_policy()


@pytest.fixture
def doc():
    return yaml.safe_load(ACCESS_FILE.read_text(encoding="utf-8"))


def claims(*groups, email="someone@bgw-demo.example"):
    return {"is_logged_in": True, "email": email, "groups": list(groups)}


def test_nobody_signed_in_is_public(policy):
    for nobody in (None, {}):
        scope = policy.scope_for(nobody)
        assert scope.role == "public"
        assert scope.data == {"reference", "indicators"}


def test_a_signed_in_person_without_a_grant_is_public_too(policy):
    assert policy.scope_for(claims("some-other-group")).role == "public"


def test_the_policy_makers_group_sees_every_department_and_district(policy):
    scope = policy.scope_for(claims("bgw-policy-makers"))
    assert scope.role == "policy_maker"
    assert scope.districts is None and scope.departments is None
    assert {"survey_breakdowns", "records", "load_health"} <= scope.data


def test_a_department_secretary_is_limited_to_their_department(policy):
    scope = policy.scope_for(claims("bgw-secretary-health"))
    assert (scope.role, scope.departments, scope.districts) == (
        "department_secretary",
        {"HEALTH"},
        None,
    )
    assert not scope.may_see_page("data-health")


def test_a_district_officer_is_limited_to_their_district_with_province_and_division(policy):
    scope = policy.scope_for(claims("bgw-dc-gwadar"))
    assert (scope.role, scope.districts, scope.departments) == (
        "district_officer",
        {"PK205"},
        None,
    )
    assert scope.comparison == {"province", "division"}


def test_a_district_head_of_a_department_is_limited_to_both(policy):
    scope = policy.scope_for(claims("bgw-dho-kech"))
    assert (scope.districts, scope.departments) == ({"PK211"}, {"HEALTH"})


def test_the_data_engineer_gets_the_data_health_page_and_the_audit_trail_only(policy):
    scope = policy.scope_for(claims("bgw-data-engineers"))
    assert scope.may_see_page("data-health") and scope.may_read("audit")
    assert not scope.may_see_page("overview") and not scope.may_see_page("complaints")
    assert not scope.may_read("indicators")


def test_the_public_sees_no_survey_breakdowns_quarantine_or_records(policy):
    scope = policy.public_scope()
    for kind in ("survey_results", "survey_breakdowns", "load_health", "records", "audit"):
        assert not scope.may_read(kind)
    assert not scope.may_see_page("survey") and not scope.may_see_page("data-health")
    assert scope.may_see_page("overview") and scope.may_see_page("complaints")
    assert scope.geo_levels == {"province", "division", "district"}


def test_the_first_matching_grant_wins(policy):
    both = claims("bgw-dc-gwadar", "bgw-policy-makers")
    # The policy-makers grant is listed first in access.yaml.
    assert policy.scope_for(both).role == "policy_maker"


def test_a_user_grant_matches_the_user_claim_ignoring_case(doc):
    doc["grants"].insert(0, {"user": "Jane.Doe@bgw-demo.example", "role": "data_engineer"})
    policy = parse_policy(doc)
    assert policy.scope_for(claims(email="jane.doe@BGW-DEMO.example")).role == "data_engineer"
    assert policy.scope_for(claims(email="jane.doe@elsewhere.example")).role == "public"


@pytest.mark.parametrize(
    "groups_claim", ["bgw-policy-makers", ["bgw-policy-makers"], ("bgw-policy-makers",)]
)
def test_a_groups_claim_of_one_string_or_a_list_both_count(policy, groups_claim):
    assert policy.scope_for({"groups": groups_claim, "email": "x"}).role == "policy_maker"


@pytest.mark.parametrize("groups_claim", [{"bgw-policy-makers": True}, 7, [["bgw-policy-makers"]]])
def test_a_groups_claim_of_another_shape_grants_nothing(policy, groups_claim):
    assert policy.scope_for({"groups": groups_claim, "email": "x"}).role == "public"


def test_scopes_that_differ_have_different_keys_and_equal_ones_the_same(policy):
    gwadar = policy.scope_for(claims("bgw-dc-gwadar"))
    kech = policy.scope_for(claims("bgw-dc-kech"))
    assert gwadar.key != kech.key
    assert gwadar.key == policy.scope_for(claims("bgw-dc-gwadar", email="other")).key
    assert gwadar.key.startswith("district_officer-")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["grants"].append({"group": "g", "role": "district_officer"}), "districts"),
        (lambda d: d["grants"].append({"group": "g", "role": "no_such_role"}), "unknown role"),
        (lambda d: d["grants"].append({"role": "policy_maker"}), "exactly one of"),
        (
            lambda d: d["grants"].append({"group": "g", "user": "u", "role": "policy_maker"}),
            "exactly one of",
        ),
        (
            lambda d: d["grants"].append(
                {"group": "g", "role": "district_officer", "districts": []}
            ),
            "non-empty",
        ),
        (lambda d: d["roles"].pop("public"), "must define 'public'"),
        (lambda d: d["tables"].append({"match": "x"}), "needs 'match' and 'kind'"),
        (
            lambda d: d["tables"].append({"match": "x", "kind": "k", "shared_by": ["planets"]}),
            "unknown",
        ),
        (lambda d: d["session"].update(max_age_minutes=0), "max_age_minutes"),
        (lambda d: d["audit"].update(retention_days="forever"), "retention_days"),
    ],
)
def test_a_policy_that_cannot_be_enforced_as_written_is_refused(doc, change, message):
    broken = copy.deepcopy(doc)
    change(broken)
    with pytest.raises(AccessConfigError, match=message):
        parse_policy(broken)


def test_an_edited_policy_file_is_read_again_without_a_restart(tmp_path, doc):
    path = tmp_path / "access.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert load_policy(path).scope_for(claims("bgw-dc-gwadar")).districts == {"PK205"}
    doc["grants"] = [{"group": "bgw-dc-gwadar", "role": "district_officer", "districts": ["PK201"]}]
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert load_policy(path).scope_for(claims("bgw-dc-gwadar")).districts == {"PK201"}


def test_every_mart_kind_in_the_table_rules_is_one_some_role_may_read(policy):
    readable = set().union(*(role.data for role in policy.roles.values()))
    assert {rule.kind for rule in policy.tables} <= readable
