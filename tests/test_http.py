import socket
import threading
import time

import pytest
from werkzeug import Response

from ingest.errors import SourceError, SourceHTTPError
from ingest.http import HttpClient, SlidingWindowLimiter, retry_after_seconds


def test_sliding_window_allows_max_calls_then_waits_for_the_oldest_to_expire(clock):
    limiter = SlidingWindowLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert limiter.acquire() == 0
        clock.now += 1
    # Calls at 1000, 1001, 1002; now 1003: the next is allowed at 1010.
    assert limiter.acquire() == pytest.approx(7.0)
    assert clock.now == pytest.approx(1010.0)
    clock.now += 20
    assert limiter.acquire() == 0


def test_sliding_window_never_exceeds_its_rate_over_many_calls(clock):
    limiter = SlidingWindowLimiter(30, 10.0, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(200):
        limiter.acquire()
        stamps.append(clock.now)
        clock.now += 0.05
    for i, t in enumerate(stamps):
        assert sum(1 for s in stamps[i:] if s < t + 10.0) <= 30


def test_retry_after_in_seconds_and_as_http_date():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    from datetime import datetime, timezone

    now = datetime(2026, 11, 22, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("Sun, 22 Nov 2026 12:00:30 GMT", now=lambda: now) == 30.0


def test_429_is_retried_after_retry_after_seconds(httpserver, clock):
    httpserver.expect_ordered_request("/x").respond_with_response(
        Response("rate limited", status=429, headers={"Retry-After": "4"})
    )
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": True})
    client = HttpClient(sleep=clock.sleep)
    assert client.get(httpserver.url_for("/x")).json() == {"ok": True}
    assert clock.sleeps == [4.0]


def test_503_is_retried_with_bounded_exponential_backoff(httpserver, clock):
    for _ in range(3):
        httpserver.expect_ordered_request("/x").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": True})
    client = HttpClient(sleep=clock.sleep, backoff_base=1.0, backoff_max=3.0)
    client.get(httpserver.url_for("/x"))
    assert clock.sleeps == [1.0, 2.0, 3.0]


def test_persistent_503_gives_up_after_max_attempts_with_the_status(httpserver, clock):
    httpserver.expect_request("/x").respond_with_data("down", status=503)
    client = HttpClient(sleep=clock.sleep, max_attempts=3)
    with pytest.raises(SourceHTTPError, match="HTTP 503"):
        client.get(httpserver.url_for("/x"))
    assert len(clock.sleeps) == 2


def test_problem_title_and_detail_are_in_the_error(httpserver, clock):
    httpserver.expect_request("/x").respond_with_json(
        {"type": "Parameter error", "title": "Too many cells selected", "status": 400, "detail": "200000 > 150000"},
        status=400,
    )
    with pytest.raises(SourceHTTPError, match="HTTP 400 'Too many cells selected' \\(200000 > 150000\\)") as info:
        HttpClient(sleep=clock.sleep).get(httpserver.url_for("/x"))
    assert info.value.status == 400 and info.value.title == "Too many cells selected"


def test_a_timeout_is_retried_and_then_reported(httpserver, clock):
    def slow(request):
        time.sleep(0.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    client = HttpClient(timeout=0.1, max_attempts=2, sleep=clock.sleep)
    with pytest.raises(SourceError, match="failed after 2 attempts: .*Timeout"):
        client.get(httpserver.url_for("/slow"))
    assert clock.sleeps == [1.0]


@pytest.fixture
def dropping_server():
    """A server that reads the request and closes the connection without answering, twice."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    answered = []

    def serve():
        for i in range(3):
            conn, _ = listener.accept()
            conn.recv(65536)
            if i < 2:
                conn.close()
                continue
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
            answered.append(i)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/x"
    thread.join(timeout=5)
    listener.close()


def test_a_dropped_connection_is_retried(dropping_server, clock):
    response = HttpClient(sleep=clock.sleep).get(dropping_server)
    assert response.json() == {"ok": True}
    assert clock.sleeps == [1.0, 2.0]


def test_every_request_carries_a_timeout(httpserver, clock, monkeypatch):
    seen = {}
    client = HttpClient(timeout=12.5, sleep=clock.sleep)
    original = client.session.request

    def spy(method, url, **kwargs):
        seen.update(kwargs)
        return original(method, url, **kwargs)

    monkeypatch.setattr(client.session, "request", spy)
    httpserver.expect_request("/x").respond_with_json({})
    client.get(httpserver.url_for("/x"))
    assert seen["timeout"] == 12.5
