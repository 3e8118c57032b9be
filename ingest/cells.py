"""Spreadsheet cells that cannot run: the one rule every CSV and Excel writer applies to text.

A spreadsheet treats text that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs,
a tab or carriage return before them) as a formula, so a comment such as
``=HYPERLINK("http://…")`` or a label beginning with ``=`` would become a live formula in the
file a council member opens. ``formula_like`` is the one test of such text. Numbers are never
touched (they are numbers, not formulas), and neither is text that is a plain number (``-0.5``,
``-1,5 %``) or a single character (the source's status symbol ``-``): neither can call anything.

- CSV has no types: OWASP's rule for CSV injection is to put a single quote before such text
  (``safe_text``, ``safe_cell``, ``safe_row``), which a spreadsheet shows as the text itself.
- An xlsx cell has a type: text written as a string cell is never evaluated, so the xlsx writers
  write it as typed (``xlsx_cell``, ``xlsx_row``) with the cell's quotePrefix set, which is what
  Excel itself stores for text typed with a leading ``'``: the cell shows ``-2+3 tkr`` or a
  comment's bullet as written, and stays text when it is edited.

Characters that an xlsx file cannot hold at all (the C0 control characters other than tab,
newline and carriage return) are dropped, so that one bad value never breaks a whole workbook.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+\-\u2212]?[\d\s\u00a0.,]+%?$")
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (the one rule of every writer)."""
    return len(text) > 1 and text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text)


def safe_text(text: str) -> str:
    """``text`` for a CSV file: shown by a spreadsheet as text, never run as a formula."""
    text = XLSX_ILLEGAL.sub("", text)
    return "'" + text if formula_like(text) else text


def safe_cell(value: Any) -> Any:
    """A cell value for a CSV writer: text neutralised by ``safe_text``, anything else (numbers,
    dates, None) as it is."""
    return safe_text(value) if isinstance(value, str) else value


def safe_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [safe_cell(v) for v in values]


def xlsx_cell(cell: Any, value: Any) -> Any:
    """Put ``value`` into an openpyxl ``cell``: text as a string cell (data type ``s``, never a
    formula, whatever it starts with), without the characters xlsx cannot hold, and with
    quotePrefix set where it is ``formula_like``; anything else (numbers, dates, None) as it is.
    Returns the cell."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = XLSX_ILLEGAL.sub("", value)
    cell.value = text
    cell.data_type = "s"  # openpyxl makes text that starts with "=" a formula: it is text here
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet: Any, values: list[Any] | tuple[Any, ...]) -> list[Any]:
    """Append ``values`` to an openpyxl ``sheet`` as a row of ``xlsx_cell``s; returns its cells."""
    sheet.append([None] * len(values))  # the row where openpyxl's append puts the next one
    if not values:
        return []
    row = sheet.max_row
    return [xlsx_cell(sheet.cell(row=row, column=index), value) for index, value in enumerate(values, start=1)]
