"""Read a departmental system's HTTP JSON API, patiently and with clear errors.

Used by every source whose native interface is a web API (HMIS through DHIS2, the P&D
Participatory Information System). What it takes care of:

- **Transient failures are retried** with exponential backoff: 5xx answers, timeouts and
  connection errors (a server still starting, a proxy restarting).
- **429 Too Many Requests** waits as long as the server's ``Retry-After`` asks (seconds or
  an HTTP date), up to a ceiling, and does not count as a failed attempt.
- **401 / 403 are not retried**: wrong credentials do not get better by asking again, and
  hammering a login locks accounts. The error names the endpoint and the settings to check.
  A source whose tokens expire passes ``reauthenticate``: on a 401 it is called once and
  the request repeated with the fresh token.
- **A body that is not JSON** (truncated, or an HTML login or proxy page) is an error naming
  the endpoint and the page being read, never silently an empty result.
- **A documented rate limit is kept** (``max_requests_per_second``): the client spaces its
  own requests rather than running into 429s, each of which costs a whole Retry-After.
- **Reading ahead** (:class:`Prefetch`): a load of many independent requests keeps the next
  ones in flight on worker threads while it lands what has arrived, so the server's work
  and this process's overlap instead of taking turns.

Credentials travel in headers only, so the endpoints named in errors and metadata never
carry them.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Generic, Protocol, Self, TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq


class HttpSourceError(RuntimeError):
    """A departmental API could not be read; the message names source and endpoint."""

    def __init__(self, message: str, *, source: str, endpoint: str, status: int | None = None):
        super().__init__(message)
        self.source = source
        self.endpoint = endpoint
        self.status = status


class SourceUnavailableError(HttpSourceError):
    """Still failing (5xx, timeout, no connection) after every retry."""


class SourceAuthError(HttpSourceError):
    """401 or 403: the credentials are wrong, expired or lack a permission."""


class MalformedResponseError(HttpSourceError):
    """The answer was not the JSON the endpoint promises."""


class SourceRequestError(HttpSourceError):
    """Another 4xx: the request itself was refused (unknown id, bad parameter)."""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6  # tries per request for 5xx / timeouts / connection errors
    backoff_seconds: float = 1.0  # first wait; doubles each attempt
    max_backoff_seconds: float = 60.0
    max_retry_after_seconds: float = 300.0  # a 429 asking for longer is an error
    max_rate_limited: int = 20  # 429s tolerated for one request

    def backoff(self, attempt: int) -> float:
        return min(self.backoff_seconds * (2 ** (attempt - 1)), self.max_backoff_seconds)


class ApiTokenAuth(httpx.Auth):
    """DHIS2 personal access tokens: ``Authorization: ApiToken d2pat_...``."""

    def __init__(self, token: str) -> None:
        self._header = f"ApiToken {token}"

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = self._header
        yield request


class BearerAuth(httpx.Auth):
    """An OAuth-style bearer token that can be replaced when it expires."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        if self.token:
            request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


@dataclass
class RequestStats:
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    reauthenticated: int = 0
    waited_seconds: float = 0.0  # waits a server asked for, or backoff after failures
    paced_seconds: float = 0.0  # waits to stay within the documented rate limit
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, amount: float = 1) -> None:
        """Count safely when requests are made from several threads."""
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)

    def as_metadata(self) -> dict[str, float]:
        return {
            "http_requests": self.requests,
            "http_retries": self.retries,
            "http_rate_limited": self.rate_limited,
            "http_reauthenticated": self.reauthenticated,
            "http_waited_seconds": round(self.waited_seconds, 1),
            "http_paced_seconds": round(self.paced_seconds, 1),
        }


