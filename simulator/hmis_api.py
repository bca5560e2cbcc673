"""A DHIS2-compatible Web API over the simulated HMIS (synthetic data; demo and tests only).

    python -m simulator.hmis_api --data DIR [--host 127.0.0.1] [--port 8081]

``DIR`` is the simulated-sources folder ``python -m simulator generate`` wrote (or its
``hmis`` sub-folder). Served in DHIS2's JSON formats, with DHIS2's ``pager`` paging, basic
auth (admin/district) or ``Authorization: ApiToken ...``:

    GET /api/system/ping                         "pong", no authentication
    GET /api/system/info, /api/me
    GET /api/organisationUnits?paging=true&page=N&pageSize=M&fields=id,name,level,path,...
    GET /api/organisationUnits/{id}
    GET /api/dataSets | dataElements | categoryOptionCombos | categoryCombos
        | organisationUnitGroups | organisationUnitLevels   (same paging and ``fields``)
    GET /api/dataValueSets?dataSet=..&period=202401|startDate=..&endDate=..&orgUnit=..
        &children=true
    GET /api/completeDataSetRegistrations?dataSet=..&period=..|startDate..&endDate..
        &orgUnit=..&children=true

Data values and registrations are computed per request (``simulator.hmis_values``).
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import sys
import threading
from datetime import date, datetime
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from simulator import hmis
from simulator.hmis_values import Report, World, dhis2_time
from simulator.http_server import (
    Api,
    ApiServer,
    HttpError,
    Reply,
    Request,
    json_reply,
    serve_forever,
)

COLLECTIONS = (
    "organisationUnits",
    "dataSets",
    "dataElements",
    "categoryOptionCombos",
    "categoryCombos",
    "organisationUnitGroups",
    "organisationUnitLevels",
)
DEFAULT_PAGE_SIZE = 50
DHIS2_VERSION = "2.40.4"
# Months whose reports are kept computed: a load asks for a month's values and then its
# registrations, chunk by chunk, and may already be asking for the next month.
CACHED_MONTHS = 4


def _error(status: int, reason: str, message: str) -> HttpError:
    return HttpError(
        status,
        {"httpStatus": reason, "httpStatusCode": status, "status": "ERROR", "message": message},
    )


class Dhis2Api(Api):
    name = "hmis (simulated DHIS2)"

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        self._reports: dict[str, dict[str, Report | None]] = {}
        self._reports_lock = threading.Lock()
        self._quoted = _Quoted()
        self.route("GET", r"/api/system/ping", lambda r: Reply(200, b"pong", "text/plain"))
        self.route("GET", r"/api/system/info(\.json)?", self._authed(self._info))
        self.route("GET", r"/api/me(\.json)?", self._authed(self._me))
        self.route("GET", r"/api/dataValueSets(\.json)?", self._authed(self._data_values, True))
        self.route(
            "GET",
            r"/api/completeDataSetRegistrations(\.json)?",
            self._authed(self._registrations, True),
        )
        for collection in COLLECTIONS:
            self.route(
                "GET",
                rf"/api/(?P<collection>{collection})(\.json)?",
                self._authed(self._collection),
            )
            self.route(
                "GET",
                rf"/api/(?P<collection>{collection})/(?P<uid>\w+)(\.json)?",
                self._authed(self._one),
            )

    @classmethod
    def from_dir(cls, data_dir: Path) -> Dhis2Api:
        path = hmis.world_path(data_dir)
        if not path.exists():
            raise FileNotFoundError(
                f"no simulated HMIS in {data_dir}: run `python -m simulator generate --out "
                f"{data_dir} --sources hmis` first"
            )
        return cls(World(json.loads(path.read_text(encoding="utf-8"))))

    # --- authentication ----------------------------------------------------------------
    def _authed(self, handler, data: bool = False):
        def guarded(request: Request) -> Reply:
            user = self._user(request)
            if user is None:
                raise _error(401, "Unauthorized", "Unauthorized")
            if data and user not in self.world.raw["data_readers"]:
                raise _error(
                    403, "Forbidden", f"User `{user}` is not allowed to read data for data set"
                )
            return handler(request)

        return guarded

    def _user(self, request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        scheme, _, credentials = header.partition(" ")
        if scheme == "ApiToken":
            return self.world.raw["api_tokens"].get(credentials.strip())
        if scheme == "Basic":
            try:
                name, _, password = base64.b64decode(credentials).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return None
            return name if self.world.raw["users"].get(name) == password else None
        return None

    # --- metadata -------------------------------------------------------------------------
    def _info(self, request: Request) -> Reply:
        return json_reply(
            {
                "version": DHIS2_VERSION,
                "revision": "simulated",
                "systemName": "Balochistan HMIS (simulated, synthetic data)",
                "serverDate": dhis2_time(self.world.as_of),
                "calendar": "iso8601",
            }
        )

    def _me(self, request: Request) -> Reply:
        user = self._user(request)
        return json_reply(
            {
                "username": user,
                "name": user,
                "organisationUnits": [{"id": self.world.raw["organisationUnits"][0]["id"]}],
            }
        )

    def _objects(self, collection: str) -> list[dict]:
        if collection == "organisationUnits":
            return self.world.listed
        return self.world.raw[collection]

    def _collection(self, request: Request) -> Reply:
        collection = request.params["collection"]
        objects = self._objects(collection)
        spec = parse_fields(request.arg("fields") or "id,displayName")
        paging = (request.arg("paging") or "true").lower() != "false"
        if not paging:
            return json_reply({collection: [project(o, spec) for o in objects]})
        try:
            page = max(1, int(request.arg("page") or 1))
            size = max(1, int(request.arg("pageSize") or DEFAULT_PAGE_SIZE))
        except ValueError as exc:
            raise _error(400, "Bad Request", f"invalid paging parameter: {exc}") from exc
        total = len(objects)
        page_count = max(1, math.ceil(total / size))
        pager: dict[str, Any] = {
            "page": page,
            "total": total,
            "pageSize": size,
            "pageCount": page_count,
        }
        if page < page_count:
            query = {k: v for k, v in request.query.items() if k != "page"}
            query["page"] = [str(page + 1)]
            # Absolute, from the address the client used, as DHIS2 builds it.
            host = request.headers.get("Host", "127.0.0.1")
            pager["nextPage"] = f"http://{host}{request.path}?{urlencode(query, doseq=True)}"
        chunk = objects[(page - 1) * size : page * size]
        return json_reply({"pager": pager, collection: [project(o, spec) for o in chunk]})

    def _one(self, request: Request) -> Reply:
        collection, wanted = request.params["collection"], request.params["uid"]
        for o in self._objects(collection):
            if o["id"] == wanted:
                spec = parse_fields(request.arg("fields") or "*")
                return json_reply(project(o, spec))
        raise _error(404, "Not Found", f"{collection[:-1]} with id {wanted} could not be found.")

    # --- data -----------------------------------------------------------------------------
    def _scope(self, request: Request) -> tuple[list[str], list[dict]]:
        data_sets = request.args("dataSet")
        if not data_sets or not set(data_sets) & self.world.data_set_ids:
            raise _error(409, "Conflict", "At least one valid data set must be specified")
        periods = request.args("period")
        if not periods:
            start, end = request.arg("startDate"), request.arg("endDate")
            if not (start and end):
                raise _error(
                    409,
                    "Conflict",
                    "At least one valid period or start/end dates must be specified",
                )
            try:
                first, last = date.fromisoformat(start), date.fromisoformat(end)
            except ValueError as exc:
                raise _error(409, "Conflict", f"Invalid start or end date: {exc}") from exc
            periods = [p for p in self.world.periods if first <= _start(p) and _end(p) <= last]
        org_units = request.args("orgUnit")
        if not org_units:
            raise _error(409, "Conflict", "At least one valid organisation unit must be specified")
        children = (request.arg("children") or "false").lower() == "true"
        facilities: list[dict] = []
        seen = set()
        for ou in org_units:
            if ou not in self.world.units or hmis_hidden(self.world.units[ou]):
                raise _error(409, "Conflict", f"Organisation unit does not exist: `{ou}`")
            for f in self.world.facilities_under(ou, children):
                if f["id"] not in seen:
                    seen.add(f["id"])
                    facilities.append(f)
        return periods, facilities

    def _report(self, facility: dict, period: str) -> Report | None:
        """The facility's report, computed once: it follows from the world alone."""
        month = self._reports.get(period)
        if month is None:
            with self._reports_lock:
                month = self._reports.setdefault(period, {})
                while len(self._reports) > CACHED_MONTHS:
                    del self._reports[next(iter(self._reports))]
        try:
            return month[facility["id"]]
        except KeyError:
            report = month[facility["id"]] = self.world.report(facility, period)
            return report

    def _data_values(self, request: Request) -> Reply:
        periods, facilities = self._scope(request)
        rows: list[str] = []
        for period in periods:
            for facility in facilities:
                report = self._report(facility, period)
                if report is not None:
                    rows += value_rows(report, self._quoted)
        # The same bytes as json_reply({"dataValues": [...]}) without building a dict a
        # value first: a month of a province is tens of thousands of values.
        return Reply(200, ('{"dataValues":[' + ",".join(rows) + "]}").encode("utf-8"))

    def _registrations(self, request: Request) -> Reply:
        periods, facilities = self._scope(request)
        data_set = next(d for d in request.args("dataSet") if d in self.world.data_set_ids)
        out = []
        for period in periods:
            for facility in facilities:
                report = self._report(facility, period)
                if report is None or report.completed_at is None:
                    continue
                out.append(
                    {
                        "period": period,
                        "dataSet": data_set,
                        "organisationUnit": facility["id"],
                        "attributeOptionCombo": hmis.DEFAULT_COC,
                        "date": dhis2_time(report.completed_at),
                        "storedBy": report.stored_by,
                        "completed": True,
                    }
                )
        # DHIS2 leaves the key out entirely when nothing was registered.
        return json_reply({"completeDataSetRegistrations": out} if out else {})


