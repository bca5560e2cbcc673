"""A stand-in for the government's identity provider (demo and tests only; no passwords).

A real OpenID Connect server on loopback (the ``oidc-provider-mock`` package: discovery,
authorisation code flow, signed ID tokens, end-session) with one demo account per role.
Each account carries the ``groups`` claim the real provider (Keycloak, Entra ID) would
send; ``dashboards/access.yaml`` grants roles to those groups. The sign-in page lists the
accounts as one-click buttons: anyone at the keyboard can be anyone, which is the point of
a demo and exactly why this never stands in front of real data.

    python -m simulator.identity_provider serve [--host 127.0.0.1] [--port 9400]
    python -m simulator.identity_provider accounts      # print the demo accounts
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import werkzeug.serving

DEFAULT_PORT = 9400
EMAIL_DOMAIN = "bgw-demo.example"  # reserved for examples (RFC 2606): never a real mailbox
# How long the ID and access tokens the provider issues stay valid. The dashboards decide
# their own session length (access.yaml) from the token's issue time.
TOKEN_MAX_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class DemoAccount:
    sub: str
    name: str
    groups: tuple[str, ...]
    sees: str  # what the account is for, printed beside it

    @property
    def email(self) -> str:
        return f"{self.sub}@{EMAIL_DOMAIN}"

    def user(self):  # -> oidc_provider_mock.User
        from oidc_provider_mock import User

        return User(
            sub=self.sub,
            claims={
                "email": self.email,
                "email_verified": True,
                "name": self.name,
                "preferred_username": self.sub,
                "groups": list(self.groups),
            },
        )


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "chief.secretary",
        "Chief Secretary (demo)",
        ("bgw-policy-makers",),
        "Chief Secretary / P&D policy maker: every department, every district, every page",
    ),
    DemoAccount(
        "secretary.health",
        "Secretary Health (demo)",
        ("bgw-secretary-health",),
        "department secretary: the Health Department's figures, every district",
    ),
    DemoAccount(
        "dc.gwadar",
        "Deputy Commissioner Gwadar (demo)",
        ("bgw-dc-gwadar",),
        "district officer: Gwadar only, against Mekran division and the province",
    ),
    DemoAccount(
        "data.engineer",
        "Data engineer, IT Department (demo)",
        ("bgw-data-engineers",),
        "data engineer: the data-health page and the audit trail",
    ),
)


def app(accounts: Sequence[DemoAccount] = DEMO_ACCOUNTS):  # -> flask.Flask
    """The provider as a WSGI app, without the interactive debugger the package turns on."""
    import warnings

    with warnings.catch_warnings():
        # The package imports Authlib modules Authlib has deprecated; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oidc_provider_mock import app as provider_app

    provider = provider_app(
        user_claims=[a.user() for a in accounts],
        access_token_max_age=TOKEN_MAX_AGE,
        require_nonce=True,
    )
    provider.debug = False
    # The package wraps itself in Werkzeug's debugger (a Python console on error): unwrap it.
    provider.wsgi_app = getattr(provider.wsgi_app, "app", provider.wsgi_app)
    return provider


def metadata_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/.well-known/openid-configuration"


@contextmanager
def running(
    host: str = "127.0.0.1", port: int = 0, accounts: Sequence[DemoAccount] = DEMO_ACCOUNTS
) -> Iterator[str]:
    """Serve the provider on a thread (tests); yields its discovery URL."""
    import threading

    server = werkzeug.serving.make_server(host, port, app(accounts), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield metadata_url(host, server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def accounts_table(accounts: Sequence[DemoAccount] = DEMO_ACCOUNTS) -> str:
    width = max(len(a.sub) for a in accounts)
    lines = [f"  {a.sub:<{width}}  {a.sees}" for a in accounts]
    lines.append(f"  {'(not signed in)':<{width}}  public: published indicators only")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.identity_provider", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo identity provider")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    commands.add_parser("accounts", help="print the demo accounts")
    args = parser.parse_args(argv)
    if args.command == "accounts":
        print(accounts_table())
        return 0
    server = werkzeug.serving.make_server(args.host, args.port, app(), threaded=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"Demo identity provider: {metadata_url(args.host, args.port)}", flush=True)
    print(accounts_table(), flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
