"""Telling people: e-mail (SMTP) and a webhook (a JSON POST Teams- and Slack-style receivers accept)."""

from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage
from typing import Any

import requests

from ingest.config import EmailNotification, Notifications, WebhookNotification

log = logging.getLogger(__name__)


def effective(notifications: Notifications) -> Notifications:
    """The configuration with S3_WEBHOOK_URL and S3_SMTP_HOST/PORT/FROM/TO from the environment on top."""
    webhook = notifications.webhook
    if os.environ.get("S3_WEBHOOK_URL"):
        webhook = WebhookNotification(url=os.environ["S3_WEBHOOK_URL"])
    email = notifications.email
    if os.environ.get("S3_SMTP_HOST") and os.environ.get("S3_SMTP_TO"):
        email = EmailNotification(
            smtp_host=os.environ["S3_SMTP_HOST"],
            smtp_port=int(os.environ.get("S3_SMTP_PORT", "25")),
            sender=os.environ.get("S3_SMTP_FROM", "s3-uppfoljning@localhost"),
            recipients=[r.strip() for r in os.environ["S3_SMTP_TO"].split(",")],
            starttls=os.environ.get("S3_SMTP_STARTTLS", "") == "1",
            username_env="S3_SMTP_USER" if os.environ.get("S3_SMTP_USER") else None,
            password_env="S3_SMTP_PASSWORD" if os.environ.get("S3_SMTP_PASSWORD") else None,
        )
    return Notifications(email=email, webhook=webhook)


def message(run_id: str, failures: list[tuple[str, str]], overdue: list[tuple[str, str | None]], host: str) -> dict[str, Any]:
    lines = [f"S3 follow-up ingest {run_id} on {host}:"]
    if failures:
        lines.append(f"{len(failures)} dataset(s) failed; their stored data are unchanged:")
        lines += [f"- {name}: {reason}" for name, reason in failures]
    if overdue:
        lines.append(f"{len(overdue)} dataset(s) not updated for longer than their cadence allows:")
        lines += [f"- {name}: last successful fetch {when or 'never'}" for name, when in overdue]
    lines.append("Check with: python -m ingest health")
    return {
        "subject": f"S3 ingest: {len(failures)} failed, {len(overdue)} overdue",
        "text": "\n".join(lines),
        "run_id": run_id,
        "failures": [{"dataset": n, "reason": r} for n, r in failures],
        "overdue": [{"dataset": n, "last_success": w} for n, w in overdue],
    }


def send(notifications: Notifications, note: dict[str, Any], timeout: float = 30.0) -> list[str]:
    """Send by every configured channel; returns what went wrong (never raises: a broken mail
    server must not hide the ingest's own outcome)."""
    problems = []
    if notifications.webhook:
        try:
            response = requests.post(notifications.webhook.url, json={"text": note["text"], **note}, timeout=timeout)
            response.raise_for_status()
        except requests.RequestException as exc:
            problems.append(f"webhook {notifications.webhook.url}: {exc}")
    if notifications.email:
        cfg = notifications.email
        mail = EmailMessage()
        mail["Subject"], mail["From"], mail["To"] = note["subject"], cfg.sender, ", ".join(cfg.recipients)
        mail.set_content(note["text"])
        try:
            with smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=timeout) as smtp:
                if cfg.starttls:
                    smtp.starttls()
                if cfg.username_env and cfg.password_env:
                    smtp.login(os.environ[cfg.username_env], os.environ[cfg.password_env])
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException, KeyError) as exc:
            problems.append(f"e-mail via {cfg.smtp_host}:{cfg.smtp_port}: {exc}")
    for problem in problems:
        log.error("could not notify: %s", problem)
    return problems
