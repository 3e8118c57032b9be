"""The dashboard in a real browser (Debian's Chromium, driven by Playwright): every page opens,
a council member can click from a strategy to an indicator and back, switch language, download
a table, and axe-core finds no serious or critical accessibility violation."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.servers import serve_dashboard, stop

ROOT = Path(__file__).parent.parent
AXE = (Path(__file__).parent / "fixtures" / "axe" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = [
    "/?strategy=norrbotten",
    "/?strategy=blekinge&lang=en",
    "/indicator?strategy=norrbotten&indicator=grp_per_inhabitant&compare=10",
    "/indicator?strategy=blekinge&indicator=population&lang=en",
    "/compare?strategy=norrbotten&indicator=grp_per_inhabitant",
    "/structure?strategy=blekinge&lang=en",
    "/method?strategy=norrbotten",
    "/data",
]


EXPORTS: dict[str, Path] = {}  # where the served app keeps its export slots and cached reports


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    EXPORTS["folder"] = folder / "exports"
    base, process = serve_dashboard(folder / "s3.db", folder / "server.log", env={"S3_EXPORT_DIR": str(EXPORTS["folder"])})
    yield base
    stop(process)


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
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


@pytest.fixture
def page_for_axe(browser):
    # axe-core is injected as an inline script, which the app's content security policy refuses.
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, bypass_csp=True)
    yield context.new_page()
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
    wait_until(page, "[...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))")
    lang = "en" if "lang=en" in path else "sv"
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("header nav").count() >= 1 and page.locator("main").count() == 1
    assert page.locator("#snapshot-banner").is_visible()  # the shipped data are the snapshot
    assert page.csp_violations == []  # the page, its scripts and charts work under the content security policy


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(server, page_for_axe, path):
    page = page_for_axe
    ready(page, server + path)
    page.wait_for_load_state("networkidle")
    # Every chart drawn before checking: a half-rendered page is not what the council sees.
    wait_until(page, "[...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))")
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
    assert "I Blekinge län steg värdet" in page.locator("#indicator-sentence").inner_text()
    assert "strategy=blekinge" in page.url and "indicator=grp_per_employed" in page.url
    page.get_by_role("link", name="← Översikt").click()
    page.wait_for_selector("text=Samlad målbild")


def test_switching_language_keeps_the_view(server, page):
    ready(page, server + "/indicator?strategy=norrbotten&indicator=grp_per_inhabitant")
    page.get_by_role("link", name="In English").click()
    page.wait_for_selector("text=GRP per inhabitant")
    assert "lang=en" in page.url and "indicator=grp_per_inhabitant" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "Indicator – S3 follow-up"  # the tab's title too (Dash's own knows one language)


def test_the_csv_download_opens_with_swedish_settings_and_says_what_the_page_shows(server, page):
    import csv

    ready(page, server + "/compare?strategy=norrbotten&indicator=grp_per_inhabitant")
    page.wait_for_selector("table.s3-table tbody tr")
    counties = page.locator("table.s3-table").first  # the municipalities' table follows
    shown = [[cell.inner_text() for cell in row.locator("td").all()] for row in counties.locator("tbody tr").all()]
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner CSV").first.click()
    period = page.locator("#compare-period input:checked").get_attribute("value")
    assert info.value.suggested_filename == f"compare_grp_per_inhabitant_{period}.csv"
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Swedish Excel needs for å, ä, ö
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))  # Excel's Swedish separator
    assert rows[0] == ["Placering bland länen", "Region", "tusen kronor per invånare", "Kvartil", "Period", "Enhet", "Källa", "Hämtad"]
    assert len(rows) - 1 == len(shown) == 21
    for (rank, name, value, quartile), row in zip(shown, rows[1:]):
        assert row[:2] == [rank, name] and row[3] == quartile and row[4] == period and row[5] == "tusen kronor per invånare"
        # The decimal comma, no thousands separator: Swedish Excel reads it as the number on the page.
        assert float(row[2].replace(",", ".")) == float(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    assert "Kolada" in rows[1][6]
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV för program").first.click()
    machine = list(csv.reader(Path(info.value.path()).read_text(encoding="utf-8").splitlines()))
    assert machine[0][0] == "Placering bland länen" and len(machine) == 22 and "," not in machine[1][2]


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
    shown = card.locator(".indicator-value").inner_text()  # e.g. "648 tusen kronor per invånare (2021)"
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
    rows = list(book["Sammanfattning"].iter_rows(values_only=True))
    header = next(r for r in rows if r[:2] == ("Område", "Indikator"))
    row = dict(zip(header, next(r for r in rows if r[1] == "BRP per invånare")))
    assert norm(f"{number(row['Senaste värde'], 0, 'sv')} {row['Enhet']}") == norm(value)
    assert row["Period"] == period.rstrip(")")


def test_a_report_waits_in_a_visible_queue_while_every_slot_is_busy(server, page):
    from dashboard import exports

    ready(page, server + "/?strategy=blekinge&lang=en")
    group = page.get_by_role("group", name="Export report")
    busy = contextlib.ExitStack()
    busy.enter_context(exports.free_slot(EXPORTS["folder"], 2))  # two reports being built
    busy.enter_context(exports.free_slot(EXPORTS["folder"], 2))
    group.get_by_role("button", name="HTML", exact=True).click()
    page.wait_for_selector("text=Queued: 2 reports are being written right now.")
    with page.expect_download(timeout=60_000) as info:
        busy.close()  # the slots are free: the page asks again by itself and gets its report
    assert info.value.suggested_filename.startswith("follow-up-blekinge-10-")
    wait_until(page, "!document.querySelector('#overview-export-status').textContent")


def wait_until(page, expression: str, timeout: float = 20.0) -> None:
    """Wait until ``expression`` is true in the page. Playwright's wait_for_function evaluates its
    predicate with eval inside the page, which the page's content security policy forbids (as it
    should); page.evaluate runs outside the page's policy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {expression}")
        time.sleep(0.1)


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# --- the optional login (serve --users FILE) ------------------------------------------------

