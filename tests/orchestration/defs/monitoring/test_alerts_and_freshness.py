import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dagster as dg

from orchestration.definitions import defs
from orchestration.lib import alerts


def test_a_failed_run_is_always_written_to_the_alert_log(warehouse):
    delivered = alerts.send({"job": "cqmis_load", "run_id": "r1", "error": "database down"})
    lines = alerts.alert_log_path().read_text().splitlines()
    assert json.loads(lines[-1])["error"] == "database down"
    assert delivered == [str(alerts.alert_log_path())]


def test_a_configured_webhook_receives_the_alert(warehouse, monkeypatch):
    received = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("BGW_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook")
    try:
        delivered = alerts.send({"job": "hmis_load", "run_id": "r2", "error": "401"})
    finally:
        server.shutdown()
    assert "webhook" in delivered
    assert received[0]["job"] == "hmis_load" and "failed" in received[0]["text"]


def test_an_unreachable_webhook_is_noted_without_hiding_the_alert(warehouse, monkeypatch):
    monkeypatch.setenv("BGW_ALERT_WEBHOOK_URL", "http://127.0.0.1:9/nothing-listens-here")
    delivered = alerts.send({"job": "x", "run_id": "r3", "error": "boom"})
    log = alerts.alert_log_path().read_text()
    assert "webhook" not in delivered
    assert '"error": "boom"' in log and "alert_delivery_failed" in log


def test_every_dated_source_has_freshness_checks_on_its_landing_assets():
    checked = {
        spec.asset_key
        for checks_def in defs.asset_checks or []
        for spec in checks_def.check_specs
        if "freshness" in spec.name
    }
    assert dg.AssetKey(["cqmis", "complaints"]) in checked
    assert dg.AssetKey(["cqmis", "status_history"]) in checked


def test_the_failure_alert_and_freshness_sensors_run_by_default():
    sensors = {s.name: s for s in defs.sensors}
    assert sensors["run_failure_alerts"].default_status == dg.DefaultSensorStatus.RUNNING
    assert sensors["source_freshness"].default_status == dg.DefaultSensorStatus.RUNNING
