"""The Word report: the same content as the PDF and HTML reports, as a document the secretariat
can edit before sending.

Accessible: the document language is set, headings use Word's heading styles (so Word's navigation
pane and the contents field find them), every chart has alt text, tables have a repeated header
row and a caption, status is a symbol and a word. Page numbers are fields in the footer (Word and
LibreOffice count pages themselves). The contents list is written here, complete: each entry a
link to a bookmark at its heading, inside a TOC field, so it reads at once in Word and LibreOffice
and Word opens the file without asking to update fields; the page numbers, which only a word
processor knows, are added in Word by updating the field (the note under the list says how).
"""

from __future__ import annotations

import re
from hashlib import sha1
from io import BytesIO
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dashboard.i18n import format_date, number, qualitative_text, t
from indicators.wording import byline, quoted, specialisation_text, verdict_text
from dashboard.report.content import SUMMARY_COLUMNS, Report

BLUE = RGBColor(0x0B, 0x3D, 0x6B)
LANGUAGE = {"sv": "sv-SE", "en": "en-GB"}
CHART_WIDTH = Cm(16.5)
TABLE_TEXT = Pt(9)


def write_docx(report: Report, out: Path, images: dict[str, bytes] | None = None) -> Path:
    if images is None:
        from dashboard.report.browser import run
        from dashboard.report.images import render_charts

        images = run(lambda renderer: render_charts(renderer, report, "png"))
    document(report, images).save(out)
    return out


def document(report: Report, images: dict[str, bytes]) -> Any:
    doc = Document()
    _set_up(doc, report)
    _cover(doc, report)
    _contents(doc, report)
    lang = report.lang
    _heading(doc, t("report_summary", lang), 1, "summary")
    verdict = doc.add_paragraph()
    verdict.add_run(f"{t('verdict', lang)}: ").bold = True
    verdict.add_run(report.verdict)
    for name, text in report.verdicts[1:]:
        item = doc.add_paragraph(style="List Bullet")
        item.add_run(f"{name}: ").bold = True
        item.add_run(text)
    quiet = not report.changes and not report.status_changes
    if quiet:  # one sentence: said before the summary table rather than alone on a page
        _changes(doc, report, page_break=False)
    _summary(doc, report)
    if not quiet:
        _changes(doc, report)
    for area in report.follow_up["areas"]:
        _area(doc, report, area, images)
    _sections(doc, t("structure", lang), "structure", report.structure_chapter())
    method = report.method + ([(t("worked_example", lang), report.example)] if report.example else [])
    _sections(doc, t("report_method", lang), "method", method, numbered_last=bool(report.example))
    return doc


def _sections(doc, title: str, anchor: str, sections: list[tuple[str, list[str]]], numbered_last: bool = False) -> None:
    doc.add_page_break()
    _heading(doc, title, 1, anchor)
    for index, (heading, paragraphs) in enumerate(sections):
        if heading:
            doc.add_heading(heading, level=3)
        style = "List Number" if numbered_last and index == len(sections) - 1 else None
        for text in paragraphs:
            doc.add_paragraph(text, style=style)


def _set_up(doc, report: Report) -> None:
    lang = report.lang
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        defaults.append(language)
    language.set(qn("w:val"), LANGUAGE[lang])
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    for level, size in ((1, 16), (2, 13), (3, 11)):
        style = doc.styles[f"Heading {level}"]
        style.font.color.rgb, style.font.size = BLUE, Pt(size)
    for level in (1, 2):
        style = doc.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT)
    properties = doc.core_properties
    properties.title, properties.subject = report.title, t("report_kicker", lang)
    properties.author = report.follow_up["document"].split(",")[0]
    properties.language, properties.keywords = LANGUAGE[lang], "S3"
    doc.styles["Footer"].font.size = Pt(8)  # also the page-number fields' results
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(report.title + "\t").font.size = Pt(8)
    before, between, after = t("report_page", lang, page="\0", pages="\0").split("\0")
    for text, field in ((before, "PAGE"), (between, "NUMPAGES"), (after, None)):
        footer.add_run(text).font.size = Pt(8)
        if field:
            _field(footer, field, "1")


def bookmark_name(anchor: str) -> str:
    """The bookmark at the heading of a contents entry (``Report.contents``' anchor): letters,
    digits and ``_``, at most 40 characters (Word's rules); ``_Toc`` first, as Word names the
    bookmarks of its own contents lists, so that Word keeps them out of its list of bookmarks."""
    name = "_Toc_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    return name if len(name) <= 40 else f"{name[:31]}_{sha1(anchor.encode()).hexdigest()[:8]}"


