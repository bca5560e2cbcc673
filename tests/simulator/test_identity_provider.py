"""simulator.identity_provider: a real OpenID Connect provider on loopback whose demo
accounts sign in to the roles access.yaml grants them."""

from __future__ import annotations

import re
import secrets
import warnings
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from dashboards.auth.access import load_policy
from simulator import identity_provider

REDIRECT = "http://127.0.0.1:1/oauth2callback"  # never followed: the test reads the code
EXPECTED_ROLE = {
    "chief.secretary": "policy_maker",
    "secretary.health": "department_secretary",
    "dc.gwadar": "district_officer",
    "data.engineer": "data_engineer",
}


@pytest.fixture(scope="module")
def provider():
    with identity_provider.running() as metadata_url:
        yield httpx.get(metadata_url).json()


def sign_in(provider, sub: str) -> dict:
    """The authorisation code flow, as Streamlit runs it; returns the verified ID token."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from authlib.jose import JsonWebKey, jwt
    nonce = secrets.token_urlsafe(8)
    params = {
        "response_type": "code",
        "client_id": "bgw-dashboards",
        "redirect_uri": REDIRECT,
        "scope": "openid email profile",
        "state": "s",
        "nonce": nonce,
    }
    with httpx.Client() as client:
        form = client.get(provider["authorization_endpoint"], params=params)
        assert form.status_code == 200 and sub in form.text
        answer = client.post(provider["authorization_endpoint"], params=params, data={"sub": sub})
        assert answer.status_code == 302
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        tokens = client.post(
            provider["token_endpoint"],
            data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
            auth=("bgw-dashboards", "any-secret"),
        ).json()
        keys = JsonWebKey.import_key_set(client.get(provider["jwks_uri"]).json())
    claims = jwt.decode(tokens["id_token"], keys)
    claims.validate()
    assert claims["nonce"] == nonce and claims["iss"] == provider["issuer"]
    return dict(claims)


@pytest.mark.parametrize("account", identity_provider.DEMO_ACCOUNTS, ids=lambda a: a.sub)
def test_each_demo_account_signs_in_to_the_role_access_yaml_grants_it(provider, account):
    claims = sign_in(provider, account.sub)
    assert claims["email"] == account.email and claims["groups"] == list(account.groups)
    assert isinstance(claims["iat"], int)
    assert (
        load_policy().scope_for({**claims, "is_logged_in": True}).role == EXPECTED_ROLE[account.sub]
    )


def test_there_is_one_demo_account_per_signed_in_role():
    signed_in_roles = set(load_policy().roles) - {"public"}
    assert set(EXPECTED_ROLE.values()) == signed_in_roles
    assert [a.sub for a in identity_provider.DEMO_ACCOUNTS] == list(EXPECTED_ROLE)


def test_the_provider_demands_a_nonce_against_replayed_tokens(provider):
    answer = httpx.get(
        provider["authorization_endpoint"],
        params={
            "response_type": "code",
            "client_id": "c",
            "redirect_uri": REDIRECT,
            "scope": "openid",
        },
    )
    assert answer.status_code in (302, 400)
    assert "nonce" in (answer.headers.get("location", "") + answer.text).lower()


def test_the_provider_has_no_interactive_debugger():
    wsgi = identity_provider.app().wsgi_app
    assert not re.search("Debugged", type(wsgi).__name__)


def test_the_accounts_table_lists_every_account_and_the_public():
    table = identity_provider.accounts_table()
    for account in identity_provider.DEMO_ACCOUNTS:
        assert account.sub in table
    assert "(not signed in)" in table
