"""The PDF report: the HTML report printed by Chromium to a tagged A4 PDF (headings as structure
and bookmarks, images with alt text, real tables), with the title and "page N of M" in the footer
and page numbers in the contents list.

The contents list's page numbers come from where Chromium put each heading, found by its id, not
by its title: every contents entry links to its heading's id (``#ind-population``), and Chromium
writes each linked id as a named destination of the PDF with the page it landed on. Titles are no
key: the same words head an area and its section of the structure chapter, and a bookmark title
is what Chromium makes of the heading's text lines. A first print, with empty images of the
charts' size in place of the charts and a number in every contents line, is made while the charts
are being drawn and gives the pages; the second print carries the charts and the numbers, and its
own destinations are checked against the numbers it prints (printed again with them if a heading
moved, which no test has seen).

Chromium writes its user-agent string as the PDF's Creator; the file is rewritten (pypdf, about
0.15 s) with the product's name as Creator and Producer, keeping the structure tree, the bookmarks
and the named destinations.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape
from io import BytesIO
from pathlib import Path

from dashboard.i18n import t
from dashboard.report.browser import run
from dashboard.report.content import Report
from dashboard.report.html_report import render
from dashboard.report.images import HEIGHT, WIDTH, data_url, render_charts


log = logging.getLogger(__name__)
PRODUCT = t("app_short", "sv")  # "S3-uppföljning"
MAX_PRINTS = 3

# An empty image of a chart's size: the first print lays the pages out the same without drawing charts.
PLACEHOLDER = data_url(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
                       f'viewBox="0 0 {WIDTH} {HEIGHT}"></svg>'.encode(), "svg")


def write_pdf(report: Report, out: Path) -> Path:
    out.write_bytes(pdf_bytes(report))
    return out


def pdf_bytes(report: Report) -> bytes:
    return run(lambda renderer: _print(renderer, report))


async def _print(renderer, report: Report) -> bytes:
    """Lay the pages out (placeholders for charts) while the charts are drawn, then print."""
    footer = _footer(report)
    anchors = [anchor for anchor, _, _ in report.contents()]
    placeholders = {row["id"]: PLACEHOLDER for row in report.summary if row["chart"]}
    # The first print has a number in every contents line, so that its lines are as long as the final ones.
    layout = asyncio.create_task(renderer.pdf(render(report, placeholders, dict.fromkeys(anchors, 88)), footer=footer))
    charts = asyncio.create_task(render_charts(renderer, report, "svg"))
    pages = anchor_pages(await layout)
    images = {key: data_url(image, "svg") for key, image in (await charts).items()}
    for _ in range(MAX_PRINTS):
        pdf = await renderer.pdf(render(report, images, pages), footer=footer)
        landed = anchor_pages(pdf)
        if all(landed.get(anchor) == pages.get(anchor) for anchor in anchors):
            break
        pages = landed
    else:
        log.warning("the contents' page numbers of %s may be off: headings moved at every print", report.title)
    missing = [anchor for anchor in anchors if anchor not in pages]
    if missing:
        log.warning("no page found for the contents entries %s of %s", ", ".join(missing), report.title)
    return with_metadata(pdf)


def _footer(report: Report) -> str:
    page = t("report_page", report.lang, page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    return ("<div style=\"font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:8pt;color:#374151;"
            "width:100%;margin:0 20mm;display:flex;justify-content:space-between\">"
            f"<span>{escape(report.title)}</span><span>{page}</span></div>")


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """Id of an element → the page (1-based) it is on, from the PDF's named destinations (Chromium
    writes one for every id a link points to)."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    return {str(name).removeprefix("/"): reader.get_destination_page_number(destination) + 1
            for name, destination in reader.named_destinations.items()}


def with_metadata(pdf: bytes) -> bytes:
    """The PDF with the product as its Creator and Producer (Chromium's are its user agent and Skia)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(pdf))
    printer = (reader.metadata or {}).get("/Producer")
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Creator": PRODUCT, "/Producer": f"{PRODUCT} ({printer})" if printer else PRODUCT})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
