"""The strategies' own words: every statement quotes its strategy's text, and every figure the
strategies state in numbers stands beside a same-concept measure or a recorded reason why none."""

import re
from pathlib import Path

import pytest

from ingest.config import load_config

ROOT = Path(__file__).parent.parent
CONFIG = load_config(ROOT / "indicators.yml")

# Numerals in the documents that are not statistics, and why.
NOT_FIGURES = {
    "norrbotten": {
        "2020": "the document's date (Oktober 2020)",
        "2030": "a horizon (Agenda 2030; 'fram till 2030')",
        "10-15": "a horizon ('om 10-15 år')",
        "20": "a page number ('20 KORTVERSION')",
        "3": "part of a name (S3)",
    },
    "blekinge": {"19": "part of a name (Covid-19)"},
}


def normalised(text: str) -> str:
    """The extracted PDF text with hyphenated line breaks joined and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "", text))


def document(strategy_id: str) -> str:
    return normalised((ROOT / CONFIG.strategies[strategy_id].document_text).read_text(encoding="utf-8"))


def statements(strategy_id: str):
    return [s for area in CONFIG.strategies[strategy_id].areas.values() for s in area.statements]


@pytest.mark.parametrize("strategy_id", list(CONFIG.strategies))
def test_every_statement_quotes_its_strategy(strategy_id):
    text = document(strategy_id)
    for statement in statements(strategy_id):
        assert normalised(statement.quote.sv) in text, statement.quote.sv


@pytest.mark.parametrize("strategy_id", list(CONFIG.strategies))
def test_every_figure_in_the_strategy_has_a_measure_or_a_reason(strategy_id):
    text = document(strategy_id)
    quotes = " ".join(normalised(s.quote.sv) for s in statements(strategy_id))
    # Numbers as the documents write them (4 068, 10-15, 50 %), without list numbering ("2. Tech").
    found = set()
    for match in re.finditer(r"(?<![\w-])(\d{1,3}(?: \d{3})+|\d+(?:-\d+)?)(?![\w])", text):
        number = match.group(1)
        if re.match(r"\s*\.\s+[A-ZÅÄÖ]", text[match.end():]) and len(number) <= 2:
            continue  # a numbered heading or list item
        found.add(number)
    uncovered = {n for n in found if n not in quotes and n not in NOT_FIGURES.get(strategy_id, {})}
    assert uncovered == set(), f"figures of {strategy_id} without a statement: {sorted(uncovered)}"
    assert {"100", "58", "2010", "2015", "4 068", "50", "42"} <= found if strategy_id == "norrbotten" else True


@pytest.mark.parametrize("strategy_id", list(CONFIG.strategies))
def test_every_measured_statement_sits_beside_its_indicator_and_every_other_says_why(strategy_id):
    indicators = CONFIG.strategies[strategy_id].indicators()
    for statement in statements(strategy_id):
        if statement.indicator:
            assert statement.indicator in indicators
        else:
            assert statement.unmeasured.sv and statement.unmeasured.en


def test_every_configured_dataset_feeds_something():
    from ingest.config import unused_datasets

    assert unused_datasets(CONFIG) == []


def test_check_warns_about_a_dataset_nothing_uses(tmp_path):
    import subprocess
    import sys

    config = ROOT / "tests" / "fixtures" / "config" / "valid.yml"
    done = subprocess.run([sys.executable, "-m", "ingest", "check", "--config", str(config)],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "warning: dataset 'population_month' feeds no indicator, statement, structure measure or deflator" in done.stderr


def test_a_series_the_secretariat_enters_is_shown_beside_its_statement(tmp_path):
    """Bottleneck 2 ("the least capital per head") has no public statistic; once the secretariat
    enters its own series, the value and the rank among the counties replace "not measured"."""
    import shutil

    from indicators.wording import statement_text
    from ingest.run import run_offline
    from ingest.writing import recompute, writing
    from indicators.follow_up import follow_up
    from ingest.store import Store

    for name in ("indicators.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("data/snapshot", "data/manual", "data/strategies"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    counties = {"10": 120.5, "25": 900.0, "24": 650.0, "01": 300.0}  # kr per inhabitant (made up for the test)
    lines = ["series,region,period,value,unit,source,note"] + [
        f"development_capital,{code},2024,{value},kr per invånare,Tillväxtverket (test),"
        for code, value in counties.items()]
    (tmp_path / "data/manual/development_capital.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(tmp_path / "indicators.yml")
    db = tmp_path / "s3.db"
    with writing(db, "run") as (store, operation):
        run_offline(config, store, tmp_path / "data/snapshot")
        recompute(config, store, operation)
    with Store(db, readonly=True) as store:
        data = follow_up(config, store, "blekinge")
    statement = next(s for a in data["areas"] for s in a["statements"] if s.get("series") == "development_capital")
    said = statement_text(statement, None, 1, "sv")
    assert said["now"] == "Nu: 120,5 kr per invånare (2024), plats 4 av 4 (2024)"
    assert "unmeasured" not in said and said["differs"].startswith("Måttet är sekretariatets egen serie")
    english = statement_text(statement, None, 1, "en")
    assert english["now"] == "Now: 120.5 SEK per inhabitant (2024), rank 4 of 4 (2024)"
