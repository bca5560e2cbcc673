"""The Participatory Information System's REST API over the simulated database (synthetic).

    python -m simulator.pis_api --data DIR [--host 127.0.0.1] [--port 8082]
        [--rate-limit 20] [--token-ttl 900] [--token-requests 500]

``DIR`` is the simulated-sources folder ``python -m simulator generate`` wrote (or its
``pis`` sub-folder). Endpoints (JSON):

    GET  /api/v1/health                                   no authentication
    POST /api/v1/auth/token   client_id, client_secret, grant_type=client_credentials
         -> {"access_token", "token_type": "Bearer", "expires_in"}
    GET  /api/v1/fiscal-years
    GET  /api/v1/schemes?fiscal_year=2024-25&page=N&per_page=M
    GET  /api/v1/schemes/{id}?fiscal_year=2024-25
    GET  /api/v1/progress?quarter=2024-25-Q1&page=N&per_page=M     (Q1 = July-September)
    GET  /api/v1/schemes/{id}/progress?quarter=2024-25-Q3

Lists answer ``{"data": [...], "meta": {page, per_page, total, total_pages}, "links":
{self, first, prev, next, last}}``. Tokens expire (after ``--token-ttl`` seconds or
``--token-requests`` requests) with 401 ``{"error": "token_expired"}``; more than
``--rate-limit`` requests a second from one token get 429 with ``Retry-After``.
"""

from __future__ import annotations

import argparse
import json
import math
import secrets
import sqlite3
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from simulator import pis
from simulator.http_server import (
    Api,
    ApiServer,
    HttpError,
    Reply,
    Request,
    json_reply,
    serve_forever,
)

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500