class _Quoted(dict[str, str]):
    """Strings as JSON string literals, each encoded once: ids, codes and counts repeat
    (times do not, so they are not kept here)."""

    def __missing__(self, text: str) -> str:
        quoted = self[text] = encode_basestring(text)
        return quoted


def value_rows(report: Report, quoted: dict[str, str]) -> list[str]:
    """The report's data values as DHIS2's JSON objects, in the key order DHIS2 writes:
    the text ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))`` gives for
    ``{"dataElement": .., "period": .., "orgUnit": .., "categoryOptionCombo": ..,
    "attributeOptionCombo": .., "value": .., "storedBy": .., "created": ..,
    "lastUpdated": .., "followup": false}``."""
    q = quoted
    # A report's values share one or two times: format each once.
    times: dict[datetime, str] = {}
    for *_, created, updated in report.values:
        for t in (created, updated):
            if t not in times:
                times[t] = encode_basestring(dhis2_time(t))
    unit = f',"period":{q[report.period]},"orgUnit":{q[report.facility_id]},"categoryOptionCombo":'
    value = f',"attributeOptionCombo":{q[hmis.DEFAULT_COC]},"value":'
    stored = f',"storedBy":{q[report.stored_by]},"created":'
    return [
        f'{{"dataElement":{q[de]}{unit}{q[coc]}{value}{q[text]}{stored}{times[created]}'
        f',"lastUpdated":{times[updated]},"followup":false}}'
        for de, coc, text, created, updated in report.values
    ]


