"""Every value of the address and of a callback's posted state is checked once, in
dashboard/state.py: an invalid one is not used, and the page names it in a notice with the valid
choices, in the page's language; nothing is swapped silently, nothing is echoed unbounded."""

import json
import time
from pathlib import Path

import pytest

from dashboard.app import app
from dashboard.state import read_state
from ingest.codes import county_codes
from ingest.config import load_config
from tests.shipped import shipped_database

ROOT = Path(__file__).parent.parent
CONFIG = load_config(ROOT / "indicators.yml")


def said(state, lang=None):
    return [n.text(lang or state.lang) for n in state.notices]


def test_a_valid_address_gives_no_notice():
    state = read_state(CONFIG, {"strategy": "blekinge", "indicator": "population", "compare": "25,01", "period": "2021",
                                "since": "2026-01-01", "lang": "en", "region": "10"})
    assert state.notices == [] and state.compare == ["25", "01"] and state.period == "2021"


@pytest.mark.parametrize("params, sv, en", [
    ({"strategy": "gotland"},
     "Strategin 'gotland' finns inte; Norrbottens smarta specialiseringsstrategi visas. Strategier: Norrbottens smarta "
     "specialiseringsstrategi, Blekinges strategi för smart specialisering.",
     "There is no strategy 'gotland'; Norrbotten's smart specialisation strategy is shown. Strategies: "),
    ({"indicator": "grp_per_inhabitnat"}, "Strategin har ingen indikator 'grp_per_inhabitnat'; Naturbaserade näringarnas "
     "andel av näringslivets förädlingsvärde visas. Indikatorer: Naturbaserade näringarnas andel av näringslivets "
     "förädlingsvärde, BRP i fasta priser, BRP per invånare, ",
     "The strategy has no indicator 'grp_per_inhabitnat'; Natural-resource industries' share of business-sector "
     "value added is shown."),
    ({"region": "99"}, "Regionen '99' finns inte; Norrbottens län visas. Län: 01 Stockholms län, 03 Uppsala län",
     "There is no region '99'; Norrbotten County is shown. Counties: 01 Stockholm County"),
    ({"since": "not-a-date"}, "Datumet 'not-a-date' går inte att läsa; ändringar sedan ", "The date 'not-a-date' cannot be read"),
    ({"since": "2026-13-01"}, "Datumet '2026-13-01' går inte att läsa", "The date '2026-13-01' cannot be read"),
    ({"period": "2021<script>"}, "Perioden '2021<script>' går inte att läsa; skriv den som 2023, 2023-Q1 eller 2023-01.",
     "The period '2021<script>' cannot be read"),
    ({"compare": "10,99,xx"}, "'99', 'xx' är inte län och jämförs inte. Länens koder: 01, 03,", "'99', 'xx' are not counties"),
    ({"since": ["2026-01-01", "2025-01-01"]}, "Adressen anger 'since' mer än en gång; den första används.",
     "The address gives 'since' more than once; the first is used."),
])
def test_an_invalid_value_is_named_with_the_valid_choices_in_the_pages_language(params, sv, en):
    swedish, english = read_state(CONFIG, params), read_state(CONFIG, {**params, "lang": "en"})
    assert len(swedish.notices) == 1 and said(swedish)[0].startswith(sv)
    assert len(english.notices) == 1 and said(english)[0].startswith(en)


def test_the_first_of_repeated_keys_wins():
    state = read_state(CONFIG, {"indicator": ["population", "grp_per_employed"], "strategy": ["blekinge", "norrbotten"]})
    assert (state.strategy, state.indicator) == ("blekinge", "population") and len(state.notices) == 2


def test_the_compare_list_is_known_counties_each_once_and_never_more_than_21():
    huge = ",".join(county_codes() * 500)  # 12 kB: once 5 MB of page after 3–4.6 s
    state = read_state(CONFIG, {"compare": huge[:200]})
    assert len(state.compare) <= 21 and len(set(state.compare)) == len(state.compare)
    refused = read_state(CONFIG, {"compare": huge})
    assert refused.compare == [] and said(refused) == ["Värdet av 'compare' i adressen är längre än 200 tecken och används inte."]


def test_a_long_value_is_never_echoed_back():
    state = read_state(CONFIG, {"period": "9" * 100_000, "strategy": "x" * 150})
    assert all(len(text) < 1000 for text in said(state))
    assert any("'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'" in text for text in said(state))


def test_a_posted_state_that_is_not_text_falls_back_with_a_notice():
    state = read_state(CONFIG, {"strategy": {"$ne": 1}, "region": 25, "compare": ["10", {"x": 1}]})
    assert state.strategy == "norrbotten" and state.region == "25" and state.notices
    assert read_state(CONFIG, "not a dict").strategy == "norrbotten"


@pytest.fixture
def served(tmp_path_factory):
    db = shipped_database(tmp_path_factory.mktemp("state"), CONFIG)
    app.server.config["S3_DB"] = str(db)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    return app.server


def test_a_hostile_compare_list_renders_a_bounded_page_fast(served):
    from dashboard.pages import indicator

    huge = ",".join(county_codes() * 5000)  # 120 kB: once held a worker until it was killed
    with served.test_request_context():
        started = time.perf_counter()
        page = json.dumps(indicator.layout(strategy="norrbotten", indicator="population", compare=huge).to_plotly_json(),
                          default=lambda o: o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)
        assert time.perf_counter() - started < 2.0
    assert len(page) < 1_000_000 and "är längre än 200 tecken" in page


def test_an_unknown_indicator_on_the_indicator_page_is_said_on_the_page(served):
    from dashboard.pages import indicator

    with served.test_request_context():
        page = str(indicator.layout(strategy="blekinge", indicator="nosuch", lang="en").to_plotly_json())
    assert "The strategy has no indicator &#x27;nosuch&#x27;" in page or "The strategy has no indicator 'nosuch'" in page


def test_the_server_refuses_a_request_body_over_its_limit(served):
    from dashboard.app import MAX_REQUEST_BYTES

    answer = served.test_client().post("/_dash-update-component", data="x" * (MAX_REQUEST_BYTES + 1),
                                       content_type="application/json")
    assert answer.status_code == 413


def test_every_response_carries_the_security_headers(served):
    answer = served.test_client().get("/")
    policy = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in \
        policy.split("script-src")[1].split(";")[0]
    assert answer.headers["X-Content-Type-Options"] == "nosniff" and answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["X-Frame-Options"] == "DENY"


def test_without_users_the_local_dashboard_needs_no_login(served):
    assert served.test_client().get("/_dash-layout").status_code == 200


def test_the_date_shown_instead_of_an_unreadable_one_is_in_words():
    from datetime import date, timedelta

    from dashboard.i18n import format_date
    from dashboard.state import SINCE_DAYS

    shown = (date.today() - timedelta(days=SINCE_DAYS)).isoformat()
    english = said(read_state(CONFIG, {"since": "x", "lang": "en"}))[0]
    swedish = said(read_state(CONFIG, {"since": "x"}))[0]
    assert f"changes since {format_date(shown, 'en')} are shown" in english and shown not in english
    assert f"ändringar sedan {format_date(shown, 'sv')} visas" in swedish and shown not in swedish