def _heading(doc, text: str, level: int, anchor: str | None = None):
    """A heading in Word's heading style; a contents entry's (``anchor``) with its bookmark."""
    paragraph = doc.add_heading(text, level=level)
    if anchor is not None:
        body = doc.element.body
        number = str(len(body.findall(".//" + qn("w:bookmarkStart"))) + 1)
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), number)
        start.set(qn("w:name"), bookmark_name(anchor))
        end.set(qn("w:id"), number)
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)
    return paragraph


def _link(paragraph, text: str, bookmark: str) -> None:
    """``text`` as a link to a bookmark of this document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    link.append(paragraph.add_run(text)._r)  # moved from the paragraph into the link
    paragraph._p.append(link)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES): begin, instruction, separate, the value shown until Word
    updates it, end."""
    _mark(paragraph, "begin")
    _instruction(paragraph, instruction)
    _mark(paragraph, "separate")
    paragraph.add_run(shown).font.size = Pt(8)
    _mark(paragraph, "end")


def _mark(paragraph, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(mark)


def _instruction(paragraph, text: str) -> None:
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {text} "
    paragraph.add_run()._r.append(code)


def _cover(doc, report: Report) -> None:
    lang, data = report.lang, report.follow_up
    for _ in range(6):
        doc.add_paragraph()
    kicker = doc.add_paragraph().add_run(t("report_kicker", lang).upper())
    kicker.bold, kicker.font.color.rgb = True, BLUE
    doc.add_paragraph(data["label"][lang], style="Title")
    doc.add_paragraph(data["region_name"][lang], style="Subtitle")
    facts = report.cover_facts()
    verdict = doc.add_paragraph()
    verdict.add_run(f"{t('verdict', lang)}: ").bold = True
    verdict.add_run(report.verdict)
    for label, value in facts:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(str(value))
    if report.snapshot_note():
        note = doc.add_paragraph(style="Intense Quote")
        note.add_run(report.snapshot_note())
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc, report: Report) -> None:
    """The contents list as it reads when the file is opened: every entry a link to the bookmark at
    its heading, without page numbers. It is the result of a TOC field over heading levels 1–2,
    so that Word adds the page numbers when the secretariat updates it (never asked on opening:
    the settings have no updateFields)."""
    lang = report.lang
    doc.add_paragraph(t("report_contents", lang), style="TOC Heading")
    entries = report.contents()
    for index, (anchor, title, level) in enumerate(entries):
        paragraph = doc.add_paragraph(style=f"TOC {level}")
        if index == 0:
            _mark(paragraph, "begin")
            _instruction(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
            _mark(paragraph, "separate")
        _link(paragraph, title, bookmark_name(anchor))
        if index == len(entries) - 1:
            _mark(paragraph, "end")
    note = doc.add_paragraph()
    note.add_run(t("report_toc_note", lang)).italic = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(doc, report: Report) -> None:
    lang = report.lang
    headers = [t(label, lang) for label, _ in SUMMARY_COLUMNS]
    table = _new_table(doc, headers, f"{t('report_summary', lang)}: {report.title}")
    for area in report.follow_up["areas"]:
        rows = [s for s in report.summary if s["area_id"] == area["id"]]
        if not rows:
            continue
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.text = area["label"][lang]
        merged.paragraphs[0].runs[0].bold = True
        _shade(merged, "F3F4F6")
        for row in rows:
            values = [row["indicator"], row["status"], row["latest_with_unit"], row["period"] or "–",
                      row["change_text"] or "–", row["rank_text"] or "–"]
            _fill(table.add_row().cells, values, numeric={2, 4, 5})
            table.rows[-1].cells[1].paragraphs[0].runs[0].bold = True
    _widths(table, [3.8, 2.8, 3.0, 1.5, 3.3, 2.2])


def _changes(doc, report: Report, page_break: bool = True) -> None:
    lang = report.lang
    if page_break:
        doc.add_page_break()
    _heading(doc, t("report_changes", lang, since=format_date(report.since, lang)), 2 if not page_break else 1, "changes")
    if not report.changes and not report.status_changes:
        doc.add_paragraph(t("no_changes", lang, since=format_date(report.since, lang)))
    if report.status_changes:
        table = _new_table(doc, [t("indicator", lang), t("status_before", lang), t("status_after", lang),
                                 t("changed_at", lang)], t("changed_statuses", lang))
        for c in report.status_changes:
            _fill(table.add_row().cells, [c["indicator"], c["old_status"], c["new_status"], c["changed_at"]])
    if report.changes:
        table = _new_table(doc, [t("dataset", lang), t("revision_detail", lang), t("region", lang), t("period", lang),
                                 t("change_kind", lang), t("value_before", lang), t("value_after", lang), t("fetched_at", lang)],
                           t("revised_for", lang, region=report.follow_up["region_name"][lang]))
        for c in report.changes:
            _fill(table.add_row().cells, [c["dataset"], c["detail"], c["region"], c["period"], c["change"],
                                          number(c["old_value"], 1, lang), number(c["new_value"], 1, lang), c["changed_at"]],
                  numeric={5, 6})


def _area(doc, report: Report, area: dict[str, Any], images: dict[str, bytes]) -> None:
    lang = report.lang
    if area["indicators"]:  # an area followed only in words follows the previous one on its page
        doc.add_page_break()
    _heading(doc, area["label"][lang], 1, f"area-{area['id']}")
    if area.get("description"):
        doc.add_paragraph(area["description"][lang])
    if area["indicators"]:
        doc.add_paragraph(verdict_text(area["verdict"], lang)).runs[0].italic = True
    if area.get("commentary"):
        doc.add_heading(t("report_area_commentary", lang), level=3)
        _note(doc, area["commentary"], lang)
    said = report.statements.get(area["id"]) or []
    if said:
        doc.add_heading(t("report_statements", lang), level=3)
        for st in said:
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(f"{quoted(st['quote'], lang)} ").italic = True
            item.add_run(". ".join(st[k] for k in ("strategy", "now", "unmeasured") if st.get(k)))
            if st.get("differs"):
                item.add_run(f" {st['differs']}").font.size = Pt(9)
    spec = specialisation_text(area.get("specialisation"), lang)
    if spec:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{t('specialisation', lang)}: ").bold = True
        paragraph.add_run(spec)
    assessed = [q for q in area["qualitative"] if q["latest"]] if report.follow_up["own_region"] else []
    if assessed:
        doc.add_heading(t("qualitative", lang), level=3)
        for q in assessed:
            doc.add_paragraph(qualitative_text(q, lang), style="List Bullet")
    if not area["indicators"]:
        doc.add_paragraph(report.no_indicators(area))
    for ind in area["indicators"]:
        _indicator(doc, report, report.row(ind["id"]), images.get(ind["id"]))


def _indicator(doc, report: Report, row: dict[str, Any], image: bytes | None) -> None:
    """An indicator's block, kept on one page where it fits (each paragraph keeps with the next,
    up to the source line)."""
    lang = report.lang
    first = len(doc.paragraphs)
    _heading(doc, row["indicator"], 2, f"ind-{row['id']}")
    facts = doc.add_paragraph()
    facts.add_run(row["status"]).bold = True
    facts.add_run(f" · {t('latest', lang)}: {row['latest_with_unit']}" + (f" ({row['period']})" if row["period"] else ""))
    if row["change_text"]:
        facts.add_run(f" · {t('change', lang)}: {row['change_text']}")
    if row["rank_text"]:
        facts.add_run(f" · {t('rank', lang)}: {row['rank_text']}")
    if row["flags"]:
        facts.add_run(f" · {row['flags']}")
    if image:
        doc.add_picture(BytesIO(image), width=CHART_WIDTH)
        picture = doc.inline_shapes[-1]._inline.docPr
        picture.set("descr", row["alt"])
        picture.set("title", f"{t('chart', lang)}: {row['indicator']}")
        doc.add_paragraph(row["sentence"], style="Caption")
    else:
        doc.add_paragraph(row["sentence"])
    how = doc.add_paragraph()
    how.add_run(f"{t('report_how_status', lang)}: ").bold = True
    how.add_run(row["why"])
    if row["relative_text"]:
        doc.add_paragraph(row["relative_text"])
    if row["commentary"]:
        doc.add_heading(t("commentary", lang), level=3)
        _note(doc, row["commentary"], lang)
    for paragraph in doc.paragraphs[first:]:
        paragraph.paragraph_format.keep_with_next = True
    source = doc.add_paragraph()
    run = source.add_run(f"{t('sources', lang)}: {'; '.join(row['source_lines'])}")
    run.font.size, run.font.color.rgb = Pt(8.5), RGBColor(0x37, 0x41, 0x51)


def _note(doc, note: dict[str, Any], lang: str) -> None:
    doc.add_paragraph(note["text"], style="Quote")
    doc.add_paragraph().add_run(byline(note, lang)).font.size = Pt(9)


def _new_table(doc, headers: list[str], caption: str):
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Light List Accent 1"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    properties = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)
    header = table.rows[0]
    _keep_together(header._tr)
    repeat = OxmlElement("w:tblHeader")  # repeated on every page and read as the header row
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, headers):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].font.size = TABLE_TEXT
    return table


def _fill(cells, values: list[str], numeric: set[int] = frozenset()) -> None:
    _keep_together(cells[0]._tc.getparent())
    for index, (cell, value) in enumerate(zip(cells, values)):
        cell.text = "" if value is None else str(value)
        cell.paragraphs[0].runs[0].font.size = TABLE_TEXT
        if index in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _keep_together(tr) -> None:
    """A row is never split over two pages."""
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    properties = tr.get_or_add_trPr()
    properties.insert(0, keep)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _widths(table, centimetres: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, centimetres):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, centimetres):
            cell.width = Cm(width)
