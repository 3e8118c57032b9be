"""Reports (Excel, Word, PDF, HTML) written by the command line from the shipped data, each file
opened with the tool its readers would use and checked against the store (`ingest status`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from dashboard.i18n import format_date, number, status_symbol, status_word, t

ROOT = Path(__file__).parent.parent
COMMENT = "Gruvnäringen drev ökningen 2021."
AREA_COMMENT = "Testbäddarna har fått nya kunder under året."


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Norrbotten in Swedish in all four formats (with the secretariat's comments), Blekinge in
    English as PDF and Word; and the store's own view of the same follow-up."""
    folder = tmp_path_factory.mktemp("reports")
    db = str(folder / "s3.db")
    first = run("-m", "ingest", "run", "--offline", "--db", db)
    assert first.returncode == 0, first.stderr
    for target, text in ((["--indicator", "grp_per_inhabitant"], COMMENT), (["--area", "arctic_test_beds"], AREA_COMMENT)):
        done = run("-m", "ingest", "comment", "--db", db, "--strategy", "norrbotten", *target, "--author", "Anna Berg",
                   "--text", text)
        assert done.returncode == 0, done.stderr
    jobs = [("norrbotten", "sv", f) for f in ("xlsx", "docx", "pdf", "html")] + [("blekinge", "en", f) for f in ("pdf", "docx", "xlsx")]
    jobs += [("norrbotten", "en", "pdf"), ("blekinge", "sv", "pdf")]
    for strategy, lang, fmt in jobs:
        done = run("-m", "dashboard", "report", "--db", db, "--strategy", strategy, "--lang", lang, "--format", fmt,
                   "--out", str(folder / f"{strategy}-{lang}.{fmt}"))
        assert done.returncode == 0, done.stderr
    status = {s: json.loads(run("-m", "ingest", "status", "--db", db, "--strategy", s, "--format", "json").stdout)
              for s in ("norrbotten", "blekinge")}
    return folder, status


def indicators(status):
    return [i for a in status["areas"] for i in a["indicators"]]


def latest_line(ind, lang):
    """What every report and the dashboard say of an indicator's latest value (in English no space
    before a per-cent sign: 80.9%)."""
    unit = ind["unit"][lang]
    space = "" if lang == "en" and unit.startswith("%") else " "
    value = f"{number(ind['latest']['value'], ind['decimals'], lang)}{space}{unit}"
    return f"{t('latest', lang)}: {value} ({ind['latest']['period']})"


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat(" ".join([p.text for p in document.paragraphs] + cells))


def pdf_text(path: Path, *pages: int, layout: bool = False) -> str:
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), *first_last, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang, self.headings, self.images, self.text, self._tag = None, [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        self._tag = tag

    def handle_endtag(self, tag):
        self._tag = None

    def handle_data(self, data):
        if self._tag in ("h1", "h2", "h3") and data.strip():
            self.headings.append((self._tag, data.strip()))
        self.text.append(data)


def summary_sheet(book) -> tuple[list[tuple], dict[str, dict]]:
    """The verdict lines above the table, and the table's rows by indicator, as {header: value}."""
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[:2] in (("Område", "Indikator"), ("Area", "Indicator")))
    names = rows[header]
    return rows[:header], {r[1]: dict(zip(names, r)) for r in rows[header + 1:]}


def status_text(ind, lang="sv") -> str:
    """What every report says of a status: an out-of-date value says so with its year, and the
    status up to then."""
    if "stale" in ind["flags"]:
        said = f"‖ {'inaktuellt värde' if lang == 'sv' else 'out-of-date value'} ({ind['latest']['period'][:4]})"
        if ind["status"] != "not_available":
            said += f" – {'fram till dess' if lang == 'sv' else 'until then'}: {status_word(ind['status'], lang)}"
        return said
    return f"{status_symbol(ind['status'])} {status_word(ind['status'], lang)}"


