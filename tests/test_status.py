"""`python -m ingest status` on the shipped data: complete, recomputable, every seed figure shown."""

import csv
import io
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ingest.config import load_config
from indicators.progress import WITHOUT_TARGET, cagr, period_time
from indicators.wording import format_date
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
        assert area["indicators"] or area["qualitative"] or area["statements"], area["id"]
        assert [i["id"] for i in area["indicators"]] == list(config.areas[area["id"]].indicators)
    assert data["region"] == config.region


def test_every_quantified_figure_of_the_seed_documents_appears_beside_its_measure(shipped_db):
    norrbotten = status(shipped_db, "--strategy", "norrbotten")
    for figure in ("Strategin: cirka 100 miljoner euro per år (årtal anges inte)",
                   "Strategin: 58 % ökning av omsättningen sedan 2010 (årtal anges inte)",
                   "Strategin: 4\u00a0068 årsverken (2015)", "Strategin: cirka 50 % av BRP (årtal anges inte)",
                   "Strategin: 42 % av sysselsättningen (årtal anges inte)"):
        assert figure in norrbotten, figure
    english = status(shipped_db, "--strategy", "norrbotten", "--lang", "en")
    for figure in ("The strategy: about EUR 100 million a year (no year given)",
                   "The strategy: 58% rise in turnover since 2010", "The strategy: 4,068 annual work units (2015)",
                   "The strategy: about 50% of GRP (no year given)", "The strategy: 42% of total employment"):
        assert figure in english, figure
    blekinge = status(shipped_db, "--strategy", "blekinge")
    assert "Strategin: plats 21 av 21 regioner (minst kapital per invånare) (årtal anges inte)" in blekinge
    assert "Strategin: fordon är den största branschen (årtal anges inte)" in blekinge
    # Blekinge's employment rate beside the strategy's "low": the county's own value, rank and Sweden's.
    assert "Strategin: låg sysselsättningsgrad (årtal anges inte). Nu: 80,9 % (2024), plats 13 av 21 (2024); riket 80,9 %" in blekinge


@pytest.mark.parametrize("strategy", ["norrbotten", "blekinge"])
def test_each_status_can_be_recomputed_from_the_numbers_beside_it(shipped_db, strategy):
    """The growth from the base actually used (a mean of years at their mean time) to the end of the
    judged series, in the desired direction, against the thresholds shown: the status follows."""
    data = json.loads(status(shipped_db, "--strategy", strategy, "--format", "json"))
    checked = 0
    for area in data["areas"]:
        for ind in area["indicators"]:
            if ind["status"] in ("not_available", "followed") or ind["target"]:
                continue
            base, end = ind["base"], ind["assessed"]
            t0 = sum(period_time(p) for p in base["periods"]) / len(base["periods"])
            growth = cagr(base["value"], end["value"], t0, period_time(end["period"]))
            assert growth == pytest.approx(ind["observed_growth"])
            score = growth * (1 if ind["direction"] == "increase" else -1)
            t = ind["thresholds"]
            expected = ("substantial" if score >= t["high"] else "moderate" if score >= t["medium"]
                        else "limited" if score >= t["low"] else "deterioration")
            assert ind["status"] == expected, ind["id"]
            assert t == WITHOUT_TARGET
            if ind["prices"] == "deflated":
                assert end["period"] <= ind["latest"]["period"] and ind["deflator"] == "cpi_annual"
            checked += 1
    assert checked >= 4


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
                published.add((dataset, row["region"], row["period"], row["dims"], float(row["value"])))
    config = load_config(ROOT / "indicators.yml")
    conn = sqlite3.connect(shipped_db)
    shown = 0
    for strategy_id, strategy in config.strategies.items():
        for indicator_id, (_, indicator) in strategy.indicators().items():
            formula = indicator.formula
            if formula.type != "value" or formula.scale or formula.series.dataset not in manifest["datasets"]:
                continue
            for region, period, sex, value in conn.execute(
                "SELECT region, period, sex, value FROM indicator_values WHERE strategy = ? AND indicator = ?",
                [strategy_id, indicator_id],
            ):
                series = indicator.municipal if len(region) == 4 else formula.series  # the county from the inside
                dims = dict(series.dims)
                if "gender" in dims:
                    dims["gender"] = sex
                key = (series.dataset, region, period, json.dumps(dims, sort_keys=True, separators=(",", ":")), value)
                assert key in published, key
                shown += 1
    assert shown > 2000