def hmis_hidden(unit: dict) -> bool:
    return bool(unit.get("_sim", {}).get("hidden"))


def _start(period: str) -> date:
    return date(int(period[:4]), int(period[4:]), 1)


def _end(period: str) -> date:
    y, m = int(period[:4]), int(period[4:])
    following = date(y + (m == 12), m % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# --- DHIS2's ``fields`` parameter ---------------------------------------------------------
def parse_fields(text: str) -> dict[str, dict | None]:
    """``id,name,parent[id],groups[id,name]`` -> {"id": None, ..., "parent": {"id": None}}."""
    spec, _ = _parse(text.replace(" ", ""), 0)
    return spec


def _parse(text: str, i: int) -> tuple[dict[str, dict | None], int]:
    spec: dict[str, dict | None] = {}
    name = ""
    while i < len(text):
        ch = text[i]
        if ch == ",":
            if name:
                spec[name] = None
            name = ""
        elif ch == "[":
            sub, i = _parse(text, i + 1)
            spec[name] = sub
            name = ""
        elif ch == "]":
            if name:
                spec[name] = None
            return spec, i
        else:
            name += ch
        i += 1
    if name:
        spec[name] = None
    return spec, i


def project(obj: Any, spec: dict[str, dict | None]) -> Any:
    if isinstance(obj, list):
        return [project(o, spec) for o in obj]
    if not isinstance(obj, dict):
        return obj
    keys = list(spec)
    if any(k in ("*", ":all", ":owner") for k in keys):
        keys = [k for k in obj if not k.startswith("_")] + [
            k for k in keys if k not in ("*", ":all", ":owner")
        ]
    out = {}
    for key in keys:
        source = "name" if key in ("displayName", "displayShortName") and key not in obj else key
        if source.startswith("_") or obj.get(source) is None:
            continue  # DHIS2 leaves out what is not set
        value = obj[source]
        sub = spec.get(key)
        out[key] = project(value, sub) if sub else value
    return out


def start(data_dir: Path, port: int = 0) -> ApiServer:
    """The simulated DHIS2 on a background thread (for tests): ``server.url``, ``.stop()``."""
    return ApiServer(Dhis2Api.from_dir(data_dir), port=port).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.hmis_api",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="the simulated-sources folder (or its hmis/ folder)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args(argv)
    try:
        api = Dhis2Api.from_dir(args.data)
    except FileNotFoundError as exc:
        parser.error(str(exc))
    serve_forever(api, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