PASSWORD = "korrekt-häst-batteri"


def start_server(folder: Path, *extra: str) -> tuple[str, subprocess.Popen]:
    return serve_dashboard(folder / "s3.db", folder / f"server-{len(list(folder.glob('server-*.log')))}.log", *extra,
                           probe="/login")


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("login")
    users = folder / "users"
    done = subprocess.run([sys.executable, "-m", "dashboard", "adduser", "--users", str(users), "anna.berg"],
                          input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return folder, users


@pytest.fixture(scope="module")
def login_server(users_file):
    folder, users = users_file
    base, process = start_server(folder, "--users", str(users))
    yield base
    stop(process)


def sign_in(page, base, password=PASSWORD):
    page.goto(base + "/?strategy=norrbotten")
    page.wait_for_selector("form input[name=password]")
    page.get_by_label("Användarnamn").fill("anna.berg")
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_without_a_session_pages_and_callbacks_are_refused(login_server, page):
    page.goto(login_server + "/indicator?strategy=norrbotten&indicator=population")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Logga in" and "/login?next=" in page.url
    assert page.csp_violations == []
    assert requests.get(login_server + "/_dash-layout", timeout=5).status_code == 401
    answer = requests.post(login_server + "/_dash-update-component", json={"output": "x", "inputs": []}, timeout=5)
    assert answer.status_code == 401 and "PDF" not in answer.text
    english = requests.get(login_server + "/login?lang=en", timeout=5).text
    assert "<h1>Sign in</h1>" in english and 'lang="en"' in english


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_page_asked_for(login_server, page):
    sign_in(page, login_server, password="fel-lösenord-123")
    page.wait_for_selector("text=Fel användarnamn eller lösenord.")
    page.get_by_label("Användarnamn").fill("anna.berg")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_selector("main h1")
    page.wait_for_selector(".area-card")
    assert "strategy=norrbotten" in page.url and page.csp_violations == []
    # Callbacks carry the CSRF token: an export works in the reader's own session ...
    group = page.get_by_role("group", name="Exportera rapport")
    with page.expect_download(timeout=60_000) as info:
        group.get_by_role("button", name="Excel", exact=True).click()
    assert info.value.suggested_filename.endswith(".xlsx")
    # ... and the same request without the token (as another site would send it) is refused.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert "session" in cookies and "_csrf_token" in cookies
    forged = requests.post(login_server + "/_dash-update-component", cookies={"session": cookies["session"]},
                           json={"output": "overview-export-job.data", "inputs": []}, timeout=5)
    assert forged.status_code == 400


def test_signing_out_ends_the_session(login_server, page):
    sign_in(page, login_server)
    page.wait_for_selector(".area-card")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_selector("text=Du är utloggad.")
    page.goto(login_server + "/data")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Logga in"


def test_a_session_expires(users_file, page):
    folder, users = users_file
    base, process = start_server(folder, "--users", str(users), "--session-minutes", "0.05")  # three seconds
    try:
        sign_in(page, base)
        page.wait_for_selector(".area-card")
        time.sleep(3.5)
        page.goto(base + "/compare?strategy=norrbotten")
        page.wait_for_selector("text=Sessionen har gått ut. Logga in igen.")
        assert page.locator("h1").inner_text() == "Logga in"
    finally:
        stop(process)


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
    page.wait_for_url(lambda url: "period=2019" in url)  # (no string to evaluate: the page's CSP forbids eval)
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


def _shape(body):
    """A callback body without its values: what the server checks before a callback runs."""
    def deps(items):
        return tuple((json.dumps(i["id"], sort_keys=True), i["property"]) for i in items)
    return body["output"], deps(body["inputs"]), deps(body.get("state", [])), tuple(sorted(body))


def test_the_callback_bodies_the_tests_use_are_what_the_browser_sends(server, page):
    """tests/test_boundary.py builds its crafted requests from fixtures/callback_bodies.json: they
    must be what Chromium posts. A crafted one posted to the served app is refused with 400 and
    one warning line in the server's log, no traceback."""
    import copy

    from tests.test_boundary import BODIES

    sent = []
    page.on("request", lambda r: sent.append(json.loads(r.post_data)) if r.url.endswith("_dash-update-component")
            or "_dash-update-component?" in r.url else None)
    ready(page, server + "/indicator?strategy=blekinge&indicator=employment_rate_20_64&lang=en")
    page.get_by_label("Stockholm County").check()
    page.wait_for_url(lambda url: "compare=01" in url)
    page.wait_for_load_state("networkidle")
    with page.expect_download():
        page.get_by_role("button", name="Download CSV").first.click()
    ready(page, server + "/compare?strategy=blekinge&indicator=employment_rate_20_64&lang=en")
    page.get_by_label("2021", exact=True).check()
    page.wait_for_url(lambda url: "period=2021" in url)
    page.wait_for_load_state("networkidle")
    shapes = {_shape(b) for b in sent}
    for name in ("indicator_compare", "router", "download", "compare_period"):
        assert _shape(BODIES[name]) in shapes, name
    crafted = copy.deepcopy(next(b for b in sent if b["output"] == BODIES["download"]["output"]))
    crafted["state"][0]["value"] = 42
    log = EXPORTS["folder"].parent / "server.log"
    before = log.read_text(errors="replace")
    answer = requests.post(server + "/_dash-update-component", json=crafted, timeout=30)
    assert answer.status_code == 400
    time.sleep(0.3)
    added = log.read_text(errors="replace")[len(before):]
    assert "Traceback" not in added and "ERROR" not in added
    assert [line for line in added.splitlines() if "WARNING" in line or "refused" in line] == \
        [next(line for line in added.splitlines() if "refused a malformed request" in line)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_address_too_long_to_be_read_back_is_refused_in_its_language(server, page, lang):
    """Chromium sends a Referer over 4 kB as the bare origin, so the first layout could not read
    such an address: the server answers it with 414 and says why, never another language or
    strategy as though nothing had been asked for."""
    answer = page.goto(f"{server}/?lang={lang}&strategy=" + "n" * 5000)
    assert answer.status == 414
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").inner_text() == {"sv": "Adressen är för lång", "en": "The address is too long"}[lang]
    page.get_by_role("link", name={"sv": "Till översikten", "en": "To the overview"}[lang]).click()
    page.wait_for_selector("main h1")
    assert page.evaluate("document.documentElement.lang") == lang


def test_a_long_value_in_an_address_the_browser_sends_back_whole_is_said_on_the_page(server, page):
    ready(page, f"{server}/?lang=en&strategy=" + "n" * 1500)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "The value of 'strategy' in the address is longer than 200 characters" in page.locator("#page-notices").inner_text()


@pytest.fixture(scope="module")
def revised_server(server, tmp_path_factory):
    """The dashboard on a copy of the served database with new and revised values of Blekinge."""
    import sqlite3

    folder = tmp_path_factory.mktemp("revised")
    db = folder / "s3.db"
    with sqlite3.connect(EXPORTS["folder"].parent / "s3.db") as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO observation_revisions (run_id, dataset, region, period, dims, change, old_value, new_value, "
            "changed_at) VALUES ('r', ?, ?, ?, ?, 'changed', 157000.5, 157421.25, '2026-11-20T05:00:00Z')",
            [("population_kolada", region, str(year), f'{{"gender":"{sex}"}}')
             for region in ("10", "00") for year in range(2015, 2025) for sex in "TKM"])
    base, process = serve_dashboard(db, folder / "server.log")
    yield base
    stop(process)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_what_changed_on_the_overview_fits_a_phone(revised_server, browser, lang):
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        ready(page, f"{revised_server}/?strategy=blekinge&since=2026-11-01&lang={lang}")
        table = page.locator("table.s3-table-stacked").last
        assert table.locator("tbody tr").count() == 60
        assert table.evaluate("t => t.scrollWidth") <= width - 20  # no column cut off
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width < 768:  # a card per row, each value beside its column's name
            cell = table.locator("tbody tr").first.locator("td").nth(1)
            label = cell.evaluate("td => getComputedStyle(td, '::before').content")
            assert ("Avser" if lang == "sv" else "Refers to") in label
            assert cell.inner_text() in ({"Kvinnor", "Män", "Kvinnor och män"} if lang == "sv" else {"Women", "Men", "Women and men"})
        context.close()
