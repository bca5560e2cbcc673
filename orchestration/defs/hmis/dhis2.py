"""Read the Health Department's HMIS through the DHIS2 Web API.

Nothing here is specific to the simulator: the same requests work against any DHIS2
(2.30 or later) given a base URL and a user whose role may read the data set.

- Metadata (org units, data sets, data elements, category option combos) is read once per
  run. Org units are paged with DHIS2's ``pager`` (``paging=true&page=N&pageSize=M``), by
  page number rather than the ``nextPage`` link, because behind a reverse proxy DHIS2 often
  writes its internal host name into that link.
- Data is read one month at a time and, within the month, one chunk per org unit at the
  chunk level (a district by default) with ``children=true``, so no answer grows with the
  size of the province and a failing chunk is retried on its own. A few chunks are asked
  for at once (``BGW_HMIS_CONCURRENT_REQUESTS``), the next ones while the last is landed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pyarrow as pa

from orchestration.lib import settings
from orchestration.lib.http_source import (
    ApiTokenAuth,
    HttpSource,
    MalformedResponseError,
    RetryPolicy,
    text_table,
)

SOURCE = "hmis"
ORG_UNIT_FIELDS = (
    "id,code,name,level,path,parent[id],openingDate,closedDate,"
    "organisationUnitGroups[id,code,name,groupSets[id,name]]"
)


@dataclass(frozen=True)
class Dhis2Settings:
    base_url: str
    username: str
    password: str
    token: str
    timeout: float
    retry: RetryPolicy
    data_sets: tuple[str, ...]  # ids to read; empty = every data set with periodType Monthly
    district_level: int
    facility_level: int
    chunk_level: int
    page_size: int
    facility_type_group_set: str
    due_day: int
    concurrent_requests: int = 2

    @classmethod
    def from_env(cls) -> Dhis2Settings:
        def get(name: str, default: str) -> str:
            return settings.source_setting(SOURCE, name, default)

        return cls(
            base_url=get("base_url", "http://127.0.0.1:8081"),
            username=get("username", "admin"),
            password=get("password", "district"),
            token=get("token", ""),
            timeout=float(get("timeout_seconds", "120")),
            retry=RetryPolicy(
                max_attempts=int(get("max_attempts", "6")),
                backoff_seconds=float(get("backoff_seconds", "1")),
            ),
            data_sets=tuple(s for s in get("data_sets", "").split(",") if s.strip()),
            district_level=int(get("district_level", "3")),
            facility_level=int(get("facility_level", "5")),
            chunk_level=int(get("chunk_level", "3")),
            page_size=int(get("page_size", "500")),
            facility_type_group_set=get("facility_type_group_set", "Facility Type"),
            due_day=int(get("due_day", "10")),
            concurrent_requests=int(get("concurrent_requests", "2")),
        )


class Dhis2:
    """The DHIS2 Web API calls the HMIS load needs."""

    def __init__(self, cfg: Dhis2Settings, log: Callable[[str], None] = lambda m: None) -> None:
        self.cfg = cfg
        auth: httpx.Auth = (
            ApiTokenAuth(cfg.token) if cfg.token else httpx.BasicAuth(cfg.username, cfg.password)
        )
        self.http = HttpSource(
            SOURCE,
            cfg.base_url,
            auth=auth,
            timeout=cfg.timeout,
            retry=cfg.retry,
            auth_hint=(
                "check BGW_HMIS_USERNAME / BGW_HMIS_PASSWORD (or BGW_HMIS_TOKEN) and that the "
                "user's role may read the HMIS data set"
            ),
            log=log,
        )

    def close(self) -> None:
        self.http.close()

    def org_units(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Every org unit the user can see, with the page it came on."""
        page, page_count = 1, 1
        while page <= page_count:
            body = self._object(
                "/api/organisationUnits",
                {
                    "paging": "true",
                    "page": page,
                    "pageSize": self.cfg.page_size,
                    "fields": ORG_UNIT_FIELDS,
                },
                f"page {page} of {page_count if page > 1 else '?'}",
            )
            pager = body.get("pager") or {}
            page_count = int(pager.get("pageCount") or 1)
            for record in self._list(
                body, "organisationUnits", "/api/organisationUnits", f"page {page}"
            ):
                yield page, record
            page += 1

    def metadata(self, collection: str, fields: str) -> list[dict[str, Any]]:
        body = self._object(f"/api/{collection}", {"paging": "false", "fields": fields}, None)
        return self._list(body, collection, f"/api/{collection}", None)

    def data_values(
        self,
        data_sets: list[str],
        period: str,
        org_unit: str,
        label: str,
        fields: Mapping[str, pa.DataType],
    ) -> pa.Table:
        """The chunk's data values as text, one column per field (``fields``: JSON types)."""
        params = _chunk_params(data_sets, period, org_unit)
        return self._records("/api/dataValueSets", params, "dataValues", fields, label)

    def registrations(
        self,
        data_sets: list[str],
        period: str,
        org_unit: str,
        label: str,
        fields: Mapping[str, pa.DataType],
    ) -> pa.Table:
        params = _chunk_params(data_sets, period, org_unit)
        path = "/api/completeDataSetRegistrations"
        return self._records(path, params, "completeDataSetRegistrations", fields, label)

    def _records(
        self,
        path: str,
        params: dict[str, Any],
        key: str,
        fields: Mapping[str, pa.DataType],
        page: str,
    ) -> pa.Table:
        answer = self.http.get_records(path, params, key=key, fields=fields, page=page)
        if isinstance(answer, pa.Table):
            return answer
        body = self._checked(answer, path, params, page)
        # DHIS2 leaves the list out when nothing was reported.
        return text_table(self._list(body, key, path, page, optional=True), list(fields))

    def _object(self, path: str, params: dict[str, Any], page: str | None) -> dict[str, Any]:
        return self._checked(self.http.get_json(path, params, page=page), path, params, page)

    def _checked(
        self, body: Any, path: str, params: dict[str, Any], page: str | None
    ) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise MalformedResponseError(
                f"{SOURCE}: GET {self.http.endpoint(path, params)}"
                f"{f' ({page})' if page else ''}: expected a JSON object, got "
                f"{type(body).__name__}",
                source=SOURCE,
                endpoint=self.http.endpoint(path, params),
            )
        return body

    def _list(
        self, body: dict[str, Any], key: str, path: str, page: str | None, optional: bool = False
    ) -> list[dict[str, Any]]:
        items = body.get(key)
        if items is None and optional:
            return []
        if not isinstance(items, list):
            raise MalformedResponseError(
                f"{SOURCE}: GET {self.cfg.base_url}{path}{f' ({page})' if page else ''}: the "
                f"answer has no list '{key}' (keys: {sorted(body)[:8]}); is BGW_HMIS_BASE_URL "
                "the DHIS2 root (the address before /api)?",
                source=SOURCE,
                endpoint=f"{self.cfg.base_url}{path}",
            )
        return items


def _chunk_params(data_sets: list[str], period: str, org_unit: str) -> dict[str, Any]:
    """One chunk of a month: its data sets, for every facility below ``org_unit``."""
    return {"dataSet": data_sets, "period": period, "orgUnit": org_unit, "children": "true"}
