"""The dashboard in a real browser (Debian's Chromium, driven by Playwright): every page opens,
a council member can click from a strategy to an indicator and back, switch language, download
a table, and axe-core finds no serious or critical accessibility violation."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).parent.parent
AXE = (Path(__file__).parent / "fixtures" / "axe" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = [
    "/?strategy=norrbotten",
    "/?strategy=blekinge&lang=en",
    "/indicator?strategy=norrbotten&indicator=grp_per_inhabitant&compare=10",
    "/indicator?strategy=blekinge&indicator=population&lang=en",
    "/compare?strategy=norrbotten&indicator=grp_per_inhabitant",
    "/data",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("browser")
    log = (folder / "server.log").open("wb")  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--db", str(folder / "s3.db"), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(base + "/", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.25)
    else:
        process.kill()
        raise RuntimeError((folder / "server.log").read_text())
    yield base
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def ready(page, url):
    """The page has rendered: its header, navigation and heading are there and the network is quiet."""
    page.goto(url)
    page.wait_for_selector("header nav", timeout=20_000)
    page.wait_for_selector("main h1", timeout=20_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_with_a_heading_language_and_landmarks(server, page, path):
    ready(page, server + path)
    lang = "en" if "lang=en" in path else "sv"
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("header nav").count() >= 1 and page.locator("main").count() == 1
    assert page.locator("#snapshot-banner").is_visible()  # the shipped data are the snapshot


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(server, page, path):
    ready(page, server + path)
    page.wait_for_load_state("networkidle")
    # Every chart drawn before checking: a half-rendered page is not what the council sees.
    page.wait_for_function(
        "[...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))", timeout=20_000
    )
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_a_council_member_clicks_from_strategy_to_indicator_and_back(server, page):
    ready(page, server + "/?strategy=norrbotten")
    page.get_by_role("link", name="Blekinges strategi för smart specialisering").click()
    page.wait_for_selector("text=Samlad målbild")
    page.get_by_role("link", name="BRP per sysselsatt").first.click()
    page.wait_for_selector("#indicator-sentence")
    assert "BRP per sysselsatt i Blekinge län" in page.locator("#indicator-sentence").inner_text()
    assert "strategy=blekinge" in page.url and "indicator=grp_per_employed" in page.url
    page.get_by_role("link", name="← Översikt").click()
    page.wait_for_selector("text=Samlad målbild")


def test_switching_language_keeps_the_view(server, page):
    ready(page, server + "/indicator?strategy=norrbotten&indicator=grp_per_inhabitant")
    page.get_by_role("link", name="In English").click()
    page.wait_for_selector("text=GRP per inhabitant")
    assert "lang=en" in page.url and "indicator=grp_per_inhabitant" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"


def test_downloading_a_table_as_csv_gives_the_rows_shown(server, page):
    ready(page, server + "/compare?strategy=norrbotten&indicator=grp_per_inhabitant")
    page.wait_for_selector("table.s3-table tbody tr")
    shown = page.locator("table.s3-table tbody tr").count()
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Rang bland länen,Region")
    assert len(lines) - 1 == shown == 21


def test_keyboard_reaches_the_skip_link_and_navigation(server, page):
    ready(page, server + "/?strategy=norrbotten")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused in ("Översikt", "Indikator")


def test_the_report_exported_from_the_overview_says_what_the_page_says(server, page):
    """One click per format; each file carries the latest value exactly as the overview shows it."""
    import io

    import docx
    import openpyxl

    from dashboard.i18n import number

    ready(page, server + "/?strategy=norrbotten")
    card = page.locator(".indicator-row", has=page.get_by_role("link", name="BRP per invånare", exact=True))
    shown = card.locator(".indicator-value").inner_text()  # e.g. "648 tkr per invånare (2021)"
    value, period = shown.rsplit(" (", 1)
    group = page.get_by_role("group", name="Exportera rapport")
    files = {}
    for fmt, name in (("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("html", "HTML")):
        with page.expect_download(timeout=60_000) as info:
            group.get_by_role("button", name=name, exact=True).click()
        assert info.value.suggested_filename.startswith("uppfoljning-norrbotten-25-")
        assert info.value.suggested_filename.endswith("." + fmt)
        files[fmt] = Path(info.value.path())
    line = norm(f"Senaste värde: {value} ({period}")
    pdf = subprocess.run(["pdftotext", str(files["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    assert line in norm(pdf)
    assert any(line in norm(p.text) for p in docx.Document(str(files["docx"])).paragraphs)
    assert line in norm(files["html"].read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"].read_bytes()))
    row = next(r for r in book["Sammanfattning"].iter_rows(values_only=True) if r[1] == "BRP per invånare")
    assert norm(f"{number(row[3], 0, 'sv')} {row[4]}") == norm(value) and row[5] == period.rstrip(")")


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _count_renders(page):
    """Renders of the page content (in the first layout, or by Dash's page router) and full page
    loads, as they happen."""
    seen = {"content": 0, "documents": 0}

    def on_request(request):
        if request.resource_type == "document":
            seen["documents"] += 1
        elif "_pages_content" in (request.post_data or ""):
            seen["content"] += 1

    def on_response(response):
        if response.url.endswith("/_dash-layout") and _holds_page_content(response.json()):
            seen["content"] += 1

    page.on("request", on_request)
    page.on("response", on_response)
    return seen


def _holds_page_content(node) -> bool:
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == "_pages_content":
            return props.get("children") is not None
        return any(_holds_page_content(v) for v in props.values())
    if isinstance(node, list):
        return any(_holds_page_content(v) for v in node)
    return False


@pytest.mark.parametrize("path", PAGES)
def test_each_page_view_renders_the_page_content_once(server, page, path):
    seen = _count_renders(page)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    ready(page, server + path)
    page.wait_for_timeout(500)  # a second render would follow within this
    assert seen == {"content": 1, "documents": 1}
    assert posts == []  # the first layout holds the page: no callback round trip to draw it


def test_choosing_a_period_redraws_the_content_without_reloading_the_page(server, page):
    ready(page, server + "/compare?strategy=norrbotten&indicator=grp_per_inhabitant")
    seen = _count_renders(page)
    page.get_by_label("2019", exact=True).check()
    page.wait_for_function("location.search.includes('period=2019')")
    page.wait_for_selector("caption:has-text('2019')")
    page.wait_for_load_state("networkidle")
    assert seen == {"content": 1, "documents": 0}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_data_page_fits_a_laptop_and_a_phone_and_stays_a_table(server, browser, lang):
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        ready(page, f"{server}/data?lang={lang}")
        table = page.locator("table.s3-table-stacked").first
        assert table.evaluate("t => t.scrollWidth") <= width - 20  # no column cut off, nothing to scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert table.locator("caption").count() == 1 and table.locator("th[scope=col]").count() == 8
        assert table.get_attribute("role") == "table" and table.locator("td[role=cell]").count() > 0
        if width < 768:  # a card per row: each value beside its column's name
            cell = table.locator("tbody tr").first.locator("td").nth(1)
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            assert ("Källa" if lang == "sv" else "Source") in label
        context.close()
