"""Tell people a run failed: always a log file, and a webhook or e-mail when configured.

Settings: ``BGW_ALERT_WEBHOOK_URL`` (JSON POST, e.g. a Teams or Slack incoming webhook),
``BGW_ALERT_SMTP_HOST`` [``BGW_ALERT_SMTP_PORT``] with ``BGW_ALERT_EMAIL_TO`` and
``BGW_ALERT_EMAIL_FROM``. Delivery problems are logged, never raised: an alert that cannot be
sent must not hide the failure it reports.
"""

from __future__ import annotations

import json
import os
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import httpx

from orchestration.lib import settings


def alert_log_path() -> Path:
    return settings.warehouse_dir() / "alerts" / "run_failures.jsonl"


def send(alert: dict[str, str]) -> list[str]:
    """Deliver ``alert`` to every configured sink; returns where it went."""
    record = {"at": datetime.now(UTC).isoformat(timespec="seconds"), **alert}
    path = alert_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    delivered = [str(path)]

    webhook = os.environ.get("BGW_ALERT_WEBHOOK_URL")
    if webhook:
        try:
            httpx.post(
                webhook, json={"text": _text(record), **record}, timeout=10
            ).raise_for_status()
            delivered.append("webhook")
        except httpx.HTTPError as exc:
            _note_failure(path, f"webhook: {exc}")

    smtp_host, to = os.environ.get("BGW_ALERT_SMTP_HOST"), os.environ.get("BGW_ALERT_EMAIL_TO")
    if smtp_host and to:
        message = EmailMessage()
        message["Subject"] = f"[warehouse] run failed: {record.get('job', '')}"
        message["From"] = os.environ.get("BGW_ALERT_EMAIL_FROM", "warehouse@localhost")
        message["To"] = to
        message.set_content(_text(record))
        try:
            port = int(os.environ.get("BGW_ALERT_SMTP_PORT", "25"))
            with smtplib.SMTP(smtp_host, port, timeout=10) as smtp:
                smtp.send_message(message)
            delivered.append("email")
        except (OSError, smtplib.SMTPException) as exc:
            _note_failure(path, f"email: {exc}")
    return delivered


def _text(record: dict[str, str]) -> str:
    return (
        f"Run {record.get('run_id', '')} of {record.get('job', '')} failed at {record['at']}: "
        f"{record.get('error', '')}"
    )


def _note_failure(path: Path, problem: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"alert_delivery_failed": problem}) + "\n")
