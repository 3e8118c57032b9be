"""Telling people: e-mail (SMTP) and a webhook (a JSON POST Teams- and Slack-style receivers accept)."""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
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


def message(run_id: str, failures: list[tuple[str, str]], overdue: list[tuple[str, str | None]], host: str,
            problems: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """A run that went through with failed or overdue datasets, or a problem of its own
    (``problems``: the recompute failed)."""
    lines = [f"S3 follow-up ingest {run_id} on {host}:"]
    if failures:
        lines.append(f"{len(failures)} dataset(s) failed; their stored data are unchanged:")
        lines += [f"- {name}: {reason}" for name, reason in failures]
    if overdue:
        lines.append(f"{len(overdue)} dataset(s) not updated for longer than their cadence allows:")
        lines += [f"- {name}: last successful fetch {when or 'never'}" for name, when in overdue]
    if problems:
        lines.append("The run itself:")
        lines += [f"- {problem}" for problem in problems]
    lines.append("Check with: python -m ingest health")
    subject = f"S3 ingest: {len(failures)} failed, {len(overdue)} overdue"
    return {
        "subject": subject + (f", {len(problems)} other problem(s)" if problems else ""),
        "text": "\n".join(lines),
        "run_id": run_id,
        "failures": [{"dataset": n, "reason": r} for n, r in failures],
        "overdue": [{"dataset": n, "last_success": w} for n, w in overdue],
        "problems": list(problems),
    }


# Why a run did not get as far as the datasets: a subject line each, for the receiver's inbox.
RUN_FAILURES = {
    "config": "the configuration has errors; nothing was fetched",
    "damaged": "the database is damaged; nothing was fetched",
    "access": "the database cannot be written; nothing was fetched",
    "locked": "the database was locked by another run; nothing was fetched",
    "failed": "the run stopped with an error",
    "crash": "the run crashed",
    "unit": "the nightly job failed",
}


def run_failure(kind: str, detail: str, host: str, *, command: str = "python -m ingest run --due") -> dict[str, Any]:
    """A run that failed as a whole (``kind``: one of ``RUN_FAILURES``), before or instead of its
    datasets: a broken indicators.yml, a damaged or unwritable database, a lock held too long, a
    crash, or (``unit``) the systemd unit itself, as its OnFailure= handler reports it."""
    lines = [f"S3 follow-up ingest on {host}: {RUN_FAILURES[kind]}.", f"Command: {command}", "", detail.strip(), ""]
    if kind not in ("crash", "failed", "unit"):
        lines.append("The stored data are unchanged.")
    lines.append("Check with: python -m ingest health")
    return {
        "subject": f"S3 ingest: {RUN_FAILURES[kind]}",
        "text": "\n".join(lines),
        "run_id": None,
        "failures": [],
        "overdue": [],
        "problems": [detail.strip()],
        "error": {"kind": kind, "message": detail.strip()},
    }


# A lock held for longer than this was held across the previous night's run too.
LOCK_HELD_TOO_LONG = timedelta(hours=20)


def lock_detail(said: str, holder: dict[str, Any], host: str, now: datetime | None = None) -> str:
    """What the nightly run that met the lock says (``said``: the lock's own message; ``holder``:
    the pid, command and start of the run holding it): whether that run seems to hang."""
    try:
        held = (now or datetime.now(timezone.utc)) - datetime.fromisoformat(str(holder.get("started")))
    except (TypeError, ValueError):
        held = None
    pid = holder.get("pid", "?")
    if held is not None and held >= LOCK_HELD_TOO_LONG:
        return (f"{said}\nThe lock has been held for {held.total_seconds() / 3600:.0f} hours, since "
                f"{holder.get('started')}: across more than one night, so the nightly runs have fetched nothing since "
                f"then (systemd does not count their exit status 75 as a failure). The {holder.get('command', 'run')} "
                f"holding it (pid {pid}) has probably hung: check it with `ps -p {pid}` on {host}, and "
                "stop it if it is stuck; the next run then takes the lock over.")
    return (f"{said}\nIf it has finished by the next night, that night's run catches up. If this message comes "
            f"again on the next night, the run holding the lock (pid {pid}) has probably hung.")


def unit_detail(unit: str, environ: Mapping[str, str], host: str) -> str:
    """How the systemd unit failed, from the MONITOR_* variables systemd gives its OnFailure= unit."""
    how = ", ".join(f"{name} {environ[key]}" for name, key in (
        ("result", "MONITOR_SERVICE_RESULT"), ("exit code", "MONITOR_EXIT_CODE"), ("exit status", "MONITOR_EXIT_STATUS"),
        ("invocation", "MONITOR_INVOCATION_ID")) if environ.get(key)) or "as systemd reports it"
    return (f"The systemd unit {unit} failed ({how}). A run killed, timed out or out of memory cannot report "
            f"itself: see its log with `journalctl -u {unit} -n 100` on {host}.")


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
