"""How the server answers a page's address before the app is served: 414 for an address too
long to be read back, in the reader's language."""

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
