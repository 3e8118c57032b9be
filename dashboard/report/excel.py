"""The Excel report: a summary sheet and a tidy sheet of every value behind it, ready for a pivot table.

Every heading is in the report's language; numbers are numbers (the latest value in the
indicator's own decimals, the rank as a number with the number of counties in the next column);
every text cell goes through ``ingest.cells.safe_cell``, so no label or comment ever runs as a
formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dashboard.i18n import t
from dashboard.report.content import Report
from ingest.cells import safe_cell, safe_text

# (key in the report's summary rows, label key in dashboard.i18n)
SUMMARY = [("area", "area"), ("indicator", "indicator"), ("status", "status"), ("latest", "latest"), ("unit", "unit"),
           ("period", "period"), ("change_pct", "change"), ("rank_position", "rank"), ("rank_of", "rank_of"),
           ("rank_period", "rank_period"), ("pct_of_sweden", "pct_of_sweden"), ("why", "report_how_status"),
           ("commentary_text", "commentary")]
VALUES = [("indicator", "indicator"), ("region", "region"), ("period", "period"), ("sex", "sex"), ("value", "value"),
          ("unit", "unit"), ("source", "source"), ("retrieved", "retrieved")]
SEXES = {"T": "total", "K": "women", "M": "men"}  # the tidy sheet's sex codes, as words of the report's language
WIDE = ("why", "commentary_text")


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def write_xlsx(report: Report, out: Path) -> Path:
    lang = report.lang
    indicators = {i["id"]: i for area in report.follow_up["areas"] for i in area["indicators"]}
    book = Workbook()
    sheet = book.active
    sheet.title = "Sammanfattning" if lang == "sv" else "Summary"
    columns = [(key, t(label, lang) + (" (%)" if key in ("change_pct", "pct_of_sweden") else "")) for key, label in SUMMARY]
    rows = []
    for row in report.summary:
        ind = indicators.get(row["id"], {})
        rows.append({**row, "rank_position": ind.get("rank"), "rank_of": ind.get("rank_of"),
                     "rank_period": ind.get("rank_period"), "decimals": ind.get("decimals", 1)})
    _table(sheet, columns, rows, {"latest": lambda r: _number_format(r["decimals"]), "change_pct": lambda r: "0.0",
                                  "pct_of_sweden": lambda r: "0", "rank_position": lambda r: "0", "rank_of": lambda r: "0"})
    values = book.create_sheet("Värden" if lang == "sv" else "Values")
    decimals = {ind["label"][lang]: ind.get("decimals", 1) for ind in indicators.values()}
    tidy = [{**r, "sex": t(SEXES.get(r["sex"], "total"), lang), "decimals": decimals.get(r["indicator"], 1)}
            for r in report.values]
    _table(values, [(key, t(label, lang)) for key, label in VALUES], tidy,
           {"value": lambda r: _number_format(r["decimals"])})
    book.properties.title = report.follow_up["label"][lang]
    book.properties.creator = "S3-uppföljning"
    book.properties.language = lang
    book.save(out)
    return out


def _table(sheet, columns, rows: list[dict[str, Any]], formats) -> None:
    sheet.append([safe_text(label) for _, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([safe_cell(row.get(key)) for key, _ in columns])
        for index, (key, _) in enumerate(columns, start=1):
            if key in formats and row.get(key) is not None:
                sheet.cell(row=sheet.max_row, column=index).number_format = formats[key](row)
    for index, (key, label) in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        longest = max([len(str(r.get(key) or "")) for r in rows] + [len(label) // 2], default=10)
        sheet.column_dimensions[letter].width = 80 if key in WIDE else max(12, min(45, longest + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