class PisApi(Api):
    name = "pis (simulated Participatory Information System)"

    def __init__(
        self,
        db: Path,
        *,
        rate_limit: int = 20,
        token_ttl: float = 900.0,
        token_requests: int = 500,
    ) -> None:
        super().__init__()
        self.db = db
        self.rate_limit = rate_limit
        self.token_ttl = token_ttl
        self.token_requests = token_requests
        # A test switch: rename fields in scheme records, as an unannounced API change would.
        self.drift: dict[str, str] = {}
        self._local = threading.local()
        self._lock = threading.Lock()
        self._tokens: dict[str, list[float]] = {}  # token -> [expires at, requests left]
        self._recent: dict[str, deque[float]] = {}
        meta = dict(self._conn().execute("select key, value from meta").fetchall())
        self.clients: dict[str, str] = json.loads(meta["clients"])
        self.renamed_from = meta["renamed_from_fiscal_year"]
        self.renames: dict[str, str] = json.loads(meta["renames"])
        self.route(
            "GET", r"/api/v1/health", lambda r: json_reply({"status": "ok", "synthetic": True})
        )
        self.route("POST", r"/api/v1/auth/token", self._token)
        self.route("GET", r"/api/v1/fiscal-years", self._guard(self._fiscal_years))
        self.route("GET", r"/api/v1/schemes", self._guard(self._schemes))
        self.route("GET", r"/api/v1/schemes/(?P<id>\d+)", self._guard(self._scheme))
        self.route("GET", r"/api/v1/progress", self._guard(self._progress))
        self.route(
            "GET", r"/api/v1/schemes/(?P<id>\d+)/progress", self._guard(self._scheme_progress)
        )

    @classmethod
    def from_dir(cls, data_dir: Path, **options: Any) -> PisApi:
        path = pis.db_path(data_dir)
        if not path.exists():
            raise FileNotFoundError(
                f"no simulated PIS in {data_dir}: run `python -m simulator generate --out "
                f"{data_dir} --sources pis` first"
            )
        return cls(path, **options)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    # --- authentication -------------------------------------------------------------------
    def _token(self, request: Request) -> Reply:
        kind = request.headers.get("Content-Type", "")
        if "json" in kind:
            form = request.json() or {}
        else:
            from urllib.parse import parse_qs

            form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if form.get("grant_type", "client_credentials") != "client_credentials":
            raise HttpError(400, {"error": "unsupported_grant_type"})
        client = form.get("client_id", "")
        if self.clients.get(client) != form.get("client_secret"):
            raise HttpError(
                401,
                {"error": "invalid_client", "error_description": "unknown client or wrong secret"},
            )
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[token] = [time.monotonic() + self.token_ttl, float(self.token_requests)]
        return json_reply(
            {"access_token": token, "token_type": "Bearer", "expires_in": int(self.token_ttl)}
        )

    def expire_tokens(self) -> None:
        """Make every issued token expired now (for tests)."""
        with self._lock:
            for state in self._tokens.values():
                state[0] = 0.0

    def _guard(self, handler):
        def guarded(request: Request) -> Reply:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme != "Bearer" or not token:
                raise HttpError(
                    401, {"error": "unauthorized", "message": "a Bearer token is required"}
                )
            now = time.monotonic()
            with self._lock:
                state = self._tokens.get(token)
                if state is None:
                    raise HttpError(
                        401, {"error": "invalid_token", "message": "unknown access token"}
                    )
                if state[0] < now or state[1] <= 0:
                    raise HttpError(
                        401,
                        {
                            "error": "token_expired",
                            "message": "The access token expired; request a "
                            "new one at /api/v1/auth/token",
                        },
                    )
                state[1] -= 1
                recent = self._recent.setdefault(token, deque())
                while recent and recent[0] < now - 1.0:
                    recent.popleft()
                if len(recent) >= self.rate_limit:
                    raise HttpError(
                        429,
                        {
                            "error": "rate_limited",
                            "message": f"more than {self.rate_limit} requests a second",
                        },
                        {"Retry-After": "1"},
                    )
                recent.append(now)
            return handler(request)

        return guarded

    # --- resources ------------------------------------------------------------------------
    def _fiscal_years(self, request: Request) -> Reply:
        rows = (
            self._conn()
            .execute(
                "select fiscal_year, count(*) from schemes group by fiscal_year "
                "order by fiscal_year"
            )
            .fetchall()
        )
        return json_reply({"data": [{"fiscal_year": fy, "schemes": n} for fy, n in rows]})

    def _paging(self, request: Request) -> tuple[int, int]:
        try:
            page = int(request.arg("page") or 1)
            per_page = int(request.arg("per_page") or DEFAULT_PER_PAGE)
        except ValueError as exc:
            raise HttpError(422, {"error": "invalid_parameter", "message": str(exc)}) from exc
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise HttpError(
                422,
                {
                    "error": "invalid_parameter",
                    "message": f"page >= 1 and 1 <= per_page <= {MAX_PER_PAGE}",
                },
            )
        return page, per_page

    def _listing(self, request: Request, table: str, column: str, value: str, shape) -> Reply:
        page, per_page = self._paging(request)
        conn = self._conn()
        # Table and column names are fixed by the caller, never taken from the request.
        total = conn.execute(
            f"select count(*) from {table} where {column} = ?", (value,)
        ).fetchone()[0]
        rows = conn.execute(
            f"select payload from {table} where {column} = ? order by row_id limit ? offset ?",
            (value, per_page, (page - 1) * per_page),
        ).fetchall()
        pages = max(1, math.ceil(total / per_page))
        host = request.headers.get("Host", "127.0.0.1")

        def link(n: int) -> str:
            query = {column: value, "page": n, "per_page": per_page}
            return f"http://{host}{request.path}?{urlencode(query)}"

        return json_reply(
            {
                "data": [shape(json.loads(r[0])) for r in rows],
                "meta": {
                    "page": page,
                    "per_page": per_page,
                    "total": total,
                    "total_pages": pages,
                    column: value,
                },
                "links": {
                    "self": link(page),
                    "first": link(1),
                    "prev": link(page - 1) if page > 1 else None,
                    "next": link(page + 1) if page < pages else None,
                    "last": link(pages),
                },
            }
        )

    def _scheme_shape(self, record: dict) -> dict:
        if record.get("fiscal_year", "") >= self.renamed_from:
            record = {self.renames.get(k, k): v for k, v in record.items()}
        if self.drift:
            record = {self.drift.get(k, k): v for k, v in record.items()}
        return record

    def _schemes(self, request: Request) -> Reply:
        fy = request.arg("fiscal_year")
        if not fy:
            raise HttpError(
                422,
                {"error": "invalid_parameter", "message": "fiscal_year is required, e.g. 2024-25"},
            )
        return self._listing(request, "schemes", "fiscal_year", fy, self._scheme_shape)

    def _scheme(self, request: Request) -> Reply:
        fy = request.arg("fiscal_year")
        sql = "select payload from schemes where scheme_id = ?"
        args: tuple = (int(request.params["id"]),)
        if fy:
            sql, args = sql + " and fiscal_year = ?", (*args, fy)
        row = self._conn().execute(sql + " order by row_id desc limit 1", args).fetchone()
        if row is None:
            raise HttpError(404, {"error": "not_found", "message": "no such scheme"})
        return json_reply({"data": self._scheme_shape(json.loads(row[0]))})

    def _progress(self, request: Request) -> Reply:
        quarter = request.arg("quarter")
        if not quarter:
            raise HttpError(
                422,
                {"error": "invalid_parameter", "message": "quarter is required, e.g. 2024-25-Q1"},
            )
        return self._listing(request, "progress", "quarter", quarter, lambda r: r)

    def _scheme_progress(self, request: Request) -> Reply:
        sql = "select payload from progress where scheme_id = ?"
        args: tuple = (int(request.params["id"]),)
        if request.arg("quarter"):
            sql, args = sql + " and quarter = ?", (*args, request.arg("quarter"))
        rows = self._conn().execute(sql + " order by row_id", args).fetchall()
        return json_reply({"data": [json.loads(r[0]) for r in rows]})


def start(data_dir: Path, port: int = 0, **options: Any) -> ApiServer:
    """The simulated PIS on a background thread (for tests): ``server.url``, ``.stop()``."""
    return ApiServer(PisApi.from_dir(data_dir, **options), port=port).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.pis_api",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data", type=Path, required=True, help="the simulated-sources folder (or its pis/ folder)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--rate-limit", type=int, default=20, help="requests a second a token")
    parser.add_argument("--token-ttl", type=float, default=900.0, help="seconds")
    parser.add_argument(
        "--token-requests", type=int, default=500, help="requests a token serves before it expires"
    )
    args = parser.parse_args(argv)
    try:
        api = PisApi.from_dir(
            args.data,
            rate_limit=args.rate_limit,
            token_ttl=args.token_ttl,
            token_requests=args.token_requests,
        )
    except FileNotFoundError as exc:
        parser.error(str(exc))
    serve_forever(api, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
