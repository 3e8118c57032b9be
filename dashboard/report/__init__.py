"""Follow-up reports (Excel, Word, PDF, HTML) built from the store, for the command line and the
dashboard alike. ``FORMATS`` is the one list of what can be written."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.report.content import Report

# format → (module, writer, media type); a writer takes (report, out path) and returns the path.
FORMATS = {
    "pdf": ("dashboard.report.pdf", "write_pdf", "application/pdf"),
    "docx": ("dashboard.report.word", "write_docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("dashboard.report.excel", "write_xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("dashboard.report.html_report", "write_html", "text/html"),
}


def write(report: "Report", fmt: str, out: Path) -> Path:
    """Write ``report`` as ``fmt`` (a key of FORMATS) to ``out``."""
    module, function, _ = FORMATS[fmt]
    return getattr(import_module(module), function)(report, out)


__all__ = ["FORMATS", "write"]
