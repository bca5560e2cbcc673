from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pyarrow as pa
import pytest

from orchestration.lib.http_source import (
    ChunkSpool,
    HttpSource,
    MalformedResponseError,
    Prefetch,
    RetryPolicy,
    SourceAuthError,
    SourceRequestError,
    SourceUnavailableError,
    records_table,
    text_table,
)
from simulator.http_server import Api, ApiServer, HttpError, Reply, json_reply


class Echo(Api):
    name = "echo"

    def __init__(self) -> None:
        super().__init__()
        self.route(
            "GET", r"/items", lambda r: json_reply({"items": [1, 2, 3], "page": r.arg("page")})
        )
        self.route("GET", r"/secret", self._secret)
        self.route("GET", r"/html", lambda r: Reply(200, b"<html>login</html>", "text/html"))
        self.route("GET", r"/missing", lambda r: json_reply({"message": "no such id"}, 404))
        self.token = "good"

    def _secret(self, request):
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            raise HttpError(401, {"error": "token_expired", "message": "The token expired"})
        return json_reply({"ok": True})


@pytest.fixture(scope="module")
def server():
    with ApiServer(Echo()) as s:
        yield s


@pytest.fixture
def api(server):
    server.api.faults.clear()
    yield server.api
    server.api.faults.clear()


def source(server, *, waits=None, **kwargs) -> HttpSource:
    waits = [] if waits is None else waits
    defaults = {
        "retry": RetryPolicy(max_attempts=4, backoff_seconds=0.5),
        "timeout": 2.0,
        "sleep": waits.append,
        "auth_hint": "check BGW_TEST_TOKEN",
    }
    return HttpSource("testsrc", server.url, **{**defaults, **kwargs})


def test_a_500_is_retried_with_exponential_backoff_until_it_succeeds(server, api):
    api.faults.fail(500, times=2)
    waits: list[float] = []
    with source(server, waits=waits) as http:
        assert http.get_json("/items")["items"] == [1, 2, 3]
    assert waits == [0.5, 1.0]
    assert http.stats.retries == 2 and http.stats.requests == 3


def test_still_failing_after_every_attempt_is_an_error_naming_source_and_endpoint(server, api):
    api.faults.fail(503, times=10)
    with source(server) as http, pytest.raises(SourceUnavailableError) as err:
        http.get_json("/items", {"page": 2}, page="page 2")
    message = str(err.value)
    assert "testsrc" in message and f"{server.url}/items?page=2" in message
    assert "(page 2)" in message and "HTTP 503" in message and "after 4 attempts" in message


def test_401_is_not_retried_and_says_which_settings_to_check(server, api):
    api.faults.fail(401, times=5, payload={"message": "Unauthorized"})
    waits: list[float] = []
    with source(server, waits=waits) as http, pytest.raises(SourceAuthError) as err:
        http.get_json("/items")
    assert waits == [] and http.stats.requests == 1
    assert "HTTP 401" in str(err.value) and "check BGW_TEST_TOKEN" in str(err.value)
    assert f"{server.url}/items" in str(err.value) and err.value.status == 401


def test_403_is_not_retried(server, api):
    api.faults.fail(403, times=5, payload={"message": "Access denied for data set"})
    with source(server) as http, pytest.raises(SourceAuthError, match="403.*Access denied"):
        http.get_json("/items")
    assert http.stats.requests == 1


def test_a_401_with_a_reauthenticate_hook_gets_a_new_token_and_repeats_once(server, api):
    bearer = {"token": "stale"}

    class Auth(httpx.Auth):
        def auth_flow(self, request):
            request.headers["Authorization"] = f"Bearer {bearer['token']}"
            yield request

    def renew() -> None:
        bearer["token"] = "good"

    with source(server, auth=Auth(), reauthenticate=renew) as http:
        assert http.get_json("/secret") == {"ok": True}
    assert http.stats.reauthenticated == 1

    def useless() -> None:
        bearer["token"] = "still-stale"

    bearer["token"] = "stale"

    with (
        source(server, auth=Auth(), reauthenticate=useless) as http,
        pytest.raises(SourceAuthError, match="token expired"),
    ):
        http.get_json("/secret")


def test_429_waits_as_long_as_retry_after_asks_without_using_up_attempts(server, api):
    api.faults.fail(429, times=5, retry_after=7)
    waits: list[float] = []
    with source(server, waits=waits) as http:
        assert http.get_json("/items")["items"] == [1, 2, 3]
    assert waits == [7.0] * 5  # five 429s, more than max_attempts, still fine
    assert http.stats.rate_limited == 5 and http.stats.retries == 0


def test_retry_after_may_be_an_http_date(server, api):
    when = datetime.now(UTC) + timedelta(seconds=30)
    api.faults.fail(429, times=1, retry_after=format_datetime(when, usegmt=True))
    waits: list[float] = []
    with source(server, waits=waits) as http:
        http.get_json("/items")
    assert 25 <= waits[0] <= 31


def test_a_retry_after_beyond_the_ceiling_is_an_error(server, api):
    api.faults.fail(429, times=1, retry_after=3600)
    with source(server) as http, pytest.raises(SourceUnavailableError, match="wait 3600 s"):
        http.get_json("/items")


def test_a_timeout_is_retried(server, api):
    api.faults.slow(1.5, times=1)
    with source(server, timeout=0.5) as http:
        assert http.get_json("/items")["items"] == [1, 2, 3]
    assert http.stats.retries == 1


