"""The dashboard as its operator starts it (``python -m dashboard serve``), for the tests that
talk to it over HTTP or through a browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_dashboard(db: Path, log: Path, *extra: str, env: dict[str, str] | None = None,
                    probe: str = "/", tries: int = 240) -> tuple[str, subprocess.Popen]:
    """Start the dashboard on a free port and wait until ``probe`` answers; its output goes to
    ``log`` (a file, not a pipe: a full pipe would stall the server). Returns (base URL, process)."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "serve", "--db", str(db), "--port", str(port), *extra],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(tries):
        try:
            requests.get(base + probe, timeout=1)
            return base, process
        except requests.ConnectionError:
            time.sleep(0.25)
    process.kill()
    raise RuntimeError(f"the dashboard did not start:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)
