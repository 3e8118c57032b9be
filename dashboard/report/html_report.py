"""The HTML report: accessible (language, headings that form a contents list, real tables)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from dashboard.i18n import number, t
from dashboard.report.content import Report

WORDS = {
    "sv": {"contents": "Innehåll", "summary": "Sammanfattning", "vintage": "Datats årgång", "created": "Skapad",
           "snapshot": "Siffrorna är den medföljande ögonblicksbilden av publicerad statistik från {date}.",
           "changes": "Ändrat sedan {since}", "no_changes": "Inga ändrade värden.", "sources": "Källor",
           "commentary": "Sekretariatets kommentar"},
    "en": {"contents": "Contents", "summary": "Summary", "vintage": "Data vintage", "created": "Created",
           "snapshot": "The figures are the bundled snapshot of published statistics from {date}.",
           "changes": "Changed since {since}", "no_changes": "No changed values.", "sources": "Sources",
           "commentary": "The secretariat's commentary"},
}
STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2937;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #d1d5db;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f6}caption{text-align:left;font-weight:600;padding:.3rem 0}.num{text-align:right}
.note{border-left:5px solid #b45309;padding:.5rem 1rem;background:#fffbeb}blockquote{border-left:4px solid #0b3d6b;margin:0;padding:.3rem 1rem}
@media print{h2{page-break-before:always}}
"""


def write_html(report: Report, out: Path) -> Path:
    out.write_text(render(report), encoding="utf-8")
    return out


def render(report: Report) -> str:
    lang, w, data = report.lang, WORDS[report.lang], report.follow_up
    title = f"{data['label'][lang]} – {data['region_name'][lang]}"
    parts = [f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>",
             f"<style>{STYLE}</style></head><body><header><h1>{escape(title)}</h1>",
             f"<p>{escape(data['document'])}. {w['created']}: {report.created}. {w['vintage']}: {escape(str(data['computed_at']))}.</p></header>"]
    if report.snapshot.get("datasets"):
        parts.append(f"<p class=\"note\">{escape(w['snapshot'].format(date=report.snapshot['created']))}</p>")
    parts.append(f"<nav aria-label=\"{w['contents']}\"><h2 style=\"page-break-before:avoid\">{w['contents']}</h2><ol>")
    parts.append(f"<li><a href=\"#summary\">{w['summary']}</a></li><li><a href=\"#changes\">{escape(w['changes'].format(since=report.since))}</a></li>")
    parts += [f"<li><a href=\"#area-{a['id']}\">{escape(a['label'][lang])}</a></li>" for a in data["areas"]]
    parts.append("</ol></nav><main>")
    columns = [(t("indicator", lang), "indicator"), (t("status", lang), "status"), (t("latest", lang), "latest"),
               (t("period", lang), "period"), (t("change", lang) + " (%)", "change_pct"), (t("rank", lang), "rank")]
    parts.append(f"<section id=\"summary\"><h2>{w['summary']}</h2>")
    parts.append(_table(w["summary"], columns, report.summary, lang))
    parts.append(f"</section><section id=\"changes\"><h2>{escape(w['changes'].format(since=report.since))}</h2>")
    if report.changes:
        change_columns = [(t("dataset", lang), "dataset"), (t("region", lang), "region"), (t("period", lang), "period"),
                          ("−", "old_value"), ("+", "new_value")]
        parts.append(_table(w["changes"].format(since=report.since), change_columns, report.changes, lang))
    else:
        parts.append(f"<p>{w['no_changes']}</p>")
    parts.append("</section>")
    for area in data["areas"]:
        parts.append(f"<section id=\"area-{area['id']}\"><h2>{escape(area['label'][lang])}</h2>")
        if area.get("description"):
            parts.append(f"<p>{escape(area['description'][lang])}</p>")
        for ind in area["indicators"]:
            row = next(s for s in report.summary if s["id"] == ind["id"])
            parts.append(f"<h3>{escape(ind['label'][lang])}</h3><p><strong>{escape(row['status'])}</strong>. "
                         f"{escape(row['sentence'])}</p><p>{escape(row['why'])}</p>")
            if row["commentary"]:
                note = row["commentary"]
                parts.append(f"<h4>{w['commentary']}</h4><blockquote><p>{escape(note['text'])}</p></blockquote>"
                             f"<p>{escape(note['author'])}, {note['written_at'][:10]}</p>")
            sources = "; ".join(f"{s['source']}, {s['table']}" + (f", {s['fetched_at'][:10]}" if s["fetched_at"] else "")
                                for s in row["sources"])
            parts.append(f"<p><small>{w['sources']}: {escape(sources)}</small></p>")
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _table(caption: str, columns, rows, lang: str) -> str:
    head = "".join(f"<th scope=\"col\">{escape(label)}</th>" for label, _ in columns)
    body = []
    for row in rows:
        cells = []
        for _, key in columns:
            value = row.get(key)
            if isinstance(value, float):
                cells.append(f"<td class=\"num\">{number(value, 1, lang)}</td>")
            else:
                cells.append(f"<td>{escape('' if value is None else str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
