"""The Excel report: a summary sheet (the verdict first, then one row per indicator) and a tidy sheet
of every value behind it, ready for a pivot table. Numbers are numbers (the rank with the count and
its year in their own columns); every header is in the report's language."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dashboard.i18n import t
from dashboard.report.content import Report

# (key in the report's summary rows, label key in dashboard.i18n)
SUMMARY = [("area", "area"), ("indicator", "indicator"), ("status", "status"), ("flags", "flags"), ("latest", "latest"),
           ("unit", "unit"), ("period", "period"), ("change_pct", "change"), ("rank", "rank"), ("rank_of", "rank_of"),
           ("rank_period", "rank_period"), ("pct_of_sweden", "pct_of_sweden"), ("relative", "relative"),
           ("why", "report_how_status"), ("commentary_text", "commentary")]
VALUES = [("indicator", "indicator"), ("region", "region"), ("period", "period"), ("sex", "sex"), ("value", "value"),
          ("unit", "unit"), ("source", "source"), ("retrieved", "fetched_at")]
SEX = {"T": "total", "K": "women", "M": "men"}


def write_xlsx(report: Report, out: Path) -> Path:
    lang = report.lang
    book = Workbook()
    sheet = book.active
    sheet.title = t("report_summary", lang)
    for name, text in report.verdicts:
        sheet.append([name, text])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([])
    first = sheet.max_row + 1
    columns = [(key, t(label, lang) + (" (%)" if key == "change_pct" else "")) for key, label in SUMMARY]
    _table(sheet, columns, report.summary, {"latest": "#,##0.0", "change_pct": "0.0", "pct_of_sweden": "0"}, first)
    for letter in ("N", "O"):
        sheet.column_dimensions[letter].width = 80
    values = book.create_sheet(t("values_sheet", lang))
    rows = [{**row, "sex": t(SEX.get(row["sex"], "total"), lang)} for row in report.values]
    _table(values, [(key, t(label, lang)) for key, label in VALUES], rows, {"value": "#,##0.###"}, 1)
    book.properties.title = report.follow_up["label"][lang]
    book.properties.creator = "S3-uppföljning"
    book.save(out)
    return out


def _table(sheet, columns, rows, formats, first: int) -> None:
    """A table whose header is on row ``first``, frozen and filterable."""
    for index, (_, label) in enumerate(columns, start=1):
        cell = sheet.cell(row=first, column=index, value=label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([row.get(key) for key, _ in columns])
    for index, (key, _) in enumerate(columns, start=1):
        letter = sheet.cell(row=first, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(45, max((len(str(r.get(key) or "")) for r in rows), default=10) + 2))
        if key in formats:
            for cell in sheet[letter][first:]:
                cell.number_format = formats[key]
    sheet.freeze_panes = f"A{first + 1}"
    sheet.auto_filter.ref = f"A{first}:{sheet.cell(row=sheet.max_row, column=len(columns)).coordinate}"
