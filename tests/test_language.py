"""Both languages whole: a page or report in English carries no Swedish-only word of the one
vocabulary (and of the strategies' own labels), and a Swedish one no English-only word."""

import re
from pathlib import Path

import pytest

from dashboard.app import app
from dashboard.i18n import TEXT
from dashboard.report.content import build
from dashboard.report.html_report import render
from indicators.wording import (
    AREA_KINDS,
    FLAG_WORDS,
    REASONS,
    RELATIVE_WORDS,
    SPECIALISATION_REASONS,
    STATUS_WORDS,
)
from ingest.config import load_config
from tests.shipped import shipped_database

ROOT = Path(__file__).parent.parent
CONFIG = load_config(ROOT / "indicators.yml")


def vocabulary() -> dict[str, set[str]]:
    """Every text of the vocabularies and the configuration, by language."""
    words = {"sv": set(), "en": set()}
    for entry in TEXT.values():
        for lang in words:
            words[lang].add(entry[lang].split("{")[0].strip())
    for table in (STATUS_WORDS, FLAG_WORDS, RELATIVE_WORDS, AREA_KINDS, REASONS, SPECIALISATION_REASONS):
        for lang in words:
            words[lang].update(v.split("{")[0].strip() for v in table[lang].values())
    for strategy in CONFIG.strategies.values():
        labels = [strategy.label] + [a.label for a in strategy.areas.values()]
        labels += [i.label for _, i in strategy.indicators().values()] + [i.unit for _, i in strategy.indicators().values()]
        for area in strategy.areas.values():
            labels += [q.label for q in area.qualitative.values()]
        for label in labels:
            words["sv"].add(label.sv)
            words["en"].add(label.en)
    return words


def only_in(lang: str, words: dict[str, set[str]]) -> set[str]:
    """Texts of ``lang`` long enough to mean something and found in no text of the other language."""
    other = "en" if lang == "sv" else "sv"
    joined = " ".join(words[other])
    return {w for w in words[lang] if len(w) >= 9 and w not in joined and not re.fullmatch(r"[\W\d]+", w)}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    db = shipped_database(tmp_path_factory.mktemp("language"), CONFIG)
    app.server.config["S3_DB"] = str(db)
    app.server.config["S3_CONFIG"] = str(ROOT / "indicators.yml")
    return db


def page_texts(lang: str) -> dict[str, str]:
    from dashboard.pages import compare, data, indicator, method, overview, structure

    def text(component) -> str:
        """What a reader sees (children, labels, chart texts), leaving out parts marked as another
        language (a quotation of the Swedish strategy on an English page: WCAG 3.1.2)."""
        found = []

        def walk(node):
            if hasattr(node, "to_plotly_json"):
                props = node.to_plotly_json().get("props", {})
                if props.get("lang") not in (None, lang):
                    return
                for key in ("children", "label", "options", "figure"):
                    if key in props:
                        walk(props[key])
            elif isinstance(node, dict):
                for key, value in node.items():
                    if key in ("text", "name", "title", "label", "children", "annotations", "data", "layout", "xaxis",
                               "yaxis") or isinstance(value, (list, dict)):
                        walk(value)
            elif isinstance(node, (list, tuple)):
                for item in node:
                    walk(item)
            elif isinstance(node, str):
                found.append(node)

        walk(component)
        return " ".join(found)

    found = {}
    for strategy in CONFIG.strategies:
        found[f"overview {strategy}"] = text(overview.layout(strategy=strategy, lang=lang))
        found[f"structure {strategy}"] = text(structure.layout(strategy=strategy, lang=lang))
        for indicator_id in CONFIG.strategies[strategy].indicators():
            found[f"indicator {strategy} {indicator_id}"] = text(indicator.layout(strategy=strategy, indicator=indicator_id,
                                                                                  lang=lang))
        found[f"compare {strategy}"] = text(compare.layout(strategy=strategy, lang=lang))
    found["data"] = text(data.layout(lang=lang))
    found["method"] = text(method.layout(lang=lang))
    return found


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_no_page_mixes_in_the_other_language(shipped, lang):
    other = "sv" if lang == "en" else "en"
    foreign = only_in(other, vocabulary())
    assert len(foreign) > 100
    with app.server.test_request_context():
        pages = page_texts(lang)
    for name, text in pages.items():
        mixed = sorted(w for w in foreign if w in text)
        assert mixed == [], f"{name} ({lang}) shows {mixed}"


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_no_report_mixes_in_the_other_language(shipped, lang):
    other = "sv" if lang == "en" else "en"
    foreign = only_in(other, vocabulary())
    for strategy in CONFIG.strategies:
        report = build(CONFIG, shipped, strategy, lang=lang)
        document = re.sub(rf'<(\w+)[^>]*lang="(?!{lang}")[^"]*"[^>]*>.*?</\1>', " ", render(report, {}), flags=re.S)
        html = re.sub(r"<[^>]+>", " ", document)
        mixed = sorted(w for w in foreign if w in html)
        assert mixed == [], f"{strategy} report ({lang}) shows {mixed}"
