"""`python -m ingest status` on the shipped data: complete, recomputable, every seed figure shown."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.config import load_config
from indicators.progress import WITHOUT_TARGET, cagr, period_time
from ingest.snapshot import read_manifest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def shipped_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("status") / "s3.db"
    done = subprocess.run([sys.executable, "-m", "ingest", "run", "--offline", "--db", str(db)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return db


def status(db, *args):
    done = subprocess.run([sys.executable, "-m", "ingest", "status", "--db", str(db), *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("strategy", ["norrbotten", "blekinge"])
def test_every_area_and_indicator_is_in_the_follow_up(shipped_db, strategy):
    data = json.loads(status(shipped_db, "--strategy", strategy, "--format", "json"))
    config = load_config(ROOT / "indicators.yml").strategies[strategy]
    assert [a["id"] for a in data["areas"]] == list(config.areas)
    for area in data["areas"]:
        assert area["indicators"] or area["qualitative"], area["id"]
        assert [i["id"] for i in area["indicators"]] == list(config.areas[area["id"]].indicators)
    assert data["region"] == config.region


def test_every_quantified_figure_of_the_seed_documents_appears(shipped_db):
    norrbotten = status(shipped_db, "--strategy", "norrbotten")
    for figure in ("100 miljoner euro per år", "58 % ökning av omsättningen sedan 2010", "4\u00a0068 årsverken (2015)",
                   "50 % av BRP", "42 % av sysselsättningen"):
        assert figure in norrbotten, figure
    english = status(shipped_db, "--strategy", "norrbotten", "--lang", "en")
    for figure in ("100 million EUR per year", "58 % change in turnover since 2010", "4,068 annual work units (2015)",
                   "50 % of GRP", "42 % of total employment"):
        assert figure in english, figure
    blekinge = status(shipped_db, "--strategy", "blekinge")
    assert "21 rang bland de 21 regionerna" in blekinge
    assert "Fordon är den största branschen" in blekinge


@pytest.mark.parametrize("strategy", ["norrbotten", "blekinge"])
def test_each_status_can_be_recomputed_from_the_numbers_beside_it(shipped_db, strategy):
    data = json.loads(status(shipped_db, "--strategy", strategy, "--format", "json"))
    checked = 0
    for area in data["areas"]:
        for ind in area["indicators"]:
            if ind["status"] == "not_available" or ind["target"]:
                continue
            base, latest = ind["base"], ind["latest"]
            growth = cagr(base["value"], latest["value"], period_time(base["period"]), period_time(latest["period"]))
            assert growth == pytest.approx(ind["observed_growth"])
            score = growth * (1 if ind["direction"] == "increase" else -1)
            t = ind["thresholds"]
            expected = ("substantial" if score >= t["high"] else "moderate" if score >= t["medium"]
                        else "limited" if score >= t["low"] else "deterioration")
            assert ind["status"] == expected, ind["id"]
            assert t == WITHOUT_TARGET
            checked += 1
    assert checked >= 3


def test_csv_and_english_output(shipped_db):
    rows = list(csv.DictReader(io.StringIO(status(shipped_db, "--strategy", "norrbotten", "--format", "csv", "--lang", "en"))))
    grp = next(r for r in rows if r["indicator"] == "grp_per_inhabitant")
    assert grp["label"] == "GRP per inhabitant" and grp["latest_period"] == "2021" and grp["status"] == "substantial"
    table = status(shipped_db, "--strategy", "norrbotten", "--lang", "en")
    assert "Norrbotten's smart specialisation strategy — Norrbotten County (25)" in table
    assert "substantial progress" in table


def test_no_indicator_shows_a_value_the_snapshot_does_not_contain(shipped_db):
    import sqlite3

    snapshot_dir = ROOT / "data" / "snapshot"
    manifest = read_manifest(snapshot_dir)
    published = set()
    for dataset, entry in manifest["datasets"].items():
        with (snapshot_dir / entry["file"]).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                published.add((dataset, row["region"], row["period"], json.loads(row["dims"])["gender"], float(row["value"])))
    config = load_config(ROOT / "indicators.yml")
    conn = sqlite3.connect(shipped_db)
    shown = 0
    for strategy_id, strategy in config.strategies.items():
        for indicator_id, (_, indicator) in strategy.indicators().items():
            if indicator.formula.type != "value" or indicator.formula.series.dataset not in manifest["datasets"]:
                continue
            for region, period, sex, value in conn.execute(
                "SELECT region, period, sex, value FROM indicator_values WHERE strategy = ? AND indicator = ?",
                [strategy_id, indicator_id],
            ):
                assert (indicator.formula.series.dataset, region, period, sex, value) in published
                shown += 1
    assert shown > 500


def test_unknown_strategy_is_a_clear_error(shipped_db):
    done = subprocess.run([sys.executable, "-m", "ingest", "status", "--db", str(shipped_db), "--strategy", "gotland"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "--strategy 'gotland' is not valid; valid values: norrbotten, blekinge" in done.stderr


def test_the_reason_is_explained_in_swedish_with_its_numbers():
    from indicators.wording import explain

    row = {"status": "moderate", "observed_growth": 0.01, "direction": "increase",
           "thresholds": {"high": 0.015, "medium": 0.005, "low": 0.0}, "reason": "english"}
    assert explain(row, "sv") == "inget mål: tillväxten i önskad riktning är 1,00 % per år, mot trösklarna 1,50 % / 0,50 % / 0,00 %"
    assert explain({"status": "not_available", "reason": "the base value is 0, so growth cannot be computed"}, "sv") == \
        "basvärdet är 0, så tillväxten kan inte beräknas"
    target = {"status": "limited", "ratio": 0.14, "target_value": 200.0, "target_year": 2029, "reason": "r"}
    assert explain(target, "sv") == "den observerade tillväxten är 14 % av den tillväxt som krävs för att nå 200,00 till 2029 (trösklar 95 / 60 / 0 %)"


def test_commentary_is_kept_with_history_and_shown_in_the_follow_up(tmp_path):
    db = tmp_path / "s3.db"
    base = [sys.executable, "-m", "ingest"]
    subprocess.run(base + ["run", "--offline", "--db", str(db)], cwd=ROOT, capture_output=True, check=True)
    for text in ("Första kommentaren.", "Gruvnäringen drev ökningen 2021."):
        done = subprocess.run(base + ["comment", "--db", str(db), "--strategy", "norrbotten", "--indicator",
                                      "grp_per_inhabitant", "--author", "Anna Berg", "--text", text],
                              cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    listed = subprocess.run(base + ["comment", "--db", str(db), "--strategy", "norrbotten", "--list"],
                            cwd=ROOT, capture_output=True, text=True).stdout.splitlines()
    assert len(listed) == 2 and listed[1].endswith("Anna Berg on grp_per_inhabitant: Gruvnäringen drev ökningen 2021.")
    data = json.loads(status(db, "--strategy", "norrbotten", "--format", "json"))
    grp = next(i for a in data["areas"] for i in a["indicators"] if i["id"] == "grp_per_inhabitant")
    assert grp["commentary"]["text"] == "Gruvnäringen drev ökningen 2021." and grp["commentary"]["author"] == "Anna Berg"
    bad = subprocess.run(base + ["comment", "--db", str(db), "--strategy", "norrbotten", "--indicator", "nope",
                                 "--author", "A", "--text", "t"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "--indicator 'nope' is not valid; valid values: grp_per_inhabitant," in bad.stderr
