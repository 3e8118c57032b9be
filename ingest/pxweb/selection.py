"""PxWeb selection expressions, resolved against a table's metadata.

A selection maps a variable code to a list of value codes and expressions: ``*``, ``top(n)``,
``top(n,offset)``, ``bottom(n)``, ``from(x)``, ``to(x)``, ``range(a,b)`` and wildcards with
``*`` and ``?``. Codes and expressions may be mixed, and one string may hold several
separated by commas (``"2015,top(2)"``), as the PxWeb API allows.

Expressions are resolved here, against the metadata, into explicit value codes. That lets the
client validate every code before anything is sent, count the cells exactly, and split a query
over the server's limit; it sends the resolved codes, which every PxWeb version accepts.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from ingest.errors import SelectionError

_FUNCTION = re.compile(r"^(top|bottom|from|to|range)\((.*)\)$", re.IGNORECASE)


@dataclass(frozen=True)
class Expression:
    """One parsed item of a selection."""

    kind: str  # code | all | wildcard | top | bottom | from | to | range
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind in ("code", "wildcard"):
            return self.args[0]
        if self.kind == "all":
            return "*"
        return f"{self.kind}({','.join(self.args)})"


def split_items(text: str) -> list[str]:
    """Split ``"2015,top(2)"`` on the commas that are outside parentheses."""
    items, depth, current = [], 0, ""
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return items


def parse_expression(text: str) -> Expression:
    """Parse one selection item; raise ``SelectionError`` saying what is wrong with it."""
    item = text.strip()
    if not item:
        raise SelectionError("an empty value code")
    if item.startswith("[") and item.endswith("]"):
        item = item[1:-1].strip()  # the bracketed GET-URL form, e.g. [range(2018,2023)]
    match = _FUNCTION.match(item)
    if match:
        kind = match.group(1).lower()
        args = tuple(a.strip() for a in match.group(2).split(",")) if match.group(2).strip() else ()
        if kind in ("top", "bottom"):
            if len(args) not in (1, 2) or not all(a.isdigit() for a in args) or int(args[0]) < 1:
                raise SelectionError(
                    f"{item!r}: {kind}() takes a count of at least 1 and an optional offset, "
                    f"e.g. {kind}(5) or {kind}(5,1)"
                )
        elif kind in ("from", "to"):
            if len(args) != 1 or not args[0]:
                raise SelectionError(f"{item!r}: {kind}() takes one value code, e.g. {kind}(2015)")
        elif len(args) != 2 or not all(args):
            raise SelectionError(f"{item!r}: range() takes two value codes, e.g. range(2015,2023)")
        return Expression(kind, args)
    if "(" in item or ")" in item:
        raise SelectionError(
            f"{item!r} is not a value code or a known expression "
            "(top(n), bottom(n), from(x), to(x), range(a,b), *, wildcards with * and ?)"
        )
    if item == "*":
        return Expression("all")
    if "*" in item or "?" in item:
        return Expression("wildcard", (item,))
    return Expression("code", (item,))


def parse_selection_items(values: list[str]) -> list[Expression]:
    """Parse a variable's list of items (each possibly comma-joined)."""
    return [parse_expression(part) for value in values for part in split_items(value)]


def _describe(codes: list[str], limit: int = 25) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f", … ({len(codes)} in all)" if len(codes) > limit else "")


def resolve(
    variable: str, items: list[str], codes: list[str], *, is_time: bool = False
) -> list[str]:
    """Resolve a variable's selection items against the table's value codes.

    Returns the selected codes in the table's own order, each once, spelt as the table spells
    them (PxWeb codes are case-insensitive). For the time variable ``top(n)`` is the latest n
    periods and ``bottom(n)`` the earliest; for other variables they are the first and last n in
    the table's order.
    """
    by_lower = {c.lower(): i for i, c in enumerate(codes)}
    chosen: set[int] = set()

    def position(code: str) -> int:
        found = by_lower.get(code.lower())
        if found is None:
            raise SelectionError(
                f"variable {variable!r} has no value {code!r}; valid values: {_describe(codes)}"
            )
        return found

    for expression in parse_selection_items(items):
        kind, args = expression.kind, expression.args
        n = len(codes)
        if kind == "code":
            chosen.add(position(args[0]))
        elif kind == "all":
            chosen.update(range(n))
        elif kind == "wildcard":
            pattern = args[0].lower()
            hits = [i for i, c in enumerate(codes) if fnmatch.fnmatchcase(c.lower(), pattern)]
            if not hits:
                raise SelectionError(
                    f"variable {variable!r}: the wildcard {args[0]!r} matches no value; "
                    f"valid values: {_describe(codes)}"
                )
            chosen.update(hits)
        elif kind in ("top", "bottom"):
            count = int(args[0])
            offset = int(args[1]) if len(args) > 1 else 0
            latest_last = (kind == "top") == is_time
            if latest_last:
                stop = n - offset
                chosen.update(range(max(stop - count, 0), max(stop, 0)))
            else:
                chosen.update(range(min(offset, n), min(offset + count, n)))
        elif kind == "from":
            chosen.update(range(position(args[0]), n))
        elif kind == "to":
            chosen.update(range(0, position(args[0]) + 1))
        elif kind == "range":
            start, stop = position(args[0]), position(args[1])
            if start > stop:
                raise SelectionError(
                    f"variable {variable!r}: range({args[0]},{args[1]}) runs backwards; "
                    f"write range({args[1]},{args[0]})"
                )
            chosen.update(range(start, stop + 1))
    if not chosen:
        raise SelectionError(f"variable {variable!r}: the selection {items!r} selects no value")
    return [codes[i] for i in sorted(chosen)]
