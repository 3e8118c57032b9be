"""Chart images and PDF pages from the machine's own Chromium, offline.

One headless Chromium (driven by Playwright over the DevTools protocol) does both jobs: it draws
each chart with the very plotly.js bundle the dashboard serves (``Plotly.toImage``), and it prints
the HTML report to a tagged PDF (headings as structure and bookmarks, images with their alt text,
tables as tables, page numbers in the footer). Nothing is fetched from the network.

Why not kaleido: on this kind of machine kaleido took 3.4 s to start and 280 ms per PNG; the page
below draws a PNG in about 70 ms and an SVG in 30 ms, and kaleido cannot print a PDF anyway.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from base64 import b64decode
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, AsyncIterator, Awaitable, Callable, TypeVar

from ingest.errors import IngestError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
# Without these, a closed network makes Chromium retry its own background connections at every start.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
MISSING = ("Chart images and PDF reports need Chromium (or Chrome), and none was found. Install it "
           "(Debian/Ubuntu: apt-get install chromium) or set S3_CHROMIUM to the browser's path. "
           "Excel reports need no browser.")


T = TypeVar("T")


class BrowserError(IngestError):
    """Chromium is missing or failed while drawing charts or printing a PDF."""


def chromium_path() -> str | None:
    """The browser to drive: S3_CHROMIUM if set, else the first Chromium or Chrome on PATH."""
    configured = os.environ.get("S3_CHROMIUM")
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise BrowserError(f"S3_CHROMIUM={configured} is not an executable file; point it at chromium or chrome")
        return configured
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


class Renderer:
    """A page with plotly.js loaded, to draw charts, and a printer of HTML to PDF. Its methods are
    coroutines, so that a report can draw its charts while Chromium lays out the pages."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self._charts = None

    async def images(self, figs: list[dict[str, Any]], *, fmt: str, width: int, height: int, scale: float = 1) -> list[bytes]:
        """Each figure drawn as PNG or SVG bytes, in order."""
        if not figs:
            return []
        if self._charts is None:
            self._charts = await self._browser.new_page()
            await self._charts.set_content("<!doctype html><html><body></body></html>")
            bundle = resources.files("dashboard").joinpath("assets/plotly-basic.min.js").read_text(encoding="utf-8")
            await self._charts.add_script_tag(content=bundle)
        urls = await self._charts.evaluate(
            """async ([figs, options]) => {
                const out = [];
                for (const fig of figs) {
                    out.push(await Plotly.toImage({data: fig.data, layout: fig.layout}, options));
                }
                return out;
            }""",
            [figs, {"format": fmt, "width": width, "height": height, "scale": scale}],
        )
        return [_data_url_bytes(url) for url in urls]

    async def pdf(self, html: str, *, footer: str, header: str = "") -> bytes:
        """The HTML printed to A4 as a tagged PDF with an outline; ``footer``/``header`` are
        Chromium print templates (``<span class="pageNumber">`` and ``totalPages`` are filled in)."""
        page = await self._browser.new_page()
        try:
            await page.set_content(html, wait_until="load")
            return await page.pdf(
                format="A4", print_background=True, prefer_css_page_size=True, tagged=True, outline=True,
                display_header_footer=True, header_template=header or "<span></span>", footer_template=footer,
                margin={"top": "22mm", "bottom": "22mm", "left": "20mm", "right": "20mm"},
            )
        finally:
            await page.close()


def _data_url_bytes(url: str) -> bytes:
    head, _, body = url.partition(",")
    if head.endswith(";base64"):
        return b64decode(body)
    from urllib.parse import unquote

    return unquote(body).encode("utf-8")


@asynccontextmanager
async def chromium() -> AsyncIterator[Renderer]:
    """A headless Chromium for the duration of the block (about a second to start)."""
    try:
        from playwright.async_api import Error, async_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dependency
        raise BrowserError("the playwright package is missing: pip install playwright") from exc
    path = chromium_path()
    async with async_playwright() as playwright:
        try:
            browser = await playwright.chromium.launch(executable_path=path, args=ARGS)
        except Error as exc:
            raise BrowserError(MISSING if path is None else f"Chromium at {path} did not start: {exc}") from exc
        try:
            yield Renderer(browser)
        except Error as exc:
            raise BrowserError(f"Chromium failed while drawing the report: {exc}") from exc
        finally:
            await browser.close()


def run(work: Callable[[Renderer], Awaitable[T]]) -> T:
    """Start Chromium, run ``work`` with it, stop it: the synchronous entry point of the writers
    (the command line and the dashboard's export, which runs in a request thread)."""

    async def main() -> T:
        async with chromium() as renderer:
            return await work(renderer)

    return asyncio.run(main())
