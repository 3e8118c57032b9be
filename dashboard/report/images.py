"""The report's charts as images: the dashboard's own figures, drawn by Chromium offline."""

from __future__ import annotations

from base64 import b64encode
from typing import Any

from dashboard.report.browser import Renderer, run
from dashboard.report.content import Report

WIDTH, HEIGHT = 900, 420   # CSS pixels; a PNG is drawn at twice this for print
MEDIA = {"svg": "image/svg+xml", "png": "image/png"}


def print_figure(figure: dict[str, Any]) -> dict[str, Any]:
    """The on-screen figure with what paper needs: a fixed size and no hover."""
    layout = {**figure["layout"], "width": WIDTH, "height": HEIGHT, "hovermode": False,
              "margin": {"l": 70, "r": 20, "t": 20, "b": 80}}
    return {"data": figure["data"], "layout": layout}


async def render_charts(renderer: Renderer, report: Report, fmt: str) -> dict[str, bytes]:
    """Indicator id → its chart as SVG or PNG bytes (indicators without data have none)."""
    charted = [row for row in report.summary if row["chart"]]
    drawn = await renderer.images([print_figure(row["chart"]) for row in charted], fmt=fmt, width=WIDTH, height=HEIGHT,
                            scale=2 if fmt == "png" else 1)
    return {row["id"]: image for row, image in zip(charted, drawn)}


def data_url(image: bytes, fmt: str) -> str:
    return f"data:{MEDIA[fmt]};base64,{b64encode(image).decode('ascii')}"


def chart_images(report: Report, fmt: str = "svg") -> dict[str, str]:
    """Every chart as a data URL, with a Chromium started for the purpose."""
    drawn = run(lambda renderer: render_charts(renderer, report, fmt))
    return {key: data_url(image, fmt) for key, image in drawn.items()}
