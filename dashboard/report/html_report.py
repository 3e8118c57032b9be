"""The HTML report, which is also the source of the PDF: a cover, a contents list, a summary table,
what changed, then per area and indicator the chart, the sentence, the status explained, the
secretariat's commentary and the sources.

Accessible by construction: ``lang``, one ``h1`` and nested headings, real tables with captions and
header cells, images with alt text, status as symbol and word (never colour alone).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from dashboard.i18n import format_date, number, qualitative_text, t
from indicators.wording import byline, quoted, specialisation_text, verdict_text
from dashboard.report.content import SUMMARY_COLUMNS, Report

STYLE = """
@page{size:A4}
html{font-family:'Liberation Sans','DejaVu Sans',Arial,system-ui,sans-serif;color:#1f2937;line-height:1.45}
body{max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:2rem;color:#0b3d6b;margin:.2rem 0}h2{font-size:1.45rem;color:#0b3d6b;border-bottom:2px solid #0b3d6b;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.15rem;margin:1.4rem 0 .3rem}h4{font-size:1rem;margin:.8rem 0 .2rem}
.cover{padding:2rem 0 1rem}.kicker{text-transform:uppercase;letter-spacing:.08em;color:#0b3d6b;font-weight:600;margin:0}
.cover .region{font-size:1.3rem;margin:.2rem 0 1.5rem}.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.2rem}
.facts dt{font-weight:600}.facts dd{margin:0}
.note{border-left:5px solid #b45309;padding:.5rem 1rem;background:#fffbeb}
.toc ol{list-style:none;padding-left:0}.toc ol ol{padding-left:1.5rem}.toc li{margin:.15rem 0}
.toc a{color:#0b3d6b}.toc .entry{display:flex;gap:.4rem;align-items:last baseline}.toc .dots{flex:1;border-bottom:1px dotted #9ca3af;margin-bottom:.35rem}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.92rem}
th,td{border-bottom:1px solid #d1d5db;padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:#e5edf5}caption{text-align:left;font-weight:600;padding:.3rem 0}
tbody th[scope=rowgroup]{background:#f3f4f6;font-weight:600}table.summary{table-layout:fixed}table.summary tbody th{overflow-wrap:break-word;hyphens:auto}table.summary .status{white-space:normal}.num{text-align:right}.nowrap{white-space:nowrap}
.status{font-weight:600;white-space:nowrap}.verdict{font-size:1.05rem}.cover-verdict{margin:0 0 1.2rem}
.statements li{margin:.3rem 0}.s-on_track{color:#14532d}.s-moderate{color:#854d0e}.s-off_track{color:#991b1b}
.s-moving_away{color:#7f1d1d}.s-not_available{color:#374151}
.facts-line{margin:.2rem 0 .5rem}
figure{margin:.5rem 0}figure img{width:100%;height:auto;border:1px solid #e5e7eb}figcaption{font-size:.95rem;margin-top:.2rem}
blockquote{border-left:4px solid #0b3d6b;margin:0;padding:.2rem 1rem;background:#f8fafc}
.byline{font-size:.85rem;color:#4b5563;margin-top:.2rem}.source{font-size:.85rem;color:#374151}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:10.5pt}table.summary{font-size:9pt}
  .cover{min-height:230mm;display:flex;flex-direction:column;justify-content:center}
  .toc,.chapter,.area{break-before:page}.area-short{break-before:auto}
  h1,h2,h3,h4{white-space:pre-wrap}
  h2,h3,h4,.facts-line{break-after:avoid}
  thead{display:table-header-group}tr,figure,blockquote,.chart-block,.after-chart{break-inside:avoid}
  caption,thead,tbody tr:first-child{break-after:avoid}
  a{color:inherit;text-decoration:none}
}
"""


def write_html(report: Report, out: Path, images: dict[str, str] | None = None) -> Path:
    if images is None:
        from dashboard.report.images import chart_images

        images = chart_images(report, fmt="svg")
    out.write_text(render(report, images), encoding="utf-8")
    return out


def render(report: Report, images: dict[str, str] | None = None, pages: dict[str, int] | None = None) -> str:
    """The report as one self-contained HTML document. ``images`` maps an indicator id to its chart
    as a data URL; ``pages`` maps a contents entry's anchor to its page (for the PDF)."""
    lang, data = report.lang, report.follow_up
    images, pages = images or {}, pages or {}
    parts = [f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             f"<title>{escape(report.title)}</title><meta name=\"author\" content=\"{escape(data['document'].split(',')[0])}\">"
             f"<style>{STYLE}</style></head><body>", _cover(report), _contents(report, pages), "<main>"]
    verdicts = "".join(f"<li><strong>{escape(name)}:</strong> {escape(text)}</li>" for name, text in report.verdicts[1:])
    # Nothing changed is one sentence: said before the summary table rather than alone on a page.
    quiet = not report.changes and not report.status_changes
    parts.append(f"<section class=\"chapter\"><h2 id=\"summary\">{t('report_summary', lang)}</h2>"
                 f"<p class=\"verdict\"><strong>{t('verdict', lang)}:</strong> {escape(report.verdict)}</p>"
                 f"<ul class=\"verdicts\">{verdicts}</ul>{_changes(report, 'h3') if quiet else ''}{_summary(report)}</section>")
    if not quiet:
        parts.append(_changes(report))
    for area in data["areas"]:
        parts.append(_area(report, area, images))
    parts.append(_sections("structure", t("structure", lang), report.structure_chapter()))
    method = report.method + ([(t("worked_example", lang), report.example)] if report.example else [])
    parts.append(_sections("method", t("report_method", lang), method, numbered_last=bool(report.example)))
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _cover(report: Report) -> str:
    lang, data = report.lang, report.follow_up
    facts = report.cover_facts()
    # The strategy document's title is Swedish whatever the report's language (WCAG 3.1.2).
    swedish = ' lang="sv"' if lang != "sv" else ""
    rows = "".join(f"<dt>{escape(k)}</dt><dd{swedish if k == t('report_document', lang) else ''}>{escape(str(v))}</dd>"
                   for k, v in facts)
    note = f"<p class=\"note\">{escape(report.snapshot_note())}</p>" if report.snapshot_note() else ""
    return (f"<header class=\"cover\"><p class=\"kicker\">{t('report_kicker', lang)}</p>"
            f"<h1>{escape(data['label'][lang])}</h1><p class=\"region\">{escape(data['region_name'][lang])}</p>"
            f"<p class=\"verdict cover-verdict\"><strong>{t('verdict', lang)}:</strong> {escape(report.verdict)}</p>"
            f"<dl class=\"facts\">{rows}</dl>{note}</header>")


def _contents(report: Report, pages: dict[str, int]) -> str:
    def entry(anchor: str, title: str) -> str:
        page = f"<span class=\"dots\" aria-hidden=\"true\"></span><span>{pages[anchor]}</span>" if anchor in pages else ""
        return f"<span class=\"entry\"><a href=\"#{anchor}\">{escape(title)}</a>{page}</span>"

    groups: list[tuple[tuple[str, str], list[tuple[str, str]]]] = []
    for anchor, title, level in report.contents():
        if level == 1:
            groups.append(((anchor, title), []))
        else:
            groups[-1][1].append((anchor, title))
    items = "".join(f"<li>{entry(*top)}" + (f"<ol>{''.join(f'<li>{entry(*sub)}</li>' for sub in subs)}</ol>" if subs else "")
                    + "</li>" for top, subs in groups)
    return (f"<nav class=\"toc\" aria-labelledby=\"toc-title\"><h2 id=\"toc-title\">{t('report_contents', report.lang)}</h2>"
            f"<ol>{items}</ol></nav>")


SUMMARY_WIDTHS = (25, 17, 18, 9, 18, 13)  # per cent of the page's width, in the order of SUMMARY_COLUMNS


def _summary(report: Report) -> str:
    lang = report.lang
    head = "".join(f"<th scope=\"col\">{t(label, lang)}</th>" for label, _ in SUMMARY_COLUMNS)
    bodies = []
    for area in report.follow_up["areas"]:
        rows = [s for s in report.summary if s["area_id"] == area["id"]]
        if not rows:
            continue
        body = [f"<tbody><tr><th scope=\"rowgroup\" colspan=\"{len(SUMMARY_COLUMNS)}\">{escape(area['label'][lang])}</th></tr>"]
        for row in rows:
            body.append(
                f"<tr><th scope=\"row\"><a href=\"#ind-{row['id']}\">{escape(row['indicator'])}</a></th>"
                f"<td><span class=\"status s-{row['status_key']}\">{escape(row['status']).replace(' ', '&nbsp;', 1)}</span></td>"
                f"<td class=\"num\">{escape(row['latest_with_unit'])}</td>"
                f"<td>{escape(row['period'] or '–')}</td><td class=\"num\">{escape(row['change_text'] or '–')}</td>"
                f"<td class=\"num\">{escape(row['rank_text'] or '–')}</td></tr>")
        bodies.append("".join(body) + "</tbody>")
    columns = "".join(f"<col style=\"width:{w}%\">" for w in SUMMARY_WIDTHS)
    return (f"<table class=\"summary\"><caption>{t('report_summary', lang)}: {escape(report.title)}</caption>"
            f"<colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>{''.join(bodies)}</table>")


def _changes(report: Report, heading: str = "h2") -> str:
    lang = report.lang
    title = t("report_changes", lang, since=format_date(report.since, lang))
    parts = [f"<section class=\"changes\"><{heading} id=\"changes\">{escape(title)}</{heading}>"]
    if not report.changes and not report.status_changes:
        parts.append(f"<p>{escape(t('no_changes', lang, since=format_date(report.since, lang)))}</p>")
    if report.status_changes:
        parts.append(table(t("changed_statuses", lang), [
            (t("indicator", lang), "indicator"), (t("status_before", lang), "old_status"), (t("status_after", lang), "new_status"),
            (t("changed_at", lang), "changed_at"),
        ], report.status_changes, lang))
    if report.changes:
        parts.append(table(t("revised_for", lang, region=report.follow_up["region_name"][lang]), [
            (t("dataset", lang), "dataset"), (t("revision_detail", lang), "detail"), (t("region", lang), "region"),
            (t("period", lang), "period"),
            (t("change_kind", lang), "change"), (t("value_before", lang), "old_value"), (t("value_after", lang), "new_value"),
            (t("fetched_at", lang), "changed_at"),
        ], report.changes, lang))
    parts.append("</section>")
    return "".join(parts)


def _area(report: Report, area: dict[str, Any], images: dict[str, str]) -> str:
    lang = report.lang
    # An area followed only in words (no indicator) is short: it follows the previous one on the
    # same page instead of leaving a nearly blank page.
    kind = "area" if area["indicators"] else "area area-short"
    parts = [f"<section class=\"{kind}\"><h2 id=\"area-{area['id']}\">{escape(area['label'][lang])}</h2>"]
    if area.get("description"):
        parts.append(f"<p>{escape(area['description'][lang])}</p>")
    if area.get("commentary"):
        parts.append(f"<h3>{t('report_area_commentary', lang)}</h3>{_note(area['commentary'], lang)}")
    if area["indicators"]:
        parts.append(f"<p class=\"verdict\">{escape(verdict_text(area['verdict'], lang))}</p>")
    said = report.statements.get(area["id"]) or []
    if said:
        items = "".join(f"<li><em>{escape(quoted(s['quote'], lang))}</em><br>" + escape(". ".join(
            s[k] for k in ("strategy", "now", "unmeasured") if s.get(k))) + (f"<br><span class=\"source\">{escape(s['differs'])}</span>"
                                                                              if s.get("differs") else "") + "</li>"
                        for s in said)
        parts.append(f"<h3>{t('report_statements', lang)}</h3><ul class=\"statements\">{items}</ul>")
    spec = specialisation_text(area.get("specialisation"), lang)
    if spec:
        parts.append(f"<p><strong>{t('specialisation', lang)}:</strong> {escape(spec)}</p>")
    assessed = [q for q in area["qualitative"] if q["latest"]] if report.follow_up["own_region"] else []
    if assessed:
        items = "".join(f"<li>{escape(qualitative_text(q, lang))}</li>" for q in assessed)
        parts.append(f"<h3>{t('qualitative', lang)}</h3><ul>{items}</ul>")
    if not area["indicators"]:
        parts.append(f"<p>{escape(report.no_indicators(area))}</p>")
    for ind in area["indicators"]:
        parts.append(_indicator(report, report.row(ind["id"]), images.get(ind["id"])))
    parts.append("</section>")
    return "".join(parts)


def _indicator(report: Report, row: dict[str, Any], image: str | None) -> str:
    lang = report.lang
    facts = [f"<span class=\"status s-{row['status_key']}\">{escape(row['status'])}</span>",
             f"{t('latest', lang)}: {escape(row['latest_with_unit'])}" + (f" ({row['period']})" if row["period"] else "")]
    if row["change_text"]:
        facts.append(f"{t('change', lang)}: {escape(row['change_text'])}")
    if row["rank_text"]:
        facts.append(f"{t('rank', lang)}: {escape(row['rank_text'])}")
    if row["flags"]:
        facts.append(escape(row["flags"]))
    # The heading, the facts and the chart (or its sentence) are one block that a page break never splits.
    parts = [f"<article class=\"indicator\"><div class=\"chart-block\"><h3 id=\"ind-{row['id']}\">{escape(row['indicator'])}</h3>",
             f"<p class=\"facts-line\">{' · '.join(facts)}</p>"]
    if image:
        parts.append(f"<figure><img src=\"{image}\" alt=\"{escape(row['alt'])}\" width=\"900\" height=\"420\">"
                     f"<figcaption>{escape(row['sentence'])}</figcaption></figure></div>")
    else:
        parts.append(f"<p>{escape(row['sentence'])}</p></div>")
    parts.append(f"<div class=\"after-chart\"><p><strong>{t('report_how_status', lang)}:</strong> {escape(row['why'])}</p>")
    if row["relative_text"]:
        parts.append(f"<p>{escape(row['relative_text'])}</p>")
    if row["commentary"]:
        parts.append(f"<h4>{t('commentary', lang)}</h4>{_note(row['commentary'], lang)}")
    parts.append(f"<p class=\"source\">{t('sources', lang)}: {escape('; '.join(row['source_lines']))}</p></div></article>")
    return "".join(parts)


def _note(note: dict[str, Any], lang: str) -> str:
    return (f"<blockquote><p>{escape(note['text'])}</p></blockquote>"
            f"<p class=\"byline\">{escape(byline(note, lang))}</p>")


def _sections(anchor: str, title: str, sections: list[tuple[str, list[str]]], numbered_last: bool = False) -> str:
    """A chapter of headed paragraphs (the structure chapter, the method appendix)."""
    parts = [f"<section class=\"area\"><h2 id=\"{anchor}\">{escape(title)}</h2>"]
    for index, (heading, paragraphs) in enumerate(sections):
        if heading:
            parts.append(f"<h3>{escape(heading)}</h3>")
        if numbered_last and index == len(sections) - 1:
            parts.append("<ol>" + "".join(f"<li>{escape(p)}</li>" for p in paragraphs) + "</ol>")
        else:
            parts += [f"<p>{escape(p)}</p>" for p in paragraphs]
    parts.append("</section>")
    return "".join(parts)


def table(caption: str, columns, rows, lang: str) -> str:
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
