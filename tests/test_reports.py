"""Reports (Excel and HTML) built from the store: opened and checked against it."""

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    db = folder / "s3.db"
    for fmt, lang in (("xlsx", "sv"), ("html", "sv"), ("html", "en")):
        done = subprocess.run(
            [sys.executable, "-m", "dashboard", "report", "--db", str(db), "--strategy", "norrbotten", "--format", fmt,
             "--lang", lang, "--out", str(folder / f"r-{lang}.{fmt}")], cwd=ROOT, capture_output=True, text=True,
        )
        assert done.returncode == 0, done.stderr
    status = json.loads(subprocess.run(
        [sys.executable, "-m", "ingest", "status", "--db", str(db), "--strategy", "norrbotten", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    return folder, status


def test_the_excel_report_has_a_summary_and_every_value_behind_it(reports):
    folder, status = reports
    book = openpyxl.load_workbook(folder / "r-sv.xlsx")
    summary, values = book["Sammanfattning"], book["Värden"]
    assert summary.freeze_panes == "A2" and values.freeze_panes == "A2"
    rows = {r[1]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    indicators = [i for a in status["areas"] for i in a["indicators"]]
    assert len(rows) == len(indicators)
    grp = next(i for i in indicators if i["id"] == "grp_per_inhabitant")
    assert rows["BRP per invånare"][3] == grp["latest"]["value"] and rows["BRP per invånare"][5] == grp["latest"]["period"]
    assert rows["BRP per invånare"][2] == "▲ god utveckling"
    tidy = list(values.iter_rows(values_only=True))
    assert tidy[0] == ("indicator", "region", "period", "sex", "value", "unit", "source", "retrieved")
    assert ("BRP per invånare", "Norrbottens län", "2021", "T", 648, "tkr per invånare") == tidy[[r[:3] for r in tidy].index(("BRP per invånare", "Norrbottens län", "2021"))][:6]
    assert summary["D2"].number_format == "#,##0.0"


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang, self.headings, self.tables, self.text, self._tag = None, [], 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "table":
            self.tables += 1
        self._tag = tag

    def handle_endtag(self, tag):
        self._tag = None

    def handle_data(self, data):
        if self._tag in ("h1", "h2", "h3") and data.strip():
            self.headings.append((self._tag, data.strip()))
        self.text.append(data)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_html_report_is_structured_and_says_the_same_figures(reports, lang):
    folder, status = reports
    outline = Outline()
    outline.feed((folder / f"r-{lang}.html").read_text(encoding="utf-8"))
    assert outline.lang == lang
    assert outline.headings[0][0] == "h1" and outline.tables >= 1
    areas = [a["label"][lang] for a in status["areas"]]
    assert [h for tag, h in outline.headings if tag == "h2"][-len(areas):] == areas
    text = " ".join(outline.text)
    word = "BRP per invånare i Norrbottens län steg från 527 (2019) till 648" if lang == "sv" else \
        "GRP per inhabitant in Norrbotten County rose from 527 (2019) to 648"
    assert word in text
    assert ("ögonblicksbilden" if lang == "sv" else "bundled snapshot") in text
