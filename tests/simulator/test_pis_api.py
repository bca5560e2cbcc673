from __future__ import annotations

import httpx
import pytest

from simulator import pis, pis_api


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("pis_api")
    (out / "pis").mkdir()
    pis.generate(out / "pis" / pis.DB_FILE, scale=0.01, seed=2)
    s = pis_api.start(out, rate_limit=1000)
    yield s
    s.stop()


def _token(server) -> str:
    answer = httpx.post(
        f"{server.url}/api/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "bgw-warehouse",
            "client_secret": "bgw-demo-secret",
        },
    )
    assert answer.status_code == 200 and answer.json()["token_type"] == "Bearer"
    return answer.json()["access_token"]


@pytest.fixture
def client(server):
    server.api.faults.clear()
    server.api.rate_limit, server.api.token_requests = 1000, 500
    with httpx.Client(
        base_url=server.url, timeout=10, headers={"Authorization": f"Bearer {_token(server)}"}
    ) as c:
        yield c


def test_lists_page_with_next_links_until_next_is_null(client):
    first = client.get("/api/v1/schemes", params={"fiscal_year": "2024-25", "per_page": 20})
    body = first.json()
    assert body["meta"]["page"] == 1 and body["links"]["prev"] is None
    seen, url = [], body["links"]["self"]
    while url:
        page = client.get(url).json()
        seen += page["data"]
        url = page["links"]["next"]
    assert len(seen) == body["meta"]["total"] > 20


def test_from_fy_2025_26_the_api_calls_estimated_cost_cost_estimate(client):
    old = client.get("/api/v1/schemes", params={"fiscal_year": "2024-25"}).json()["data"][0]
    new = client.get("/api/v1/schemes", params={"fiscal_year": "2025-26"}).json()["data"][0]
    assert "estimated_cost" in old and "cost_estimate" not in old
    assert "cost_estimate" in new and "estimated_cost" not in new


def test_quarterly_returns_are_listed_by_quarter_and_by_scheme(client):
    listing = client.get("/api/v1/progress", params={"quarter": "2024-25-Q2"}).json()["data"]
    scheme = listing[0]["scheme_id"]
    one = client.get(f"/api/v1/schemes/{scheme}/progress", params={"quarter": "2024-25-Q2"})
    assert listing[0] in one.json()["data"]


def test_wrong_client_credentials_get_401_invalid_client(server):
    answer = httpx.post(
        f"{server.url}/api/v1/auth/token",
        data={"client_id": "bgw-warehouse", "client_secret": "nope"},
    )
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"


def test_tokens_expire_after_their_requests_with_a_json_401(server, client):
    server.api.token_requests = 1
    token = _token(server)
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{server.url}/api/v1/fiscal-years", headers=headers).status_code == 200
    expired = httpx.get(f"{server.url}/api/v1/fiscal-years", headers=headers)
    assert expired.status_code == 401 and expired.json()["error"] == "token_expired"


def test_too_many_requests_a_second_get_429_with_retry_after(server, client):
    server.api.rate_limit = 3
    statuses = [client.get("/api/v1/fiscal-years") for _ in range(6)]
    limited = [a for a in statuses if a.status_code == 429]
    assert limited and limited[0].headers["Retry-After"] == "1"


def test_health_needs_no_token_and_says_the_data_is_synthetic(server):
    assert httpx.get(f"{server.url}/api/v1/health").json() == {"status": "ok", "synthetic": True}
    assert httpx.get(f"{server.url}/api/v1/schemes?fiscal_year=2024-25").status_code == 401
