"""HTTP for every source: a sliding-window rate limiter, timeouts, retries with backoff.

Clocks and sleeping are injectable so the limiter and the retries are tested without waiting.
"""

from __future__ import annotations

import email.utils
import logging
import math
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import orjson
import requests

from ingest import __version__
from ingest.errors import ResponseFormatError, SourceError, SourceHTTPError

log = logging.getLogger(__name__)

USER_AGENT = f"s3-uppfoljning/{__version__} (+regional S3 follow-up; python-requests)"
RETRY_STATUSES = frozenset({429, 502, 503, 504})


class SlidingWindowLimiter:
    """At most ``max_calls`` calls in any ``window`` seconds."""

    def __init__(
        self,
        max_calls: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if max_calls < 1 or window <= 0:
            raise ValueError("a rate limit needs at least one call per positive time window")
        self.max_calls = max_calls
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self.calls: deque[float] = deque()

    def acquire(self) -> float:
        """Wait until a call is allowed, record it, and return how long it waited."""
        waited = 0.0
        while True:
            now = self.clock()
            while self.calls and self.calls[0] <= now - self.window:
                self.calls.popleft()
            if len(self.calls) < self.max_calls:
                self.calls.append(now)
                return waited
            pause = self.calls[0] + self.window - now
            self.sleep(pause)
            waited += pause


def retry_after_seconds(value: str | None, now: Callable[[], datetime] | None = None) -> float | None:
    """Parse a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = now() if now else datetime.now(timezone.utc)
    return max((when - current).total_seconds(), 0.0)


def problem_of(response: requests.Response) -> tuple[str | None, str | None]:
    """The ``title`` and ``detail`` of a problem-details body (PxWebApi 2.0 sends them)."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return (text[:200] or None), None
    if isinstance(body, dict):
        title = body.get("title") or body.get("message") or body.get("error")
        detail = body.get("detail")
        return (str(title) if title else None), (str(detail) if detail else None)
    return None, None


class HttpClient:
    """A ``requests`` session with a limiter, a timeout on every call and bounded retries."""

    def __init__(
        self,
        *,
        timeout: float = 60.0,
        max_attempts: int = 5,
        backoff_base: float = 1.0,
        backoff_max: float = 60.0,
        limiter: SlidingWindowLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ):
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.limiter = limiter
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.backoff_max)
        return min(self.backoff_base * 2 ** (attempt - 1), self.backoff_max)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send a request; retry 429/502/503/504, timeouts and dropped connections.

        Raises ``SourceHTTPError`` (with the server's problem title) for an error status and
        ``SourceError`` when the server could not be reached after every attempt.
        """
        kwargs.setdefault("timeout", self.timeout)
        last_problem = ""
        for attempt in range(1, self.max_attempts + 1):
            if self.limiter:
                self.limiter.acquire()
            try:
                response = self.session.request(method, url, **kwargs)
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.exceptions.ChunkedEncodingError,
            ) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                if attempt == self.max_attempts:
                    break
                pause = self._backoff(attempt, None)
                log.warning("%s %s failed (%s); retry %d in %.1f s", method, url, last_problem, attempt, pause)
                self.sleep(pause)
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.max_attempts:
                pause = self._backoff(attempt, retry_after_seconds(response.headers.get("Retry-After")))
                log.warning(
                    "%s %s answered %d; retry %d in %.1f s", method, url, response.status_code, attempt, pause
                )
                self.sleep(pause)
                continue
            if response.status_code >= 400:
                title, detail = problem_of(response)
                raise SourceHTTPError(response.status_code, response.url or url, title, detail)
            return response
        raise SourceError(f"{method} {url} failed after {self.max_attempts} attempts: {last_problem}")

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)


def rate_limited_client(
    requests_per_second: float,
    *,
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> HttpClient:
    """A client kept to ``requests_per_second`` (as a window of whole calls per second)."""
    calls = max(1, math.floor(requests_per_second))
    limiter = SlidingWindowLimiter(calls, calls / requests_per_second, clock=clock, sleep=sleep)
    return HttpClient(timeout=timeout, limiter=limiter, sleep=sleep)


def parse_json(response: requests.Response) -> Any:
    """The response body as JSON; a truncated or malformed body is a ``ResponseFormatError``."""
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError as exc:
        raise ResponseFormatError(
            f"the response from {response.url} is not valid JSON ({len(response.content):,} bytes; "
            f"truncated or malformed: {exc})"
        ) from exc
