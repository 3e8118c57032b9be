"""Spreadsheet cells that cannot run: the one rule every CSV and Excel writer applies to text.

A spreadsheet treats text that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs,
a tab or carriage return before them) as a formula, so a comment such as
``=HYPERLINK("http://…")`` or a label beginning with ``=`` would become a live formula in the
file a council member opens. OWASP's rule for CSV injection is to put a single quote before such
text, which every spreadsheet shows as the text itself. Numbers are never touched (they are
numbers, not formulas), and neither is text that is a plain number (``-0.5``, ``-1,5 %``) or a
single character (the source's status symbol ``-``): neither can call anything.

Characters that an xlsx file cannot hold at all (the C0 control characters other than tab,
newline and carriage return) are dropped, so that one bad value never breaks a whole workbook.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+\-\u2212]?[\d\s\u00a0.,]+%?$")
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet shows it as text, never as a formula."""
    text = XLSX_ILLEGAL.sub("", text)
    if len(text) > 1 and text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A cell value for a CSV or xlsx writer: text neutralised by ``safe_text``, anything else
    (numbers, dates, None) as it is."""
    return safe_text(value) if isinstance(value, str) else value


def safe_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [safe_cell(v) for v in values]
