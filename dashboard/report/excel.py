"""The Excel report: a summary sheet (the verdict first, then one row per indicator) and a tidy sheet
of every value behind it, ready for a pivot table.

Every heading is in the report's language; numbers are numbers (the latest value in the
indicator's own decimals, the rank as a number with the number of counties and the rank's year
in their own columns, the change since the base as the relative change in per cent and, for an
indicator measured in per cent, in percentage points in a column of its own); every cell is
written by ``ingest.cells.xlsx_cell``: text is a string cell, shown as typed, so no label or
comment ever runs as a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dashboard.i18n import t
from dashboard.report.content import Report
from ingest.cells import xlsx_cell, xlsx_row

# (key in the report's summary rows, label key in dashboard.i18n)
SUMMARY = [("area", "area"), ("indicator", "indicator"), ("status", "status"), ("flags", "flags"), ("latest", "latest"),
           ("unit", "unit"), ("period", "period"), ("change_pct", "change_relative"), ("change_points", "change_points"),
           ("rank", "rank"), ("rank_of", "rank_of"),
           ("rank_period", "rank_period"), ("pct_of_sweden", "pct_of_sweden"), ("relative", "relative"),
           ("why", "report_how_status"), ("commentary_text", "commentary")]
VALUES = [("indicator", "indicator"), ("region", "region"), ("period", "period"), ("sex", "sex"), ("value", "value"),
          ("unit", "unit"), ("source", "source"), ("retrieved", "fetched_at")]
SEXES = {"T": "total", "K": "women", "M": "men"}  # the tidy sheet's sex codes, as words of the report's language
WIDE = ("why", "commentary_text")


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def write_xlsx(report: Report, out: Path) -> Path:
    lang = report.lang
    book = Workbook()
    sheet = book.active
    sheet.title = t("report_summary", lang)[:31]
    for name, text in report.verdicts:
        xlsx_row(sheet, [name, text])[0].font = Font(bold=True)
    sheet.append([])
    first = sheet.max_row + 1
    columns = [(key, t(label, lang) + (" (%)" if key in ("change_pct", "pct_of_sweden") else "")) for key, label in SUMMARY]
    _table(sheet, columns, report.summary, {
        "latest": lambda r: _number_format(r.get("decimals", 1)), "change_pct": lambda r: "0.0",
        "change_points": lambda r: _number_format(r.get("decimals", 1)),
        "pct_of_sweden": lambda r: "0.0" if abs(r["pct_of_sweden"]) < 10 else "0", "rank": lambda r: "0", "rank_of": lambda r: "0"}, first)
    values = book.create_sheet(t("values_sheet", lang)[:31])
    decimals = {row["indicator"]: row.get("decimals", 1) for row in report.summary}
    tidy = [{**r, "sex": t(SEXES.get(r["sex"], "total"), lang), "decimals": decimals.get(r["indicator"], 1)}
            for r in report.values]
    _table(values, [(key, t(label, lang)) for key, label in VALUES], tidy,
           {"value": lambda r: _number_format(r["decimals"])}, 1)
    book.properties.title = report.follow_up["label"][lang]
    book.properties.creator = "S3-uppföljning"
    book.properties.language = lang
    book.save(out)
    return out


def _table(sheet, columns, rows: list[dict[str, Any]], formats, first: int) -> None:
    """A table whose headings are on row ``first``, frozen and filterable; every number in its
    row's format (an indicator's own decimals)."""
    for index, (_, label) in enumerate(columns, start=1):
        cell = xlsx_cell(sheet.cell(row=first, column=index), label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        cells = xlsx_row(sheet, [row.get(key) for key, _ in columns])
        for cell, (key, _) in zip(cells, columns):
            if key in formats and row.get(key) is not None:
                cell.number_format = formats[key](row)
    for index, (key, label) in enumerate(columns, start=1):
        letter = sheet.cell(row=first, column=index).column_letter
        longest = max([len(str(r.get(key) or "")) for r in rows] + [len(label) // 2], default=10)
        sheet.column_dimensions[letter].width = 80 if key in WIDE else max(12, min(45, longest + 2))
        if key in WIDE:
            for cell in sheet[letter][first:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{first + 1}"
    sheet.auto_filter.ref = f"A{first}:{sheet.cell(row=sheet.max_row, column=len(columns)).coordinate}"
