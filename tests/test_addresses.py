"""How the server answers a page's address before the app is served: 404 for what leads nowhere,
414 for an address too long to be read back, 503 while the database is damaged, each in the
reader's language; the app's icon at /favicon.ico."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.app import app
from dashboard.not_found import MAX_ADDRESS

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    from ingest.config import load_config
    from ingest.run import run_offline
    from ingest.store import Store

    db = tmp_path_factory.mktemp("addresses") / "s3.db"
    with Store(db) as store:
        run_offline(load_config(ROOT / "indicators.yml"), store, ROOT / "data" / "snapshot")
    return db


@pytest.fixture
def client(database):
    app.server.config["S3_DB"] = str(database)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    return app.server.test_client()


def heading(answer) -> str:
    return re.search(r"<h1>(.*?)</h1>", answer.get_data(as_text=True)).group(1)


@pytest.mark.parametrize("path, lang", [("/404", "sv"), ("/404?lang=en", "en"), ("/404/", "sv"),
                                        ("/assets/..%2f..%2findicators.yml?lang=en", "en"),
                                        ("/assets/%2e%2e/%2e%2e/indicators.yml", "sv"), ("/assets/nosuch.css?lang=en", "en")])
def test_what_leads_nowhere_is_the_sites_own_404_in_the_readers_language(client, path, lang):
    answer = client.get(path)
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    assert heading(answer) == {"sv": "Sidan finns inte", "en": "Page not found"}[lang]
    assert f'<html lang="{lang}">' in answer.get_data(as_text=True)
    assert "smart_specialisation" not in answer.get_data(as_text=True)  # nothing of the file is sent


def test_the_favicon_is_the_apps_icon_not_a_page(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer.mimetype == "image/x-icon"
    assert answer.data == client.get("/_favicon.ico").data and not answer.data.startswith(b"<")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_address_too_long_to_be_read_back_is_answered_414_in_the_readers_language(client, lang):
    answer = client.get(f"/?lang={lang}&strategy=" + "n" * 5000)
    assert answer.status_code == 414 and f'<html lang="{lang}">' in answer.get_data(as_text=True)
    assert heading(answer) == {"sv": "Adressen är för lång", "en": "The address is too long"}[lang]
    assert ("2 000 tecken" if lang == "sv" else "2,000 characters") in answer.get_data(as_text=True).replace("\u00a0", " ")
    assert client.get("/indicator?strategy=" + "n" * MAX_ADDRESS).status_code == 414


def test_a_long_value_in_an_address_of_allowed_length_is_still_said_on_the_page(client):
    """Up to MAX_ADDRESS the page is served and says the value is too long (tests/test_state.py)."""
    assert client.get("/?lang=en&strategy=" + "n" * (MAX_ADDRESS - 30)).status_code == 200


def test_a_damaged_database_answers_503_with_the_maintenance_text_in_both_languages(client, tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a database" * 1000)
    app.server.config["S3_DB"] = str(damaged)
    for path, lang in (("/?lang=en", "en"), ("/indicator?strategy=blekinge", "sv"), ("/data", "sv")):
        answer = client.get(path)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "300"
        assert f'<html lang="{lang}">' in text
        assert "Tillfälligt ur drift" in text and "Temporarily unavailable" in text
        assert text.index({"sv": "Tillfälligt", "en": "Temporarily"}[lang]) < text.index({"sv": "Temporarily", "en": "Tillfälligt"}[lang])
    assert client.get("/nosuch").status_code == 404  # what leads nowhere still does
