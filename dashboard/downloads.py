"""Table downloads: the rows a page shows, as CSV for Swedish Excel, CSV for software, or an Excel
workbook, built on the server.

A page registers, for each table it shows, a builder that makes the table from the page's state
(``@table_source("compare_counties")``); the page draws the table from the same builder, and a
download asks the builder again with the state in the address. So a download is exactly what is
shown, costs what the page costs, and the server never takes a table posted by a browser.

- CSV (the default) opens in Swedish Excel as it is: ``;`` between fields, a decimal comma, and a
  UTF-8 byte-order mark so that å, ä and ö survive; "CSV for software" has ``,`` and ``.``.
- Numbers keep the decimals the page gives them (every value of a column alike: never
  ``257812.0`` beside ``249677``), and in the workbook they are numbers with that number format.
- Where the table has them, unit, source and retrieval date are columns of the file.
- No text ever runs as a formula (``ingest.cells``): in CSV, formula-like text gets a leading
  ``'``; in the workbook, every text is a string cell shown as typed (``xlsx_cell``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dash import dcc

from ingest.cells import safe_text, xlsx_row

if TYPE_CHECKING:
    from dashboard.state import ViewState
    from ingest.config import Config

MAX_DECIMALS = 4
FLAVOURS = {"csv": (";", ","), "csv-machine": (",", ".")}  # flavour -> (field separator, decimal mark)


@dataclass
class TableData:
    """A table as a page shows it and a download writes it."""

    kind: str                                   # the builder's name (a table of a page)
    name: str                                   # the file's name, without extension
    rows: list[dict[str, Any]]
    columns: list[tuple[str, str]]              # (key in a row, the column's heading)
    caption: str
    decimals: dict[str, int] = field(default_factory=dict)   # per number column; else what its values need
    meta: dict[str, str] = field(default_factory=dict)       # unit, source, retrieved: heading -> value

    def column_decimals(self) -> dict[str, int]:
        """The decimals of every number column: as given, else the fewest that show every value
        of the column exactly (at most four)."""
        found = dict(self.decimals)
        for key, _ in self.columns:
            if key in found:
                continue
            numbers = [r.get(key) for r in self.rows if _is_number(r.get(key))]
            if numbers:
                found[key] = max(_needed_decimals(v) for v in numbers)
        return found


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _needed_decimals(value: float) -> int:
    for decimals in range(MAX_DECIMALS + 1):
        if abs(round(value, decimals) - value) < 1e-9 * max(1.0, abs(value)):
            return decimals
    return MAX_DECIMALS


TableBuilder = Callable[["Config", Path, "ViewState"], TableData]
TABLES: dict[str, TableBuilder] = {}  # filled once, at import, by the pages' @table_source


def table_source(kind: str) -> Callable[[TableBuilder], TableBuilder]:
    """Register the builder of one of a page's tables (a constant of the app, like its pages)."""
    def register(builder: TableBuilder) -> TableBuilder:
        TABLES[kind] = builder
        return builder
    return register


def _headings(data: TableData) -> list[str]:
    return [label for _, label in data.columns] + list(data.meta)


def _values(data: TableData, row: dict[str, Any]) -> list[Any]:
    return [row.get(key) for key, _ in data.columns] + list(data.meta.values())


def csv_text(data: TableData, flavour: str = "csv") -> str:
    """The table as CSV: ``csv`` for Swedish Excel (``;``, decimal comma, BOM) or ``csv-machine``."""
    separator, mark = FLAVOURS[flavour]
    decimals = data.column_decimals()
    keys = [key for key, _ in data.columns] + [None] * len(data.meta)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in _headings(data)])
    for row in data.rows:
        cells = []
        for key, value in zip(keys, _values(data, row)):
            if _is_number(value):
                text = f"{value:.{decimals.get(key, 0)}f}"
                cells.append(text.replace(".", mark))
            elif value is None or (isinstance(value, float) and not math.isfinite(value)):
                cells.append("")
            else:
                cells.append(safe_text(str(value)))
        writer.writerow(cells)
    return ("\ufeff" if flavour == "csv" else "") + buffer.getvalue()


def xlsx_bytes(data: TableData, lang: str) -> bytes:
    """The table as an Excel workbook: numbers as numbers in the page's number format, headings
    bold and frozen, a filter on every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    decimals = data.column_decimals()
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(data.name)
    for cell in xlsx_row(sheet, _headings(data)):
        cell.font = Font(bold=True)
    keys = [key for key, _ in data.columns] + [None] * len(data.meta)
    for row in data.rows:
        xlsx_row(sheet, [v if _is_number(v) else (None if isinstance(v, float) else v) for v in _values(data, row)])
    for index, key in enumerate(keys, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        places = decimals.get(key) if key is not None else None
        if places is not None:
            number_format = "#,##0" + ("." + "0" * places if places else "")
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
        width = max((len(str(c.value or "")) for c in sheet[letter]), default=10)
        sheet.column_dimensions[letter].width = max(10, min(50, width + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.title = data.caption[:200]
    book.properties.language = lang
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(name: str) -> str:
    # Excel's rule: at most 31 characters, none of : \ / ? * [ ]
    return re.sub(r"[:\\/?*\[\]]", "_", name)[:31] or "data"


def export_table(data: TableData, flavour: str, lang: str) -> dict[str, Any]:
    """A ``dcc.Download``'s data for the table in one of the flavours (csv, csv-machine, xlsx)."""
    if flavour == "xlsx":
        return dcc.send_bytes(xlsx_bytes(data, lang), f"{data.name}.xlsx")
    suffix = "" if flavour == "csv" else "-machine"
    return {"content": csv_text(data, flavour), "filename": f"{data.name}{suffix}.csv", "type": "text/csv"}