class RatePacer:
    """At most ``per_second`` requests in any one-second window, as a server counts them.

    The window is a little longer than a second: the server stamps a request when it reads
    it, a moment after it was sent, and a 429 would cost a whole second of Retry-After.
    """

    def __init__(
        self,
        per_second: int,
        *,
        window: float = 1.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_second = per_second
        self.window = window
        self.clock = clock
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def delay(self) -> float:
        """Reserve the next request's slot; how long to wait before sending it."""
        with self._lock:
            now = self.clock()
            while self._sent and self._sent[0] <= now - self.window:
                self._sent.popleft()
            wait = 0.0
            if len(self._sent) >= self.per_second:
                wait = self._sent[-self.per_second] + self.window - now
            self._sent.append(now + wait)
            return wait


def redact(url: str) -> str:
    """The URL without any user:password part."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


@dataclass
class HttpSource:
    """One departmental API. ``get_json`` returns parsed JSON or raises a clear error."""

    source: str
    base_url: str
    auth: httpx.Auth | None = None
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    auth_hint: str = "check the credentials"
    reauthenticate: Callable[[], None] | None = None
    log: Callable[[str], None] = lambda message: None
    sleep: Callable[[float], None] = time.sleep
    transport: httpx.BaseTransport | None = None
    headers: Mapping[str, str] = field(default_factory=lambda: {"Accept": "application/json"})
    stats: RequestStats = field(default_factory=RequestStats)
    max_requests_per_second: int = 0  # the API's documented limit; 0 = none
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self._pacer = (
            RatePacer(self.max_requests_per_second, clock=self.clock)
            if self.max_requests_per_second > 0
            else None
        )
        self._client = httpx.Client(
            auth=self.auth,
            timeout=self.timeout,
            headers=dict(self.headers),
            transport=self.transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def endpoint(self, path: str, params: Any = None) -> str:
        """The URL a request goes to, as shown in errors and metadata (no credentials)."""
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"
        query = urlencode(params, doseq=True) if params else ""
        return redact(f"{url}?{query}" if query else url)

    def get_json(self, path: str, params: Any = None, *, page: str | None = None) -> Any:
        return self._json("GET", path, params=params, page=page)

    def get_records(
        self,
        path: str,
        params: Any,
        *,
        key: str,
        fields: Mapping[str, pa.DataType],
        page: str | None = None,
    ) -> pa.Table | Any:
        """A list of records as a table of text (see :func:`records_table`) when the answer
        is the plain shape expected, else the answer parsed as JSON, as ``get_json`` gives it,
        for the caller's own checks."""
        response = self._request("GET", path, params=params, data=None, json_body=None, page=page)
        table = records_table(response.content, key, fields)
        if table is not None:
            return table
        return self._parse(response, "GET", path, params, page)

    def post_json(
        self, path: str, *, data: Any = None, json_body: Any = None, page: str | None = None
    ) -> Any:
        return self._json("POST", path, data=data, json_body=json_body, page=page)

    def _json(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        data: Any = None,
        json_body: Any = None,
        page: str | None,
    ) -> Any:
        response = self._request(
            method, path, params=params, data=data, json_body=json_body, page=page
        )
        return self._parse(response, method, path, params, page)

    def _parse(
        self, response: httpx.Response, method: str, path: str, params: Any, page: str | None
    ) -> Any:
        where = self._where(method, path, params, page)
        try:
            return json.loads(response.content)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            kind = response.headers.get("content-type", "no content type")
            excerpt = response.content[:120].decode("utf-8", errors="replace")
            raise MalformedResponseError(
                f"{where}: the answer is not valid JSON ({exc.msg} at character {exc.pos}; "
                f"{len(response.content)} bytes of {kind}, starting {excerpt!r}). A truncated "
                "body usually means a proxy or the server cut the answer short: re-run the "
                "partition; if it repeats, ask for smaller pages or chunks.",
                source=self.source,
                endpoint=self.endpoint(path, params),
                status=response.status_code,
            ) from exc

    def _where(self, method: str, path: str, params: Any, page: str | None) -> str:
        text = f"{self.source}: {method} {self.endpoint(path, params)}"
        return f"{text} ({page})" if page else text

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Any,
        data: Any,
        json_body: Any,
        page: str | None,
    ) -> httpx.Response:
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"
        where = self._where(method, path, params, page)
        endpoint = self.endpoint(path, params)
        attempt = 0
        rate_limited = 0
        reauthenticated = False
        while True:
            attempt += 1
            if self._pacer is not None and (pause := self._pacer.delay()) > 0:
                self.stats.add("paced_seconds", pause)
                self.sleep(pause)
            self.stats.add("requests")
            problem: str
            try:
                response = self._client.request(
                    method, url, params=params, data=data, json=json_body
                )
            except httpx.TimeoutException as exc:
                problem = f"no answer within {self.timeout:g} s ({type(exc).__name__})"
            except httpx.TransportError as exc:
                problem = f"cannot connect ({type(exc).__name__}: {exc})"
            else:
                status = response.status_code
                if status < 300:
                    return response
                if status == 429:
                    rate_limited += 1
                    self.stats.add("rate_limited")
                    wait = _retry_after(response, self.retry.backoff(rate_limited))
                    if rate_limited > self.retry.max_rate_limited:
                        raise SourceUnavailableError(
                            f"{where}: still rate-limited (HTTP 429) after {rate_limited - 1} "
                            "waits; lower the request rate or ask the system's owner for a "
                            "higher limit",
                            source=self.source,
                            endpoint=endpoint,
                            status=status,
                        )
                    if wait > self.retry.max_retry_after_seconds:
                        raise SourceUnavailableError(
                            f"{where}: rate-limited (HTTP 429) and asked to wait {wait:.0f} s, "
                            f"more than the {self.retry.max_retry_after_seconds:.0f} s allowed; "
                            "re-run later",
                            source=self.source,
                            endpoint=endpoint,
                            status=status,
                        )
                    self.log(f"{where}: rate-limited (HTTP 429); waiting {wait:g} s as asked")
                    self._wait(wait)
                    attempt -= 1  # being asked to slow down is not a failed attempt
                    continue
                if status == 401 and self.reauthenticate and not reauthenticated:
                    self.log(
                        f"{where}: HTTP 401 ({_server_message(response)}); authenticating again"
                    )
                    self.reauthenticate()
                    reauthenticated = True
                    self.stats.add("reauthenticated")
                    attempt -= 1
                    continue
                if status in (401, 403) or (
                    300 <= status < 400 and "login" in response.headers.get("location", "")
                ):
                    meaning = {
                        401: "HTTP 401 Unauthorized: the credentials were refused",
                        403: "HTTP 403 Forbidden: these credentials may not read this",
                    }.get(status, f"HTTP {status} redirect to a login page: not authenticated")
                    raise SourceAuthError(
                        f"{where}: {meaning} ({_server_message(response)}); {self.auth_hint}. "
                        "Not retried.",
                        source=self.source,
                        endpoint=endpoint,
                        status=status,
                    )
                if status < 500:
                    raise SourceRequestError(
                        f"{where}: HTTP {status} ({_server_message(response)})",
                        source=self.source,
                        endpoint=endpoint,
                        status=status,
                    )
                problem = f"HTTP {status} ({_server_message(response)})"
            if attempt >= self.retry.max_attempts:
                raise SourceUnavailableError(
                    f"{where}: {problem}; gave up after {attempt} attempts",
                    source=self.source,
                    endpoint=endpoint,
                )
            wait = self.retry.backoff(attempt)
            self.stats.add("retries")
            self.log(
                f"{where}: {problem}; attempt {attempt} of {self.retry.max_attempts}, "
                f"retrying in {wait:g} s"
            )
            self._wait(wait)

    def _wait(self, seconds: float) -> None:
        self.stats.add("waited_seconds", seconds)
        self.sleep(seconds)


