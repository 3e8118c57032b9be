"""Splitting a PxWeb query that is over the server's cell limit."""

from __future__ import annotations

import math

from ingest.errors import QueryTooLargeError


def cell_count(selection: dict[str, list[str]]) -> int:
    return math.prod(len(v) for v in selection.values()) if selection else 1


def split_query(
    selection: dict[str, list[str]], max_cells: int, split_order: list[str]
) -> list[dict[str, list[str]]]:
    """Split ``selection`` into queries of at most ``max_cells`` cells.

    Only the variables in ``split_order`` are split, in that order (time first, then region,
    then the others; never the contents variable, whose values differ in unit and meaning and
    some servers require together). Each split variable is cut into consecutive chunks as large
    as the limit allows. Raises ``QueryTooLargeError`` naming the limit when even one value of
    every splittable variable is too much.
    """
    total = cell_count(selection)
    if total <= max_cells:
        return [selection]
    chunk_sizes: dict[str, int] = {}
    remaining = total
    for variable in split_order:
        values = len(selection[variable])
        if values <= 1:
            continue
        rest = remaining // values  # cells per value of this variable
        size = max_cells // rest if rest else values
        if size >= 1:
            chunk_sizes[variable] = min(size, values)
            remaining = rest * chunk_sizes[variable]
            break
        chunk_sizes[variable] = 1
        remaining = rest
    if remaining > max_cells:
        fixed = [v for v in selection if v not in split_order and len(selection[v]) > 1]
        raise QueryTooLargeError(
            f"the query has {total:,} cells and the server allows {max_cells:,}; even one value "
            f"at a time of {', '.join(split_order) or 'no splittable variable'} leaves "
            f"{remaining:,} cells per request. Select fewer values of "
            f"{', '.join(fixed) or 'the other variables'}, or split the dataset in two"
        )
    queries = [dict(selection)]
    for variable, size in chunk_sizes.items():
        values = selection[variable]
        queries = [
            {**query, variable: values[start : start + size]}
            for query in queries
            for start in range(0, len(values), size)
        ]
    return queries
