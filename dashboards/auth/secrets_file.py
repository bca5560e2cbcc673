"""Write Streamlit's secrets file with the ``[auth]`` section sign-in needs.

Secrets never live in the repository: ``make demo`` writes ``.streamlit/secrets.toml``
(gitignored) pointing at the demo identity provider, and a deployment writes its own file
from the environment, wherever its secret store mounts it, and hands it to Streamlit with
``--secrets.files`` (or ``STREAMLIT_SECRETS_FILES``). Each setting comes from the command
line, else from the environment (``BGW_AUTH_REDIRECT_URI``, ``BGW_AUTH_CLIENT_ID``,
``BGW_AUTH_CLIENT_SECRET``, ``BGW_AUTH_SERVER_METADATA_URL``, ``BGW_AUTH_COOKIE_SECRET``).
A cookie secret not given is generated at random, or kept from the file being replaced so
that people stay signed in across restarts. The file is readable by its owner only.

    python -m dashboards.auth.secrets_file --out .streamlit/secrets.toml \\
        --redirect-uri http://localhost:8501/oauth2callback \\
        --server-metadata-url http://127.0.0.1:9400/.well-known/openid-configuration
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tomllib
from pathlib import Path

SETTINGS = ("redirect_uri", "client_id", "client_secret", "server_metadata_url", "cookie_secret")
REQUIRED = ("redirect_uri", "server_metadata_url")
DEFAULT_CLIENT_ID = "bgw-dashboards"


def _existing_auth(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("auth", {})
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return {}


def auth_section(path: Path, given: dict[str, str | None]) -> dict[str, str]:
    """The settings to write: given, else environment, else kept or generated."""
    kept = _existing_auth(path)
    values: dict[str, str] = {}
    for name in SETTINGS:
        value = given.get(name) or os.environ.get(f"BGW_AUTH_{name.upper()}")
        if value:
            values[name] = value
    values.setdefault("client_id", DEFAULT_CLIENT_ID)
    for name in ("cookie_secret", "client_secret"):
        if name not in values:
            old = kept.get(name)
            values[name] = old if isinstance(old, str) and old else secrets.token_urlsafe(32)
    missing = [name for name in REQUIRED if name not in values]
    if missing:
        raise ValueError(f"missing {', '.join(missing)} (give --{missing[0].replace('_', '-')})")
    return values


def render(values: dict[str, str]) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    lines = [
        "# Written by `python -m dashboards.auth.secrets_file`; never commit this file.",
        "[auth]",
    ]
    lines += [f"{name} = {json.dumps(values[name])}" for name in SETTINGS]
    return "\n".join(lines) + "\n"


def write(path: Path, given: dict[str, str | None]) -> Path:
    text = render(auth_section(path, given))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(partial, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboards.auth.secrets_file", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, required=True)
    for name in SETTINGS:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name)
    args = parser.parse_args(argv)
    try:
        path = write(args.out, {name: getattr(args, name) for name in SETTINGS})
    except ValueError as exc:
        parser.error(str(exc))
    print(f"Sign-in settings written to {path} (owner-only; not in git).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
