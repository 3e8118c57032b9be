"""The PDF report: the HTML report printed by Chromium to a tagged A4 PDF (headings as structure
and bookmarks, images with alt text, real tables), with the title and "page N of M" in the footer
and page numbers in the contents list.

The contents list gets its page numbers from a first print, with empty images of the charts' size
in place of the charts, made while the charts are being drawn: the PDF's bookmarks say on which page
each heading landed; the second print carries the charts and the numbers (the list has the same
lines either way, so no heading moves).
"""

from __future__ import annotations

import asyncio
from html import escape
from io import BytesIO
from pathlib import Path

from dashboard.i18n import t
from dashboard.report.browser import run
from dashboard.report.content import Report
from dashboard.report.html_report import render
from dashboard.report.images import HEIGHT, WIDTH, data_url, render_charts


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
    placeholders = {row["id"]: PLACEHOLDER for row in report.summary if row["chart"]}
    layout = asyncio.create_task(renderer.pdf(render(report, placeholders), footer=footer))
    charts = asyncio.create_task(render_charts(renderer, report, "svg"))
    pages = heading_pages(await layout, report.contents())
    images = {key: data_url(image, "svg") for key, image in (await charts).items()}
    return await renderer.pdf(render(report, images, pages), footer=footer)


def _footer(report: Report) -> str:
    page = t("report_page", report.lang, page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    return ("<div style=\"font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:8pt;color:#374151;"
            "width:100%;margin:0 20mm;display:flex;justify-content:space-between\">"
            f"<span>{escape(report.title)}</span><span>{page}</span></div>")


def heading_pages(pdf: bytes, entries: list[tuple[str, str, int]]) -> dict[str, int]:
    """Anchor → page number (1-based), matching the contents entries to the PDF's bookmarks in order."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    marks: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks.append((" ".join(item.title.split()), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    pages, position = {}, 0
    for anchor, title, _ in entries:
        wanted = " ".join(title.split())
        for index in range(position, len(marks)):
            if marks[index][0] == wanted:
                pages[anchor], position = marks[index][1], index + 1
                break
    return pages
