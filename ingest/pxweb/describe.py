"""A readable listing of a PxWeb table's variables and value codes, for writing selections."""

from __future__ import annotations

from ingest.pxweb.client import TableMetadata


def describe_table(meta: TableMetadata, *, info: dict | None = None, limit: int | None = 12) -> str:
    """Variables with their codes and labels; ``limit`` values each (None for all)."""
    lines = [f"{meta.table}: {meta.label or ''}".rstrip()]
    if info:
        lines.append(
            f"  updated {info.get('updated')}, periods {info.get('firstPeriod')}–{info.get('lastPeriod')}"
            f" ({info.get('timeUnit')})"
        )
    if meta.table_id and meta.table_id != meta.table:
        lines.append(f"  v2 table id: {meta.table_id}")
    for var in meta.variables:
        marks = [m for m, on in (("time", var.is_time), ("contents", var.is_contents)) if on]
        marks.append("may be left out (eliminated)" if var.elimination else "must be selected")
        lines.append(f"  {var.code} — {var.label} [{', '.join(marks)}], {len(var.values)} values")
        shown = var.values if limit is None else var.values[:limit]
        for code in shown:
            lines.append(f"      {code:<14} {var.value_labels.get(code, '')}")
        if len(shown) < len(var.values):
            lines.append(f"      … {len(var.values) - len(shown)} more (--all lists them)")
        if var.codelists:
            lines.append(f"      codelists: {', '.join(var.codelists)}")
    return "\n".join(lines)
