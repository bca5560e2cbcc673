"""A small HTTP server for the simulated departmental APIs (demo and tests only).

The HMIS (DHIS2) and PIS stand-ins are both JSON APIs on loopback. This module holds what
they share: routing, JSON replies, a threaded server that a test starts on port 0 and a
command line runs in the foreground, and *fault injection* so a test can make the API
misbehave the way real ones do (a 500 that goes away, a 401, a truncated body, an answer
slower than the client waits, a 429 with Retry-After).

    python -m simulator.http_server wait URL [URL ...] [--timeout 60]

waits until every URL answers (any HTTP status), for scripts that start the APIs in the
background before a pipeline run.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: Message
    body: bytes = b""
    params: dict[str, str] = field(default_factory=dict)  # captured from the route pattern

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def args(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json;charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)


class HttpError(Exception):
    """Raised by a handler to answer with an error status and a JSON body."""

    def __init__(self, status: int, payload: Any, headers: dict[str, str] | None = None):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.payload = payload
        self.headers = headers or {}


def json_reply(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, headers=dict(headers or {}))


@dataclass
class _Plan:
    kind: str  # status | malformed | slow
    remaining: int
    path: str
    status: int = 500
    seconds: float = 0.0
    retry_after: int | str | None = None  # seconds or an HTTP date
    payload: Any = None


class Faults:
    """What a test asks the API to do wrong, each for a number of requests.

    A plan applies to requests whose path starts with ``path`` ("" = every request) and is
    used up after ``times`` requests, so "500 twice, then fine" is ``fail(500, times=2)``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._plans: list[_Plan] = []

    def fail(
        self,
        status: int = 500,
        times: int = 1,
        *,
        path: str = "",
        retry_after: int | str | None = None,
        payload: Any = None,
    ) -> None:
        self._add(
            _Plan("status", times, path, status=status, retry_after=retry_after, payload=payload)
        )

    def malformed(self, times: int = 1, *, path: str = "") -> None:
        self._add(_Plan("malformed", times, path))

    def slow(self, seconds: float, times: int = 1, *, path: str = "") -> None:
        self._add(_Plan("slow", times, path, seconds=seconds))

    def clear(self) -> None:
        with self._lock:
            self._plans.clear()

    def take(self, path: str) -> _Plan | None:
        with self._lock:
            for plan in self._plans:
                if plan.remaining > 0 and path.startswith(plan.path):
                    plan.remaining -= 1
                    return plan
        return None

    def _add(self, plan: _Plan) -> None:
        with self._lock:
            self._plans.append(plan)


Handler = Callable[[Request], Reply]


class Api:
    """Routes requests to handlers and applies injected faults; one per simulated system."""

    name = "api"

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.faults = Faults()
        self._log_lock = threading.Lock()
        self.log: list[tuple[str, str, int]] = []  # (method, path?query, status) answered

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self._routes.append((method, re.compile(f"^{pattern}$"), handler))

    def handle(self, request: Request) -> Reply:
        plan = self.faults.take(request.path)
        if plan and plan.kind == "slow":
            time.sleep(plan.seconds)
        if plan and plan.kind == "status":
            headers = {"Retry-After": str(plan.retry_after)} if plan.retry_after else {}
            payload = plan.payload or {
                "status": "ERROR",
                "httpStatusCode": plan.status,
                "message": "injected fault",
            }
            reply = json_reply(payload, plan.status, headers)
        else:
            reply = self._dispatch(request)
            if plan and plan.kind == "malformed":
                # A body cut off mid-way, as a proxy timing out on a large answer leaves it.
                reply = Reply(
                    200, reply.body[: max(1, len(reply.body) // 2)] or b"{", reply.content_type
                )
        return reply

    def _dispatch(self, request: Request) -> Reply:
        allowed = []
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if not match:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            request.params = match.groupdict()
            try:
                return handler(request)
            except HttpError as exc:
                return json_reply(exc.payload, exc.status, exc.headers)
        if allowed:
            return json_reply({"message": f"method {request.method} not allowed"}, 405)
        return json_reply({"message": f"no such resource: {request.path}"}, 404)

    def record(self, method: str, target: str, status: int) -> None:
        with self._log_lock:
            self.log.append((method, target, status))


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every keep-alive answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        self._answer("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._answer("POST")

    def _answer(self, method: str) -> None:
        target = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(method, target.path, parse_qs(target.query), self.headers, body)
        api = self.server.api
        try:
            reply = api.handle(request)
        except Exception as exc:  # a simulator bug must still answer, as a server would
            reply = json_reply({"message": f"internal error: {exc}"}, 500)
        api.record(method, self.path, reply.status)
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a slow-answer fault); nothing to tell it

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # one line per request would drown the pipeline's own log


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], api: Api):
        super().__init__(address, _RequestHandler)
        self.api = api


class ApiServer:
    """A simulated API on a background thread: ``with ApiServer(api) as server: server.url``."""

    def __init__(self, api: Api, host: str = "127.0.0.1", port: int = 0) -> None:
        self.api = api
        self._server = _Server((host, port), api)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name=f"{api.name}-sim", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ApiServer:
        if not self._thread.is_alive():  # so `with start(...) as server:` also works
            self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(api: Api, host: str, port: int) -> None:
    """Run ``api`` in the foreground until interrupted (the simulators' command lines)."""
    server = ApiServer(api, host, port)
    print(f"{api.name}: listening on {server.url} (simulated, synthetic data)", flush=True)

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._server.server_close()


def wait_until_up(urls: list[str], timeout: float = 60.0) -> None:
    """Return once every URL answers at all; raise TimeoutError naming those that did not."""
    deadline = time.monotonic() + timeout
    waiting = list(urls)
    while waiting:
        still = []
        for url in waiting:
            try:
                with urlopen(url, timeout=2):
                    pass
            except HTTPError:
                pass  # any HTTP answer (even 401) means the server is up
            except (URLError, OSError):
                still.append(url)
        waiting = still
        if waiting:
            if time.monotonic() > deadline:
                raise TimeoutError(f"not answering after {timeout:.0f} s: {', '.join(waiting)}")
            time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.http_server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    wait = commands.add_parser("wait", help="wait until every URL answers")
    wait.add_argument("urls", nargs="+")
    wait.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    try:
        wait_until_up(args.urls, args.timeout)
    except TimeoutError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