def test_every_latest_value_is_the_stores_in_all_four_formats(reports):
    folder, status = reports
    nb = status["norrbotten"]
    book = openpyxl.load_workbook(folder / "norrbotten-sv.xlsx")
    _, excel = summary_sheet(book)
    word, pdf = docx_text(folder / "norrbotten-sv.docx"), flat(pdf_text(folder / "norrbotten-sv.pdf"))
    page = Outline()
    page.feed((folder / "norrbotten-sv.html").read_text(encoding="utf-8"))
    html = flat(" ".join(page.text))
    shown = [i for i in indicators(nb) if i["latest"]]
    assert len(shown) >= 5
    for ind in shown:
        line = flat(latest_line(ind, "sv"))
        assert line in word and line in pdf and line in html, line
        row = excel[ind["label"]["sv"]]
        assert row["Senaste värde"] == ind["latest"]["value"] and row["Period"] == ind["latest"]["period"]
        said = status_text(ind)
        assert row["Status"] == said and said in word and said in pdf and said in html
        if ind["rank"]:  # the rank a number, with the count and its year beside it
            assert (row["Placering bland länen"], row["Antal län"], row["År för placeringen"]) == \
                (ind["rank"], ind["rank_of"], ind["rank_period"])
            assert f"{ind['rank']} av {ind['rank_of']} ({ind['rank_period']}" in word  # (and why, when it is older than the value)
        if "stale" in ind["flags"]:  # said once, in the status: not again among the caveats
            assert "inaktuellt värde" not in (row["Att tänka på"] or "")
    missing = [i for i in indicators(nb) if not i["latest"]]
    assert missing and all(excel[i["label"]["sv"]]["Senaste värde"] is None for i in missing)  # never a 0 for a missing figure


def test_the_excel_report_has_a_summary_and_every_value_behind_it(reports):
    folder, status = reports
    book = openpyxl.load_workbook(folder / "norrbotten-sv.xlsx")
    summary, values = book["Sammanfattning"], book["Värden"]
    verdicts, rows = summary_sheet(book)
    # The verdict comes first: the strategy's, then each area's; then the table, frozen below its header.
    verdict = status["norrbotten"]["verdict"]
    assert verdicts[0][0] == "Samlad bedömning" and verdicts[0][1].startswith(
        f"Av {verdict['total']} indikatorer har {verdict['assessed']} bedömts – ")
    header = len(verdicts) + 1
    assert summary.freeze_panes == f"A{header + 1}" and values.freeze_panes == "A2" and values.auto_filter.ref
    assert len(rows) == len(indicators(status["norrbotten"]))
    tidy = list(values.iter_rows(values_only=True))
    assert tidy[0] == ("Indikator", "Region", "Period", "Kön", "Värde", "Enhet", "Källa", "Hämtad")
    grp = tidy[[r[:3] for r in tidy].index(("BRP per invånare", "Norrbottens län", "2021"))]
    assert grp[:6] == ("BRP per invånare", "Norrbottens län", "2021", "Totalt", 648, "tusen kronor per invånare")
    assert grp[6].startswith("Kolada") and grp[7]  # source and retrieval on every value
    # Numbers are numbers in the indicator's decimals; the rank a number with the count and its year beside it.
    head = [c.value for c in summary[header]]
    assert head[7:9] == ["Relativ förändring sedan basåret (%)", "Förändring sedan basåret i procentenheter"]
    assert head[9:12] == ["Placering bland länen", "Antal län", "År för placeringen"]
    assert head[12] == "Andel av rikets värde (%)" and head[14] == "Förklaring"
    row = next(r for r in summary.iter_rows(min_row=header + 1) if r[1].value == "BRP per invånare")
    ind = next(i for i in indicators(status["norrbotten"]) if i["id"] == "grp_per_inhabitant")
    assert row[4].number_format == "#,##0" + ("." + "0" * ind["decimals"] if ind["decimals"] else "")
    assert (row[9].value, row[10].value, row[11].value) == (ind["rank"], ind["rank_of"], ind["rank_period"])
    assert isinstance(row[9].value, int) and isinstance(row[10].value, int)
    assert row[7].value == pytest.approx(ind["change_pct"]) and row[8].value is None  # money: no percentage points