def test_unknown_strategy_is_a_clear_error(shipped_db):
    done = subprocess.run([sys.executable, "-m", "ingest", "status", "--db", str(shipped_db), "--strategy", "gotland"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "--strategy 'gotland' is not valid; valid values: norrbotten, blekinge" in done.stderr


def test_the_reason_is_explained_in_swedish_with_its_numbers():
    from indicators.wording import explain

    row = {"status": "moderate", "observed_growth": 0.01, "direction": "increase", "base_period": "2019",
           "base_value": 100.0, "current_period": "2021", "current_value": 102.01,
           "thresholds": {"high": 0.015, "medium": 0.005, "low": 0.0}, "reason": "english"}
    assert explain(row, "sv", 1) == ("Värdet har ökat med i genomsnitt 1,0 % per år från 2019 till 2021 (från 100,0 till 102,0). "
                                     "Strategin har inget mål för indikatorn. Därför jämförs förändringen i önskad riktning "
                                     "med fasta gränser: minst 1,5 % per år ger god utveckling, minst 0,5 % måttlig och "
                                     "0 % eller mer begränsad utveckling.")
    # A fall says so with its verb, and the rate without a sign (never "förändrades −0,1 %").
    fall = {**row, "status": "deterioration", "observed_growth": -0.001, "current_value": 99.8}
    assert explain(fall, "sv", 1).startswith("Värdet har minskat med i genomsnitt 0,1 % per år från 2019 till 2021 "
                                            "(från 100,0 till 99,8).")
    assert explain(fall, "en", 1).startswith("The value fell by an average of 0.1% a year from 2019 to 2021 (100.0 → 99.8).")
    assert explain({"status": "not_available", "reason_code": "zero_base"}, "sv") == \
        "Basvärdet är 0, så ingen tillväxttakt kan beräknas."
    target = {"status": "limited", "ratio": 0.14, "target_value": 200.0, "target_year": 2029, "reason": "r",
              "observed_growth": 0.01, "base_period": "2019", "base_value": 100.0, "current_period": "2020",
              "current_value": 101.0}
    assert explain(target, "sv", 0).endswith("Det är 14 % av den tillväxt som krävs för att nå målet 200 till 2029 "
                                             "(gränser 95 / 60 / 0 %).")
    assert "uppgift" not in explain({"status": "not_available", "reason_code": "no_breakdown"}, "en").lower()


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
    assert bad.returncode == 2 and "--indicator 'nope' is not valid; valid values: natural_resource_value_added_share," in bad.stderr


def test_status_shows_the_latest_comment_per_indicator_and_per_area_in_the_table_and_the_csv(tmp_path):
    db = tmp_path / "s3.db"
    base = [sys.executable, "-m", "ingest"]
    subprocess.run(base + ["run", "--offline", "--db", str(db)], cwd=ROOT, capture_output=True, check=True)
    long = ("Gruvnäringen drev ökningen 2021, när priserna på järnmalm steg och LKAB investerade i nya anläggningar "
            "i Kiruna och Malmberget.\nÖkningen väntas inte hålla i sig.")
    for target, author, text in ((["--indicator", "grp_per_inhabitant"], "Anna Berg", "En äldre kommentar."),
                                 (["--indicator", "grp_per_inhabitant"], "Anna Berg", long),
                                 (["--area", "space_technology"], "Per Ek", '=HYPERLINK("http://evil.example")')):
        done = subprocess.run(base + ["comment", "--db", str(db), "--strategy", "norrbotten", *target,
                                      "--author", author, "--text", text], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    day = format_date(datetime.now(timezone.utc).date(), "sv")
    lines = status(db, "--strategy", "norrbotten").splitlines()
    at = lines.index(f"      Sekretariatets kommentar (Anna Berg, {day}):")
    above = next(line for line in reversed(lines[:at]) if not line.startswith("      "))
    assert above.startswith("  - BRP per invånare: ")  # under its indicator, after the numbers
    said = []
    for line in lines[at + 1:]:
        if not line.startswith("        "):
            break
        said.append(line)
    assert all(len(line) <= 100 for line in said) and len(said) >= 3  # short lines, each whole words
    assert " ".join(line.strip() for line in said) == long.replace("\n", " ")
    assert said[-1] == "        Ökningen väntas inte hålla i sig."  # the author's own line break kept
    assert "En äldre kommentar." not in "\n".join(lines)  # the latest only
    area = lines.index(f"   Sekretariatets kommentar om området (Per Ek, {day}):")
    assert lines[area - 2].startswith("## Rymdteknik") and lines[area + 1] == '     =HYPERLINK("http://evil.example")'
    english = status(db, "--strategy", "norrbotten", "--lang", "en")
    assert f"      The secretariat's commentary (Anna Berg, {format_date(datetime.now(timezone.utc).date(), 'en')}):" in english

    rows = list(csv.DictReader(io.StringIO(status(db, "--strategy", "norrbotten", "--format", "csv"))))
    grp = next(r for r in rows if r["indicator"] == "grp_per_inhabitant")
    assert grp["commentary"] == f"{long} (Anna Berg, {day})"
    space = [r for r in rows if r["area"] == "space_technology"]
    assert space and all(r["area_commentary"] == f"'=HYPERLINK(\"http://evil.example\") (Per Ek, {day})" for r in space)
    assert all(r["commentary"] == "" for r in rows if r["indicator"] != "grp_per_inhabitant")


def test_the_json_contract_of_the_assessment_and_the_structure(shipped_db):
    """The names other tools build on: flags, prices, relative, the base actually used, verdicts,
    specialisation, twins and krugman."""
    data = json.loads(status(shipped_db, "--strategy", "norrbotten", "--format", "json"))
    assert set(data["verdict"]) >= {"total", "assessed", "by_status", "stale", "no_data"}
    assert data["verdict"]["total"] == sum(len(a["indicators"]) for a in data["areas"])
    assert isinstance(data["twins"], list) and all({"region", "distance"} <= set(t) for t in data["twins"])
    assert data["twins"] and [t["distance"] for t in data["twins"]] == sorted(t["distance"] for t in data["twins"])
    assert "krugman" in data
    for area in data["areas"]:
        assert set(area["verdict"]) >= {"total", "assessed", "by_status"}
        for ind in area["indicators"]:
            assert set(ind["flags"]) <= {"uncertain", "volatile", "stale", "break"}
            assert ind["prices"] in (None, "fixed", "current", "deflated")
            assert (ind["deflator"] is not None) == (ind["prices"] == "deflated")
            if ind["relative"]:
                assert {"status", "observed_growth"} <= set(ind["relative"])
            if ind["base"]:
                assert ind["base"]["periods"] and ind["base"]["period"].startswith(ind["base"]["periods"][0])
        if area["specialisation"] is not None:
            spec = area["specialisation"]
            assert {"share", "lq", "lq_base", "shift_share", "reason"} <= set(spec)
            assert spec["reason"] or spec["shift_share"] is not None
    grp = next(i for a in data["areas"] for i in a["indicators"] if i["id"] == "grp_per_inhabitant")
    assert grp["prices"] == "deflated" and grp["deflator"] == "cpi_annual" and grp["base"]["periods"] == ["2018", "2019"]
    assert grp["flags"] == ["stale"] and grp["relative"]["status"] == "better"


def test_status_gives_the_change_in_percentage_points_and_keeps_numbers_numbers_in_csv(shipped_db):
    """`ingest status` says the change of an indicator in per cent in percentage points (text) and
    gives both changes as plain numbers in its CSV (a fall with an ASCII minus a spreadsheet reads)."""
    data = json.loads(status(shipped_db, "--strategy", "blekinge", "--format", "json"))
    rate = next(i for a in data["areas"] for i in a["indicators"] if i["id"] == "employment_rate_20_64")
    assert rate["percent"] is True and rate["change_points"] == pytest.approx(rate["assessed"]["value"] - rate["base"]["value"])
    text = status(shipped_db, "--strategy", "blekinge")
    assert f"Förändring från {rate['base']['period']} till {rate['assessed']['period']}: +2,5 procentenheter" in text
    english = status(shipped_db, "--strategy", "blekinge", "--lang", "en")
    assert "+2.5 percentage points" in english
    assert "\u2212" in text and not re.search(r"(?<![\w–])-\d", text)  # a fall in text has the minus sign, never a hyphen
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(status(shipped_db, "--strategy", "blekinge", "--format", "csv")))}
    assert float(rows["employment_rate_20_64"]["change_points"]) == pytest.approx(rate["change_points"])
    population = next(i for a in data["areas"] for i in a["indicators"] if i["id"] == "population")
    assert population["change_pct"] < 0 and population["change_points"] is None  # people: a relative change
    assert rows["population"]["change_pct"].startswith("-") and float(rows["population"]["change_pct"]) == pytest.approx(population["change_pct"])
    assert rows["population"]["change_points"] == ""
