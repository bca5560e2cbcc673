"""Read the P&D Participatory Information System's REST API.

Client-credentials authentication: a bearer token from ``POST /api/v1/auth/token``, asked
for again whenever the API answers 401 (tokens expire after minutes or a number of
requests). Lists are read page by page by following each answer's ``links.next`` until it
is null, as the API documents, rather than by computing page numbers. The client keeps to
the API's documented rate limit (``BGW_PIS_RATE_LIMIT`` requests a second) itself: running
into it costs a whole second of ``Retry-After`` each time.

Every page is checked against the fields the load needs. A field renamed by an API release
is mapped only if it is listed in ``FIELD_ALIASES`` (reviewed by a person); any other
change stops the load with an error naming the endpoint, the page and the fields, rather
than loading blanks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from orchestration.lib import settings
from orchestration.lib.http_source import (
    BearerAuth,
    HttpSource,
    MalformedResponseError,
    RetryPolicy,
    SourceAuthError,
)

SOURCE = "pis"

# Renames seen in PIS API releases, confirmed with the P&D IT cell: the name the load uses
# -> names the API has used for the same field.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "estimated_cost": ("cost_estimate",),  # API v1.3, from FY 2025-26
}
SCHEME_FIELDS = [
    "id",
    "gs_no",
    "name",
    "sector",
    "programme",
    "district",
    "executing_agency",
    "estimated_cost",
    "allocation",
    "start_date",
    "planned_completion_date",
    "status",
    "fiscal_year",
    "updated_at",
]
PROGRESS_FIELDS = [
    "scheme_id",
    "quarter",
    "releases",
    "expenditure",
    "physical_progress_pct",
    "reported_on",
    "remarks",
]
# Optional fields may be absent from a page without it meaning the API changed.
OPTIONAL_FIELDS = {"gs_no", "remarks", "executing_agency", "updated_at"}


class SchemaDriftError(RuntimeError):
    """The API's records no longer carry a field the load needs."""


@dataclass(frozen=True)
class PisSettings:
    base_url: str
    client_id: str
    client_secret: str
    timeout: float
    retry: RetryPolicy
    per_page: int
    rate_limit: int = 20  # requests a second the API allows a client; 0 = do not pace

    @classmethod
    def from_env(cls) -> PisSettings:
        def get(name: str, default: str) -> str:
            return settings.source_setting(SOURCE, name, default)

        return cls(
            base_url=get("base_url", "http://127.0.0.1:8082"),
            client_id=get("client_id", "bgw-warehouse"),
            client_secret=get("client_secret", "bgw-demo-secret"),
            timeout=float(get("timeout_seconds", "60")),
            retry=RetryPolicy(
                max_attempts=int(get("max_attempts", "6")),
                backoff_seconds=float(get("backoff_seconds", "1")),
            ),
            per_page=int(get("per_page", "500")),
            rate_limit=int(get("rate_limit", "20")),
        )


class PisClient:
    def __init__(self, cfg: PisSettings, log: Callable[[str], None] = lambda m: None) -> None:
        self.cfg = cfg
        self._bearer = BearerAuth()
        hint = "check BGW_PIS_CLIENT_ID / BGW_PIS_CLIENT_SECRET and the client's permissions"
        # The token endpoint has its own client: a refused secret must not trigger another
        # round of authentication.
        self._token_http = HttpSource(
            SOURCE, cfg.base_url, timeout=cfg.timeout, retry=cfg.retry, auth_hint=hint, log=log
        )
        self.http = HttpSource(
            SOURCE,
            cfg.base_url,
            auth=self._bearer,
            timeout=cfg.timeout,
            retry=cfg.retry,
            auth_hint=hint,
            reauthenticate=self.authenticate,
            log=log,
            max_requests_per_second=cfg.rate_limit,
        )

    def close(self) -> None:
        self._token_http.close()
        self.http.close()

    def authenticate(self) -> None:
        body = self._token_http.post_json(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.cfg.client_id,
                "client_secret": self.cfg.client_secret,
            },
            page="client-credentials token",
        )
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise SourceAuthError(
                f"{SOURCE}: POST {self._token_http.endpoint('/api/v1/auth/token')}: the answer "
                "has no access_token",
                source=SOURCE,
                endpoint=self._token_http.endpoint("/api/v1/auth/token"),
            )
        self._bearer.token = token

    def schemes(self, fiscal_year: str) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        yield from self._pages("/api/v1/schemes", {"fiscal_year": fiscal_year}, SCHEME_FIELDS)

    def progress(self, quarter: str) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        yield from self._pages("/api/v1/progress", {"quarter": quarter}, PROGRESS_FIELDS)

    def _pages(
        self, path: str, params: dict[str, Any], expected: list[str]
    ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        if self._bearer.token is None:
            self.authenticate()
        url: str | None = path
        query: dict[str, Any] | None = {**params, "page": 1, "per_page": self.cfg.per_page}
        page = 0
        seen: set[str] = set()
        while url:
            page += 1
            label = f"page {page}"
            body = self.http.get_json(url, query, page=label)
            endpoint = self.http.endpoint(url, query)
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise MalformedResponseError(
                    f"{SOURCE}: GET {endpoint} ({label}): expected an object with a 'data' list, "
                    f"got {type(body).__name__} with keys "
                    f"{sorted(body)[:8] if isinstance(body, dict) else '-'}",
                    source=SOURCE,
                    endpoint=endpoint,
                )
            records = [normalise(r, expected, endpoint, label) for r in body["data"]]
            _check_fields(body["data"], records, expected, endpoint, label)
            yield page, records
            nxt = (body.get("links") or {}).get("next")
            if nxt and nxt in seen:
                raise MalformedResponseError(
                    f"{SOURCE}: GET {endpoint} ({label}): links.next points back to a page "
                    f"already read ({nxt}); stopping rather than looping",
                    source=SOURCE,
                    endpoint=endpoint,
                )
            if nxt:
                seen.add(nxt)
            url, query = nxt, None


def normalise(record: Any, expected: list[str], endpoint: str, label: str) -> dict[str, Any]:
    """The record with confirmed renames mapped back to the names the load uses."""
    if not isinstance(record, dict):
        raise MalformedResponseError(
            f"{SOURCE}: GET {endpoint} ({label}): a record is {type(record).__name__}, not an "
            "object",
            source=SOURCE,
            endpoint=endpoint,
        )
    out = dict(record)
    for name, aliases in FIELD_ALIASES.items():
        if name not in out:
            for alias in aliases:
                if alias in out:
                    out[name] = out.pop(alias)
                    break
    return out


def _check_fields(
    raw: list[dict[str, Any]],
    records: list[dict[str, Any]],
    expected: list[str],
    endpoint: str,
    label: str,
) -> None:
    if not records:
        return
    required = [f for f in expected if f not in OPTIONAL_FIELDS]
    missing = [f for f in required if all(f not in r for r in records)]
    if not missing:
        return
    known = set(expected) | {a for aliases in FIELD_ALIASES.values() for a in aliases}
    unexpected = sorted({k for r in raw for k in r} - known)
    raise SchemaDriftError(
        f"{SOURCE}: GET {endpoint} ({label}): field(s) {missing} missing from all "
        f"{len(records)} records; the records carry unexpected field(s) {unexpected}. The "
        "PIS API has changed: if one of those is the same field renamed, add it to "
        "FIELD_ALIASES in orchestration/defs/pis/api.py and re-run; the load stops rather "
        "than guess."
    )
