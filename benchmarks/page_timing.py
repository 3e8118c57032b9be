"""Page-load timing in headless Chromium for the benchmarks: when a page is ready, and where its
time goes (requests, bytes, script time, server wait, how often the page content was rendered).

A page counts as ready when its content selector is in the DOM, its charts are drawn, and no
further navigation follows within a settling pause: a page that shows and then reloads itself is
ready only after the reload.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SETTLE_MS = 700  # a reload triggered by the page itself starts well within this

_READY = """sel => {
    if (!document.querySelector(sel)) return false;
    const graphs = [...document.querySelectorAll('.dash-graph')];
    if (!graphs.every(g => g.querySelector('.main-svg'))) return false;
    return Date.now();
}"""


def load_once(page, url: str, selector: str) -> float:
    """Seconds from navigation start until the page is ready (see the module docstring)."""
    navigations: list[float] = []

    def on_navigated(frame):
        if frame == page.main_frame:
            navigations.append(time.time())

    page.on("framenavigated", on_navigated)
    try:
        start = time.time()
        page.goto(url)
        while True:
            seen = len(navigations)
            ready_at = page.wait_for_function(_READY, arg=selector, polling="raf", timeout=30_000).json_value() / 1000
            page.wait_for_timeout(SETTLE_MS)
            if len(navigations) == seen:
                return ready_at - start
    finally:
        page.remove_listener("framenavigated", on_navigated)


@dataclass
class Breakdown:
    """Where one cold page load's time and bytes go."""

    ready: float = 0.0
    requests: int = 0
    documents: int = 0  # full page loads (1 unless the page reloads itself)
    content_renders: int = 0  # renders of the page content: in the first layout or by the page router
    transferred: int = 0  # bytes on the wire, compressed where the server compressed
    decoded: int = 0  # bytes after decompression
    uncompressed_scripts: int = 0  # bytes of JS and CSS sent without compression
    script_ms: float = 0.0  # main-thread script compilation and execution (Chromium's ScriptDuration)
    task_ms: float = 0.0  # main-thread busy time (TaskDuration)
    content_wait_ms: list[float] = field(default_factory=list)  # server wait of each page-content callback
    scripts_done_ms: float = 0.0  # from navigation until Dash asked for its layout (scripts loaded and run)
    largest: list[tuple[str, int]] = field(default_factory=list)


def breakdown(browser, url: str, selector: str) -> Breakdown:
    """One cold load (a fresh browser context: empty cache) with the DevTools protocol listening."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Performance.enable")
    requests: dict[str, dict[str, Any]] = {}

    def sent(e):
        requests[e["requestId"]] = {"url": e["request"]["url"], "post": e["request"].get("postData") or "",
                                    "type": e.get("type"), "t0": e["timestamp"], "id": e["requestId"]}

    def received(e):
        r = requests.get(e["requestId"])
        if r is not None:
            headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
            timing = e["response"].get("timing") or {}
            r.update(encoding=headers.get("content-encoding", ""), mime=e["response"].get("mimeType", ""),
                     wait=(timing.get("receiveHeadersEnd", 0) - timing.get("sendEnd", 0)) if timing else 0.0)

    def finished(e):
        r = requests.get(e["requestId"])
        if r is not None:
            r.update(transferred=e["encodedDataLength"])

    def data(e):
        r = requests.get(e["requestId"])
        if r is not None:
            r["decoded"] = r.get("decoded", 0) + e["dataLength"]

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.dataReceived", data)
    out = Breakdown()
    out.ready = load_once(page, url, selector)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    in_layout = sum(_layout_holds_content(cdp, r["id"]) for r in requests.values() if r["url"].endswith("/_dash-layout"))
    context.close()
    real = [r for r in requests.values() if r["url"].startswith("http")]
    t0 = min(r["t0"] for r in real)
    out.requests = len(real)
    out.documents = sum(r["type"] == "Document" for r in real)
    content = [r for r in real if "_pages_content" in r["post"]]
    out.content_renders = len(content) + in_layout
    out.content_wait_ms = [round(r.get("wait", 0.0), 1) for r in content]
    out.transferred = sum(r.get("transferred", 0) for r in real)
    out.decoded = sum(r.get("decoded", 0) for r in real)
    out.uncompressed_scripts = sum(r.get("decoded", 0) for r in real
                                   if r.get("mime", "") in ("application/javascript", "text/javascript", "text/css")
                                   and not r.get("encoding"))
    out.script_ms = metrics.get("ScriptDuration", 0.0) * 1000
    out.task_ms = metrics.get("TaskDuration", 0.0) * 1000
    layout = [r for r in real if r["url"].endswith("/_dash-layout")]
    out.scripts_done_ms = (layout[0]["t0"] - t0) * 1000 if layout else 0.0
    out.largest = sorted(((r["url"].split("/")[-1].split("?")[0][:40], r.get("decoded", 0)) for r in real),
                         key=lambda x: -x[1])[:4]
    return out


def _layout_holds_content(cdp, request_id: str) -> bool:
    from playwright.sync_api import Error

    try:
        return _holds_content(json.loads(cdp.send("Network.getResponseBody", {"requestId": request_id})["body"]))
    except Error:  # a document that reloaded itself: its responses are gone (and held no content)
        return False


def _holds_content(node: Any) -> bool:
    """Whether a served layout has the page content in Dash's page container."""
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == "_pages_content":
            return props.get("children") is not None
        return any(_holds_content(v) for v in props.values())
    if isinstance(node, list):
        return any(_holds_content(v) for v in node)
    return False


def timings(browser, url: str, selector: str, n: int, cold: bool) -> list[float]:
    """n loads: each in a fresh context (cold: empty cache, a first visit) or in one context
    (warm: cached assets, a council member clicking around)."""
    out = []
    context = None if cold else browser.new_context()
    if context is not None:
        load_once(context.new_page(), url, selector)  # fill the cache
    for _ in range(n):
        ctx = browser.new_context() if cold else context
        page = ctx.new_page()
        out.append(load_once(page, url, selector))
        page.close()
        if cold:
            ctx.close()
    if context is not None:
        context.close()
    return out


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, worst {max(values):.2f} s"
