"""The secretariat's commentary: a short, dated, signed text per indicator or area, kept with
its history (a new comment never overwrites an old one).

A comment is plain text for a council member to read, in every report too: line breaks are
kept; other control characters (NUL, BEL, ESC …, which break Word and Excel files and a
terminal) are refused; direction overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
would make a byline read backwards, are removed; and it is bounded in length.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ingest.config import Config
from ingest.errors import IngestError
from ingest.store import Store, utc_now

MAX_TEXT = 5000
MAX_AUTHOR = 100
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class CommentaryError(IngestError):
    """A comment for a strategy, area or indicator that the configuration does not have, or a
    comment text or author that is empty, too long or holds control characters."""


def _controls(text: str, *, newline_ok: bool) -> list[str]:
    found = []
    for char in text:
        if char == "\n" and newline_ok:
            continue
        if unicodedata.category(char) == "Cc" and f"U+{ord(char):04X}" not in found:
            found.append(f"U+{ord(char):04X}")
    return found


def clean(text: str, what: str, limit: int, *, newline_ok: bool) -> str:
    """``text`` without direction overrides, stripped; ``CommentaryError`` when it is empty,
    longer than ``limit`` characters or holds control characters."""
    text = BIDI_CONTROLS.sub("", text.replace("\r\n", "\n")).strip()
    bad = _controls(text, newline_ok=newline_ok)
    if bad:
        allowed = " (line breaks are fine)" if newline_ok else ""
        raise CommentaryError(f"the {what} holds control characters ({', '.join(bad[:5])}); remove them{allowed}")
    if not text:
        raise CommentaryError(f"a comment needs a {what}")
    if len(text) > limit:
        raise CommentaryError(f"the {what} is {len(text):,} characters long; at most {limit:,} are kept. Shorten it")
    return text


def printable(text: str) -> str:
    """Text for a terminal: control characters (other than line breaks) and direction overrides
    shown as escapes, never sent raw (comments stored before they were checked, too)."""
    return "".join(
        c if c == "\n" or (unicodedata.category(c) != "Cc" and not BIDI_CONTROLS.match(c)) else f"\\u{ord(c):04x}"
        for c in text
    )


def add_comment(config: Config, store: Store, strategy: str, text: str, author: str, *,
                area: str | None = None, indicator: str | None = None) -> dict[str, Any]:
    if strategy not in config.strategies:
        raise CommentaryError(f"unknown strategy {strategy!r}; configured: {', '.join(config.strategies)}")
    known = config.strategies[strategy].indicators()
    if indicator is not None:
        if indicator not in known:
            raise CommentaryError(f"strategy {strategy!r} has no indicator {indicator!r}; it has: {', '.join(known)}")
        area = known[indicator][0]
    elif area is None or area not in config.strategies[strategy].areas:
        areas = ", ".join(config.strategies[strategy].areas)
        if area is None:
            raise CommentaryError(f"give --indicator or an --area of {strategy!r}: {areas}")
        raise CommentaryError(f"strategy {strategy!r} has no area {area!r}; it has: {areas}")
    row = {"strategy": strategy, "area": area, "indicator": indicator, "written_at": utc_now(),
           "author": clean(author, "author", MAX_AUTHOR, newline_ok=False),
           "text": clean(text, "text", MAX_TEXT, newline_ok=True)}
    with store.db.atomic():
        store.db["commentary"].insert(row)
    return row