class ApiClient(Protocol):
    """A source's API calls, made through one :class:`HttpSource`."""

    http: HttpSource

    def close(self) -> None: ...


class ApiRun:
    """One run's reading of a departmental API: the client is opened once for the run and
    closed when it ends, and ``stats`` counts the run's requests for its metadata."""

    def __init__(self, api: ApiClient, info: Callable[[str], None]) -> None:
        self.api = api
        self.info = info

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.close()

    @property
    def stats(self) -> dict[str, float]:
        return self.api.http.stats.as_metadata()


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _server_message(response: httpx.Response) -> str:
    """What the server said about the error, briefly: its JSON message or the start of text."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        text = response.text.strip().replace("\n", " ")
        return text[:160] or response.reason_phrase
    if isinstance(body, dict):
        for key in ("message", "error_description", "detail", "error"):
            if isinstance(body.get(key), str):
                return body[key]
    return json.dumps(body)[:160]


T = TypeVar("T")


class Prefetch(Generic[T]):
    """Calls run ahead on worker threads, their results handed back in call order.

    Reading an API chunk by chunk otherwise takes turns: the server computes an answer
    while this process waits, then this process decodes and lands it while the server
    idles. With ``workers`` requests in flight and at most ``ahead`` results waiting to be
    taken, both work at once and memory stays bounded. A call's error is raised where its
    result is taken, so it names the request it belongs to; ``close`` cancels what has not
    started and waits for what has.
    """

    def __init__(self, calls: Iterable[Callable[[], T]], *, workers: int = 2, ahead: int = 4):
        self._calls = iter(calls)
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="read")
        self._pending: deque[Future[T]] = deque()
        self._ahead = max(1, ahead)
        self._fill()

    def _fill(self) -> None:
        while len(self._pending) < self._ahead:
            call = next(self._calls, None)
            if call is None:
                return
            self._pending.append(self._pool.submit(call))

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        if not self._pending:
            raise StopIteration
        future = self._pending.popleft()
        self._fill()
        return future.result()

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)


def records_table(body: bytes, key: str, fields: Mapping[str, pa.DataType]) -> pa.Table | None:
    """The list ``key`` of a JSON object, as :func:`text_table` would make it, parsed by
    Arrow: no Python object per value, and the parse does not hold the GIL, so a reading
    thread does not stall the thread landing the last answer.

    ``fields`` gives each field's JSON type: string, or boolean (written ``true`` /
    ``false`` as text). Anything but exactly that shape (another type in a field, a
    duplicated key, a missing or null list, a null record, text after the object, invalid
    JSON or UTF-8) gives None: the caller then parses the body as JSON, with its checks
    and its errors, so the two ways never disagree on what was received.
    """
    if not body or len(body) >= 2**31 - 1:
        return None
    schema = pa.schema([(key, pa.list_(pa.struct(list(fields.items()))))])
    try:
        parsed = pa_json.read_json(
            pa.BufferReader(body),
            read_options=pa_json.ReadOptions(use_threads=False, block_size=len(body) + 1),
            parse_options=pa_json.ParseOptions(explicit_schema=schema),
        )
        if parsed.num_rows != 1 or parsed.column(key).null_count:
            return None
        records = parsed.column(key).combine_chunks().flatten()
        if records.null_count:
            return None
        table = pa.table(
            {name: records.field(name).cast(pa.string()) for name in fields},
            schema=pa.schema([(name, pa.string()) for name in fields]),
        )
        table.validate(full=True)  # UTF-8, as json.loads insists on
    except (pa.ArrowException, ValueError):
        return None
    return table


def with_text_column(table: pa.Table, name: str, value: Any) -> pa.Table:
    """``table`` with a column giving ``value`` (as text) on every row."""
    return table.append_column(
        pa.field(name, pa.string()), pa.array([_as_text(value)] * table.num_rows, pa.string())
    )


def text_table(
    records: list[dict[str, Any]], columns: list[str], extra: Mapping[str, Any] | None = None
) -> pa.Table:
    """API records as an Arrow table of strings, exactly as received (``columns`` only).

    Values that are not strings are written as JSON would spell them (``true``, ``12``,
    nested objects as JSON text); keys missing from a record are nulls; ``extra`` gives
    a value for every row (which request or page the records came from).
    """
    extra = dict(extra or {})
    data = {}
    for c in columns:
        if c in extra:
            data[c] = [_as_text(extra[c])] * len(records)
        else:
            # Most values arrive as strings already; only convert the rest (hot loop).
            data[c] = [
                v if (v := r.get(c)) is None or type(v) is str else _as_text(v) for r in records
            ]
    return pa.Table.from_pydict(data, schema=pa.schema([(c, pa.string()) for c in columns]))


class ChunkSpool:
    """Append each API page to one Parquet file as it arrives.

    A list read page by page (a PIS register, DHIS2's org units) would otherwise be held
    as Python dicts until the last page. Each page is written as a row group of strings
    (exactly as received) and its dicts are dropped.
    """

    def __init__(self, path: Any, columns: list[str]) -> None:
        self.path = path
        self.columns = columns
        self.schema = pa.schema([(c, pa.string()) for c in columns])
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0

    def append(self, records: list[dict[str, Any]], extra: Mapping[str, Any] | None = None) -> None:
        table = text_table(records, self.columns, extra)
        if self._writer is None:
            self._writer = pq.ParquetWriter(str(self.path), self.schema)
        if table.num_rows:
            self._writer.write_table(table)
            self.rows += table.num_rows

    def read(self) -> pl.DataFrame:
        """Everything spooled, in arrival order, as strings."""
        self.close()
        if self._writer is None:
            return pl.DataFrame(schema={c: pl.String for c in self.columns})
        return pl.read_parquet(self.path)

    def close(self) -> None:
        if self._writer is not None and self._writer.is_open:
            self._writer.close()


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