def test_every_sheet_of_the_english_excel_report_has_english_headings(reports):
    folder, _ = reports
    book = openpyxl.load_workbook(folder / "blekinge-en.xlsx")
    assert book.sheetnames == ["Summary", "Values"]
    assert [c.value for c in book["Values"][1]] == ["Indicator", "Region", "Period", "Sex", "Value", "Unit", "Source", "Retrieved"]
    _, rows = summary_sheet(book)
    assert list(next(iter(rows.values())))[:3] == ["Area", "Indicator", "Status"]
    assert {r[3] for r in book["Values"].iter_rows(min_row=2, values_only=True)} <= {"Total", "Women", "Men"}


def test_the_word_report_is_structured_accessible_and_complete(reports):
    folder, status = reports
    path = folder / "norrbotten-sv.docx"
    document = docx.Document(str(path))
    nb = status["norrbotten"]
    assert document.core_properties.title == "Norrbottens smarta specialiseringsstrategi – Norrbottens län"
    assert document.core_properties.language == "sv-SE"
    assert 'w:val="sv-SE"' in document.styles.element.xml
    headings = {level: [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"] for level in (1, 2)}
    # Nothing changed since the date: said under the summary, not alone on a page of its own.
    assert headings[1][0] == "Sammanfattning" and headings[2][0].startswith("Ändringar sedan ")
    assert headings[1][1:] == [a["label"]["sv"] for a in nb["areas"]] + ["Struktur och specialisering", "Bilaga: metod"]
    assert headings[2][1:] == [i["label"]["sv"] for i in indicators(nb)]
    assert [p.text for p in document.paragraphs if p.style.name == "TOC 1"][0] == "Sammanfattning"
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert " PAGE " in footer and " NUMPAGES " in footer and "Sida " in footer
    charted = [i for i in indicators(nb) if i["latest"]]
    pictures = [shape._inline.docPr for shape in document.inline_shapes]
    assert len(pictures) == len(charted)
    for picture, ind in zip(pictures, charted):
        assert picture.get("descr").startswith(f"Diagram: {ind['label']['sv']}") and picture.get("title")
    summary = document.tables[0]
    assert "w:tblHeader" in summary.rows[0]._tr.xml and "w:tblCaption" in summary._tbl.xml
    assert [c.text for c in summary.rows[0].cells] == ["Indikator", "Status", "Senaste värde", "Period",
                                                       "Förändring sedan basåret", "Placering bland länen"]
    text = docx_text(path)
    assert COMMENT in text and AREA_COMMENT in text and "Anna Berg" in text
    assert "Källor: BRP, tusen kronor per invånare (SCB) — Kolada (RKA), nyckeltal N03700" in text
    assert "I Norrbottens län steg värdet från 497 (2018) till 648 tusen kronor per invånare (2021) i löpande priser" in text
    assert "Strategin: 42 % av sysselsättningen (årtal anges inte)" in text and "Ett räkneexempel" in text
    assert text.index("Samlad bedömning: ") < text.index("Innehåll")  # the verdict is on the first page


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_contents(path: Path) -> tuple[list[tuple[str, str, str]], dict[str, tuple[str, str]], str]:
    """A Word file's contents list as (paragraph style, text, link anchor) per entry, its bookmarks
    as {name: (style, text) of the paragraph that holds it}, and its settings.xml."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        settings = archive.read("word/settings.xml").decode()

    def style(p):
        found = p.find(f"{W}pPr/{W}pStyle")
        return "" if found is None else found.get(f"{W}val")

    def text(element):
        return "".join(element.itertext(f"{W}t"))

    entries = [(style(p), text(link), link.get(f"{W}anchor")) for p in body.iter(f"{W}p") if style(p).startswith("TOC")
               for link in p.iter(f"{W}hyperlink")]
    marks = {}
    for start in body.iter(f"{W}bookmarkStart"):
        paragraph = start.getparent()
        assert start.get(f"{W}name") not in marks, start.get(f"{W}name")  # each name once
        assert [e.get(f"{W}id") for e in paragraph.iter(f"{W}bookmarkEnd")] == [start.get(f"{W}id")]  # closed in it
        marks[start.get(f"{W}name")] = (style(paragraph), text(paragraph))
    return entries, marks, settings


@pytest.mark.parametrize("name, strategy, lang", [("norrbotten-sv.docx", "norrbotten", "sv"), ("blekinge-en.docx", "blekinge", "en")])
def test_the_word_contents_list_is_filled_and_linked_without_asking_to_update_fields(reports, name, strategy, lang):
    """Word opens the file without "This document contains fields that may refer to other files"
    (no updateFields), and the contents list is there at once: every area and indicator heading,
    each a link to a bookmark at that very heading."""
    folder, status = reports
    entries, marks, settings = word_contents(folder / name)
    assert "updateFields" not in settings
    assert [title for _, title, _ in entries] == contents_titles(status[strategy], lang)
    levels = [1, 1] + [level for a in status[strategy]["areas"] for level in [1] + [2] * len(a["indicators"])] + [1, 1]
    assert [toc_style for toc_style, _, _ in entries] == [f"TOC{level}" for level in levels]
    assert len(indicators(status[strategy])) == levels.count(2) > 0
    for _, title, anchor in entries:
        heading_style, heading = marks[anchor]  # the link's bookmark exists ...
        assert heading == title and heading_style.startswith("Heading"), (title, anchor, heading)  # ... at its heading
    assert len({anchor for _, _, anchor in entries}) == len(entries) and all(len(name) <= 40 for name in marks)
    document = docx.Document(str(folder / name))
    assert 'TOC \\o "1-2"' in document.element.body.xml  # still a contents field: Word adds page numbers on request


def test_the_pdf_report_is_tagged_numbered_and_has_a_true_contents_list(reports):
    folder, status = reports
    path = folder / "norrbotten-sv.pdf"
    reader = PdfReader(path)
    pages = len(reader.pages)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "sv"
    assert reader.metadata.title == "Norrbottens smarta specialiseringsstrategi – Norrbottens län"
    text = flat(pdf_text(path))
    assert all(f"Sida {k} av {pages}" in text for k in range(1, pages + 1))
    marks = {}

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else marks.setdefault(item.title, reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    nb = status["norrbotten"]
    for title in [a["label"]["sv"] for a in nb["areas"]] + [i["label"]["sv"] for i in indicators(nb)]:
        assert title in marks, title
    contents = flat(pdf_text(path, 2, layout=True))
    for area in nb["areas"]:
        title = area["label"]["sv"]
        assert re.search(re.escape(title) + r" \.* ?" + str(marks[title]) + r"\b", contents), (title, marks[title])
        assert title in flat(pdf_text(path, marks[title]))  # the heading is on the page the contents say
    alts = _figure_alts(root["/StructTreeRoot"])
    assert len(alts) == len([i for i in indicators(nb) if i["latest"]]) and all(a.startswith("Diagram: ") for a in alts)
    assert COMMENT in text and AREA_COMMENT in text
    assert "Siffrorna bygger på publicerad statistik som sammanställdes" in text


PDFS = [("norrbotten", "sv"), ("norrbotten", "en"), ("blekinge", "sv"), ("blekinge", "en")]


def outline(reader) -> list[tuple[str, int]]:
    """The PDF's bookmarks in order: (title, page)."""
    marks = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else marks.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return marks


def contents_titles(status, lang) -> list[str]:
    """What the contents list holds, in order: the summary, what changed, each area and its
    indicators, the structure chapter and the method."""
    since = format_date((date.today() - timedelta(days=90)).isoformat(), lang)
    titles = [t("report_summary", lang), t("report_changes", lang, since=since)]
    for area in status["areas"]:
        titles += [area["label"][lang]] + [i["label"][lang] for i in area["indicators"]]
    return titles + [t("structure", lang), t("report_method", lang)]


@pytest.mark.parametrize("strategy, lang", PDFS)
def test_every_contents_entry_has_the_page_its_heading_is_on(reports, strategy, lang):
    """Also when a heading wraps (Blekinge's "Smart industry – forming technology and marine
    technology"), and when the same words head a later section (the structure chapter)."""
    folder, status = reports
    path = folder / f"{strategy}-{lang}.pdf"
    reader = PdfReader(path)
    marks = outline(reader)
    first, last = (next(page for title, page in marks if title == t(key, lang)) for key in ("report_contents", "report_summary"))
    contents = flat(pdf_text(path, first, max(first, last - 1), layout=True))
    position, cursor = 0, 0
    for title in contents_titles(status[strategy], lang):
        found = re.compile(re.escape(title) + r" (\d+)\b").search(contents, position)
        assert found, (title, contents[position:position + 200])  # listed, in order, with a page number
        page, position = int(found.group(1)), found.end()
        assert title in flat(pdf_text(path, page)), (title, page)  # the heading's words are on that page
        cursor = next(i for i in range(cursor, len(marks)) if marks[i][0] == title) + 1
        assert marks[cursor - 1][1] == page, (title, page, marks[cursor - 1])  # and the heading itself


@pytest.mark.parametrize("strategy, lang", PDFS)
def test_the_pdf_bookmarks_are_spelled_as_the_headings(reports, strategy, lang):
    """A heading that wraps keeps the space at its line break in the bookmark (not "marinetechnology")."""
    folder, status = reports
    path = folder / f"{strategy}-{lang}.pdf"
    marks = [title for title, _ in outline(PdfReader(path))]
    words = set(pdf_text(path).split())
    for title in marks:
        assert title == flat(title) and set(title.split()) <= words, title
    assert marks[0] == status[strategy]["label"][lang]
    assert set(contents_titles(status[strategy], lang)) <= set(marks)


@pytest.mark.parametrize("strategy, lang", PDFS)
def test_an_indicators_heading_facts_and_chart_share_a_page(reports, strategy, lang):
    folder, status = reports
    reader = PdfReader(folder / f"{strategy}-{lang}.pdf")
    destinations = {str(name).removeprefix("/"): reader.get_destination_page_number(d) + 1
                    for name, d in reader.named_destinations.items()}
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    figures = _figure_pages(reader.trailer["/Root"]["/StructTreeRoot"], pages)
    charted = [i for i in indicators(status[strategy]) if i["latest"]]
    assert len(figures) == len(charted)
    for ind in charted:
        page = destinations[f"ind-{ind['id']}"]
        text = flat(pdf_text(folder / f"{strategy}-{lang}.pdf", page))
        assert ind["label"][lang] in text and flat(status_text(ind, lang)) in text and flat(latest_line(ind, lang)) in text, ind["id"]
        chart = next(p for alt, p in figures if alt.split(": ", 1)[1].startswith(ind["label"][lang] + " ("))
        assert chart == page, (ind["id"], page, chart)


def test_no_page_ends_with_a_table_header_or_an_area_row_alone(reports, tmp_path):
    """The summary table printed after blank space of every height, from none to nearly a page:
    its caption and header row never end a page without a row under them, and neither does an
    area's row without its first indicator."""
    from dashboard.report.browser import run as in_chromium
    from dashboard.report.content import build
    from dashboard.report.html_report import STYLE, _summary
    from ingest.config import load_config

    folder, _ = reports
    report = build(load_config(ROOT / "indicators.yml"), folder / "s3.db", "norrbotten")
    table, areas = _summary(report), {a["label"]["sv"] for a in report.follow_up["areas"] if a["indicators"]}
    heights = range(0, 260, 12)  # mm of blank space before the table

    async def prints(renderer):
        return [await renderer.pdf(f"<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><style>{STYLE}</style>"
                                   f"</head><body><div style=\"height:{mm}mm\"></div>{table}</body></html>", footer="<span></span>")
                for mm in heights]

    alone = []
    for mm, pdf in zip(heights, in_chromium(prints)):
        path = tmp_path / f"{mm}.pdf"
        path.write_bytes(pdf)
        for number, page in enumerate(pdf_text(path, layout=True).split("\f"), start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            if lines and (lines[-1] in areas or "länen" in lines[-1] or "basåret" in lines[-1]):
                alone.append((mm, number, lines[-1]))
    assert not alone


def test_the_pdf_names_the_product_as_its_creator(reports):
    folder, _ = reports
    for strategy, lang in PDFS:
        info = PdfReader(folder / f"{strategy}-{lang}.pdf").metadata
        assert info.creator == "S3-uppföljning" and info.producer.startswith("S3-uppföljning")
        assert "Mozilla" not in info.creator + info.producer


def _figure_pages(node, pages) -> list[tuple[str, int]]:
    """(alt text, page) of every figure in the structure tree."""
    node = node.get_object()
    found = [(str(node["/Alt"]), pages[node.raw_get("/Pg").idnum])] if node.get("/S") == "/Figure" and "/Alt" in node else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "keys") and "/S" in kid:
            found += _figure_pages(kid, pages)
    return found


def _figure_alts(node) -> list[str]:
    node = node.get_object()
    found = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "keys") and "/S" in kid:
            found += _figure_alts(kid)
    return found


def test_the_html_report_is_structured_and_says_the_same_figures(reports):
    folder, status = reports
    outline = Outline()
    outline.feed((folder / "norrbotten-sv.html").read_text(encoding="utf-8"))
    nb = status["norrbotten"]
    assert outline.lang == "sv"
    assert [tag for tag, _ in outline.headings].count("h1") == 1
    assert [h for tag, h in outline.headings if tag == "h2"][-len(nb["areas"]) - 2:] == \
        [a["label"]["sv"] for a in nb["areas"]] + ["Struktur och specialisering", "Bilaga: metod"]
    charts = [i for i in indicators(nb) if i["latest"]]
    assert len(outline.images) == len(charts)
    assert all(img["src"].startswith("data:image/svg+xml;base64,") and img["alt"].startswith("Diagram: ") for img in outline.images)
    text = flat(" ".join(outline.text))
    assert "I Norrbottens län steg värdet från 497 (2018) till 648 tusen kronor per invånare (2021) i löpande priser" in text
    assert COMMENT in text and AREA_COMMENT in text and "Siffrorna bygger på publicerad statistik som sammanställdes" in text
    assert "Läsaren" not in text and "python -m" not in text


def test_english_reports_are_in_english(reports):
    folder, status = reports
    bl = status["blekinge"]
    pdf = PdfReader(folder / "blekinge-en.pdf")
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    text = flat(pdf_text(folder / "blekinge-en.pdf"))
    assert f"Page 1 of {len(pdf.pages)}" in text and "Contents" in text and "Summary" in text
    word = docx_text(folder / "blekinge-en.docx")
    for ind in (i for i in indicators(bl) if i["latest"]):
        line = flat(latest_line(ind, "en"))
        assert line in text and line in word
    assert docx.Document(str(folder / "blekinge-en.docx")).core_properties.language == "en-GB"


def test_a_report_without_a_browser_says_what_to_install(tmp_path, reports):
    folder, _ = reports
    done = run("-m", "dashboard", "report", "--db", str(folder / "s3.db"), "--strategy", "norrbotten",
               "--out", str(tmp_path / "r.pdf"), env={"S3_CHROMIUM": str(tmp_path / "no-such-chromium")})
    assert done.returncode == 1 and "S3_CHROMIUM" in done.stderr and not (tmp_path / "r.pdf").exists()
    done = run("-m", "dashboard", "report", "--db", str(folder / "s3.db"), "--strategy", "norrbotten",
               "--out", str(tmp_path / "r.txt"))
    assert done.returncode == 2 and "give --format pdf|docx|xlsx|html" in done.stderr  # a usage error names the valid values


def test_every_status_in_every_report_is_explained_with_the_numbers_that_recompute_it(reports):
    """The report says of each indicator the same explanation as the page: the base actually used, the
    end of the judged series, the growth and the limits (test_status recomputes the status from them)."""
    from indicators.wording import explain

    folder, status = reports
    page = Outline()
    page.feed((folder / "norrbotten-sv.html").read_text(encoding="utf-8"))
    html, word = flat(" ".join(page.text)), docx_text(folder / "norrbotten-sv.docx")
    for ind in indicators(status["norrbotten"]):
        said = flat(explain(ind, "sv", ind["decimals"]))
        assert said in html and said in word, ind["id"]


def test_a_change_in_per_cent_is_in_percentage_points_in_all_four_formats(reports):
    """Post-secondary education went from 36,6 % to 40,4 %: every report says +3,8 procentenheter (the
    same base and end as the status), and the Excel report holds the number in its own column."""
    folder, status = reports
    ind = next(i for i in indicators(status["norrbotten"]) if i["id"] == "post_secondary_education")
    assert ind["percent"] and ind["change_points"] == pytest.approx(ind["assessed"]["value"] - ind["base"]["value"])
    assert ind["change_pct"] == pytest.approx((ind["assessed"]["value"] / ind["base"]["value"] - 1) * 100)  # kept, unchanged
    said = f"+{number(ind['change_points'], 1, 'sv')} procentenheter (från {ind['base']['period']})"
    page = Outline()
    page.feed((folder / "norrbotten-sv.html").read_text(encoding="utf-8"))
    html, word, pdf = flat(" ".join(page.text)), docx_text(folder / "norrbotten-sv.docx"), flat(pdf_text(folder / "norrbotten-sv.pdf"))
    assert said in html and said in word and said in pdf
    relative = f"+{number(ind['change_pct'], 1, 'sv')} %"
    row_text = html[html.index(ind["label"]["sv"]):][:200]
    assert relative not in row_text  # never the relative change where a reader would take it for percentage points
    _, rows = summary_sheet(openpyxl.load_workbook(folder / "norrbotten-sv.xlsx"))
    row = rows[ind["label"]["sv"]]
    assert row["Förändring sedan basåret i procentenheter"] == pytest.approx(ind["change_points"])
    assert row["Relativ förändring sedan basåret (%)"] == pytest.approx(ind["change_pct"])
    english = openpyxl.load_workbook(folder / "blekinge-en.xlsx")
    _, rows = summary_sheet(english)
    rate = next(i for i in indicators(status["blekinge"]) if i["id"] == "employment_rate_20_64")
    assert rows[rate["label"]["en"]]["Change since the base year in percentage points"] == pytest.approx(rate["change_points"])
    english_word = docx_text(folder / "blekinge-en.docx")
    assert f"+{number(rate['change_points'], 1, 'en')} percentage points (from {rate['base']['period']})" in english_word


def test_a_fall_has_the_minus_sign_in_the_text_and_a_negative_number_in_excel(reports):
    folder, status = reports
    population = next(i for i in indicators(status["norrbotten"]) if i["id"] == "population")
    assert population["change_pct"] < 0
    page = Outline()
    page.feed((folder / "norrbotten-sv.html").read_text(encoding="utf-8"))
    html = flat(" ".join(page.text))
    shown = number(population["change_pct"], 1, "sv")
    assert shown.startswith("\u2212") and f"{shown} % (från {population['base']['period']})" in html
    assert f"-{shown[1:]} %" not in html  # never a hyphen for a minus
    _, rows = summary_sheet(openpyxl.load_workbook(folder / "norrbotten-sv.xlsx"))
    cell = rows[population["label"]["sv"]]["Relativ förändring sedan basåret (%)"]
    assert isinstance(cell, float) and cell == pytest.approx(population["change_pct"])


def test_a_report_with_nothing_changed_says_so(reports):
    folder, _ = reports
    page = Outline()
    page.feed((folder / "norrbotten-sv.html").read_text(encoding="utf-8"))
    html = flat(" ".join(page.text))
    # Under the summary (h3), not a chapter of its own alone on a page.
    heading = next(h for tag, h in page.headings if tag == "h3" and h.startswith("Ändringar sedan "))
    assert not any(tag == "h2" and h.startswith("Ändringar sedan ") for tag, h in page.headings)
    since = heading.removeprefix("Ändringar sedan ")
    assert f"Inga ändringar sedan {since}." in html and f"Inga ändringar sedan {since}." in docx_text(folder / "norrbotten-sv.docx")
