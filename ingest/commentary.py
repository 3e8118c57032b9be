"""The secretariat's commentary: a short, dated, signed text per indicator or area, kept with
its history (a new comment never overwrites an old one)."""

from __future__ import annotations

from typing import Any

from ingest.config import Config
from ingest.errors import IngestError
from ingest.store import Store, utc_now


class CommentaryError(IngestError):
    """A comment for a strategy, area or indicator that the configuration does not have."""


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
    if not text.strip() or not author.strip():
        raise CommentaryError("a comment needs a text and an author")
    row = {"strategy": strategy, "area": area, "indicator": indicator, "written_at": utc_now(),
           "author": author.strip(), "text": text.strip()}
    with store.db.atomic():
        store.db["commentary"].insert(row)
    return row