def test_a_server_that_is_not_there_yet_is_retried_then_reported(server):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    waits: list[float] = []
    http = HttpSource(
        "testsrc",
        f"http://127.0.0.1:{port}",
        sleep=waits.append,
        retry=RetryPolicy(max_attempts=3, backoff_seconds=1),
    )
    with http, pytest.raises(SourceUnavailableError, match="cannot connect"):
        http.get_json("/items")
    assert waits == [1, 2]


def test_a_truncated_body_is_an_error_naming_endpoint_and_page(server, api):
    api.faults.malformed(times=1)
    with source(server) as http, pytest.raises(MalformedResponseError) as err:
        http.get_json("/items", {"page": 3}, page="page 3 of 9")
    message = str(err.value)
    assert f"{server.url}/items?page=3" in message and "(page 3 of 9)" in message
    assert "not valid JSON" in message


def test_an_html_login_page_is_not_mistaken_for_data(server, api):
    with source(server) as http, pytest.raises(MalformedResponseError, match="text/html"):
        http.get_json("/html")


def test_another_4xx_is_a_request_error_with_the_servers_message(server, api):
    with source(server) as http, pytest.raises(SourceRequestError, match="404.*no such id"):
        http.get_json("/missing")


def test_credentials_in_the_base_url_never_appear_in_endpoints():
    http = HttpSource("testsrc", "https://user:secret@dhis2.example.org/hmis")
    assert http.endpoint("/api/me") == "https://dhis2.example.org/hmis/api/me"
    http.close()


def test_the_chunk_spool_keeps_every_row_as_text_in_arrival_order(tmp_path):
    spool = ChunkSpool(tmp_path / "s.parquet", ["a", "b", "chunk"])
    spool.append([{"a": 1, "b": True}, {"a": None, "b": {"x": 1}}], {"chunk": "c1"})
    spool.append([], {"chunk": "c2"})
    spool.append([{"a": "3", "extra": "ignored"}], {"chunk": "c3"})
    frame = spool.read()
    assert frame.rows() == [("1", "true", "c1"), (None, '{"x": 1}', "c1"), ("3", None, "c3")]
    assert ChunkSpool(tmp_path / "empty.parquet", ["a"]).read().columns == ["a"]


def test_a_documented_rate_limit_is_kept_by_waiting_before_sending_not_after_a_429(server, api):
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    sent: list[float] = []
    with source(server, sleep=sleep, max_requests_per_second=3, clock=lambda: now[0]) as http:
        for _ in range(7):
            http.get_json("/items")
            sent.append(now[0])
            now[0] += 0.1
    # No one-second window holds more than three requests, so the server never says 429.
    assert all(sent[i + 3] - sent[i] >= 1.0 for i in range(len(sent) - 3))
    assert len(waits) == 2 and http.stats.paced_seconds == pytest.approx(sum(waits))
    assert http.stats.rate_limited == 0 and http.stats.waited_seconds == 0


def test_prefetch_hands_back_results_in_call_order_with_errors_where_they_belong():
    started = []
    lock = threading.Lock()

    def call(i: int):
        def run() -> int:
            with lock:
                started.append(i)
            if i == 3:
                raise ValueError("request 3 failed")
            return i * 10

        return run

    reads = Prefetch((call(i) for i in range(6)), workers=2, ahead=2)
    assert [next(reads), next(reads), next(reads)] == [0, 10, 20]
    with pytest.raises(ValueError, match="request 3"):
        next(reads)
    reads.close()
    assert len(started) <= 6  # bounded look-ahead: not every call had to start
    assert list(Prefetch(iter([]))) == []


FIELDS = {"id": pa.string(), "value": pa.string(), "followup": pa.bool_()}


def test_records_parsed_by_arrow_are_the_text_json_loads_would_give():
    body = (
        '{"pager":{"page":1},"values":[{"id":"a1","value":"12","followup":false},'
        '{"id":"b\\u00e9","followup":true,"extra":"2024-01-01"},{"value":"\u0628\u0644"}]}'
    ).encode()
    table = records_table(body, "values", FIELDS)
    assert table is not None
    assert table.equals(text_table(json.loads(body)["values"], list(FIELDS)))
    assert table.to_pylist()[1] == {"id": "b\u00e9", "value": None, "followup": "true"}


@pytest.mark.parametrize(
    "body",
    [
        b'{"values":[{"id":"a","value":12}]}',  # a number where text is expected
        b'{"values":[{"id":"a","followup":"no"}]}',  # text where a boolean is expected
        b'{"values":[{"id":"a","id":"b"}]}',  # a key twice: json.loads keeps the last
        b'{"values":[{"id":"a"}]} trailing',
        b'{"values":[{"id":"a"}]}\n{"values":[]}',
        b'{"values":[null]}',
        b'{"other":[]}',
        b'[{"id":"a"}]',
        b'{"values":[{"id":"a"}',
        b"",
    ],
)
def test_anything_but_the_plain_shape_is_left_to_json_loads_and_its_checks(body):
    assert records_table(body, "values", FIELDS) is None


def test_get_records_gives_the_parsed_answer_when_it_is_not_the_plain_shape(server, api):
    with source(server) as http:
        answer = http.get_records("/items", None, key="items", fields={"x": pa.string()})
    assert answer == {"items": [1, 2, 3], "page": None}
