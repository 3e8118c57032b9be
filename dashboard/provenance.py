"""How a figure's provenance is said, on screen and in every report: source, table, the source's
own "updated" date and when we retrieved it (or the snapshot it comes from)."""

from __future__ import annotations

from typing import Any

from dashboard.i18n import format_date, format_datetime, t

# How a source names what a dataset is taken from: SCB's and Eurostat's tables, Kolada's key
# figures; a file (Tillväxtverket's open data, the secretariat's series) is not named to the reader.
TABLE_WORDS = {"pxweb": "table_id", "eurostat": "table_id", "kolada": "kolada_kpi"}


def source_details(source: dict[str, Any], lang: str) -> str:
    """``SCB, tabell TAB638; källan uppdaterad 1 oktober 2025; hämtad 20 november 2026 kl. 06.00``,
    ``Kolada (RKA), nyckeltal N03700; …`` (one entry of ``queries.indicator_sources``)."""
    word = TABLE_WORDS.get(source.get("source_kind") or "")
    text = f"{source['source']}, {t(word, lang).lower()} {source['table']}" if word and source["table"] else source["source"]
    if source["snapshot"]:
        return f"{text}; {t('snapshot', lang).lower()} {format_date(source['snapshot_created'], lang)}"
    if not source["fetched_at"]:
        return f"{text}; {t('not_yet_retrieved', lang)}"
    updated = (f"; {t('source_updated', lang).lower()} {format_date(source['source_updated'], lang)}"
               if source["source_updated"] else "")
    return f"{text}{updated}; {t('fetched_at', lang).lower()} {format_datetime(source['fetched_at'], lang)}"


def source_line(source: dict[str, Any], lang: str) -> str:
    return f"{source['label'] or source['dataset']} — {source_details(source, lang)}"


def sources_text(sources: list[dict[str, Any]]) -> str:
    """The sources of a table in one cell of a download: ``SCB TAB638; Kolada N03700``."""
    return "; ".join(f"{s['source']} {s['table']}" for s in sources)


def retrieved_text(sources: list[dict[str, Any]]) -> str:
    """When the figures of a table were retrieved (or the snapshot's date), in one cell."""
    return "; ".join(dict.fromkeys(filter(None, ((s["fetched_at"] or s["snapshot_created"] or "")[:10] for s in sources))))

