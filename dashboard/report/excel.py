"""The Excel report: a summary sheet and a tidy sheet of every value behind it, ready for a pivot table."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dashboard.i18n import t
from dashboard.report.content import Report

# (key in the report's summary rows, label key in dashboard.i18n)
SUMMARY = [("area", "area"), ("indicator", "indicator"), ("status", "status"), ("latest", "latest"), ("unit", "unit"),
           ("period", "period"), ("change_pct", "change"), ("rank", "rank"), ("pct_of_sweden", "pct_of_sweden"),
           ("why", "report_how_status"), ("commentary_text", "commentary")]
VALUES = [("indicator", "indicator"), ("region", "region"), ("period", "period"), ("sex", "sex"), ("value", "value"),
          ("unit", "unit"), ("source", "source"), ("retrieved", "retrieved")]


def write_xlsx(report: Report, out: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sammanfattning" if report.lang == "sv" else "Summary"
    columns = [(key, t(label, report.lang) + (" (%)" if key == "change_pct" else "")) for key, label in SUMMARY]
    _table(sheet, columns, report.summary, {"latest": "#,##0.0", "change_pct": "0.0", "pct_of_sweden": "0"})
    sheet.column_dimensions["J"].width = sheet.column_dimensions["K"].width = 80
    values = book.create_sheet("Värden" if report.lang == "sv" else "Values")
    _table(values, VALUES, report.values, {"value": "#,##0.###"})
    book.properties.title = report.follow_up["label"][report.lang]
    book.properties.creator = "S3-uppföljning"
    book.save(out)
    return out


def _table(sheet, columns, rows, formats) -> None:
    sheet.append([label for _, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([row.get(key) for key, _ in columns])
    for index, (key, _) in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(45, max((len(str(r.get(key) or "")) for r in rows), default=10) + 2))
        if key in formats:
            for cell in sheet[letter][1:]:
                cell.number_format = formats[key]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
