"""dashboards.auth.secrets_file: Streamlit's [auth] section written from the command line or
the environment, never from the repository."""

from __future__ import annotations

import stat
import tomllib

import pytest

from dashboards.auth import secrets_file

REDIRECT = "http://localhost:8501/oauth2callback"
METADATA = "http://127.0.0.1:9400/.well-known/openid-configuration"


def read(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))["auth"]


def test_the_file_has_every_setting_sign_in_needs_and_only_its_owner_may_read_it(tmp_path):
    path = secrets_file.write(
        tmp_path / "secrets.toml", {"redirect_uri": REDIRECT, "server_metadata_url": METADATA}
    )
    auth = read(path)
    assert set(auth) == set(secrets_file.SETTINGS)
    assert auth["redirect_uri"] == REDIRECT and auth["client_id"] == "bgw-dashboards"
    assert len(auth["cookie_secret"]) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_settings_come_from_the_environment_when_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv("BGW_AUTH_REDIRECT_URI", REDIRECT)
    monkeypatch.setenv("BGW_AUTH_SERVER_METADATA_URL", METADATA)
    monkeypatch.setenv("BGW_AUTH_CLIENT_SECRET", 'se"cret\\with\nodd characters')
    auth = read(secrets_file.write(tmp_path / "secrets.toml", {}))
    assert auth["client_secret"] == 'se"cret\\with\nodd characters'
    assert auth["server_metadata_url"] == METADATA


def test_a_new_file_keeps_the_cookie_secret_so_sign_ins_survive_a_restart(tmp_path):
    given = {"redirect_uri": REDIRECT, "server_metadata_url": METADATA}
    first = read(secrets_file.write(tmp_path / "secrets.toml", given))
    second = read(secrets_file.write(tmp_path / "secrets.toml", given))
    assert second["cookie_secret"] == first["cookie_secret"]
    elsewhere = read(secrets_file.write(tmp_path / "other.toml", given))
    assert elsewhere["cookie_secret"] != first["cookie_secret"]


def test_without_a_redirect_uri_or_provider_nothing_is_written(tmp_path):
    with pytest.raises(ValueError, match="redirect_uri"):
        secrets_file.write(tmp_path / "secrets.toml", {"server_metadata_url": METADATA})
    assert not (tmp_path / "secrets.toml").exists()


def test_the_repository_ignores_the_secrets_file():
    from pathlib import Path

    ignored = (Path(__file__).resolve().parents[3] / ".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored
