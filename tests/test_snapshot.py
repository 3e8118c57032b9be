"""The shipped offline snapshot: loaded exactly, cited, and replaced by live data."""

import csv
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.run import run_ingest, run_offline
from ingest.snapshot import export_snapshot, load_snapshot, read_manifest
from ingest.store import Store
from tests.fakes.kolada import FakeKolada, KoladaRow

ROOT = Path(__file__).parent.parent
SNAPSHOT = ROOT / "data" / "snapshot"
REALDATA = ROOT / "data" / "realdata" / "figures.csv"


def snapshot_rows():
    manifest = read_manifest(SNAPSHOT)
    for dataset, entry in manifest["datasets"].items():
        with (SNAPSHOT / entry["file"]).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                yield dataset, row


@pytest.fixture
def offline_store(store):
    run_offline(load_config(ROOT / "indicators.yml"), store, SNAPSHOT)
    return store


def test_every_snapshot_figure_is_stored_exactly_with_its_citation(offline_store):
    stored = {
        (d, r, p, dims): (v, s, c)
        for d, r, p, dims, v, s, c in offline_store.conn.execute(
            "SELECT o.dataset, o.region, o.period, o.dims, o.value, o.status, s.citation FROM observations o "
            "JOIN observation_sources s USING (dataset, region, period, dims)"
        )
    }
    rows = list(snapshot_rows())
    assert len(rows) > 900
    for dataset, row in rows:
        value, status, citation = stored[(dataset, row["region"], row["period"], row["dims"])]
        assert value == float(row["value"])
        assert status == (row["status"] or None)
        assert citation == f"snapshot: {row['citation']}, retrieved as published"
    snapshot_datasets = {d for d, _ in rows}
    count = offline_store.conn.execute(
        f"SELECT count(*) FROM observations WHERE dataset IN ({','.join('?' * len(snapshot_datasets))})",
        sorted(snapshot_datasets),
    ).fetchone()[0]
    assert count == len(rows)  # nothing else was stored under the snapshot's datasets


def test_norrbotten_blekinge_and_sweden_are_in_the_snapshot():
    regions = {row["region"] for dataset, row in snapshot_rows() if dataset == "grp_per_inhabitant"}
    assert {"00", "10", "25"} <= regions


def test_every_snapshot_figure_equals_the_published_figure_it_cites():
    """Each snapshot row is one published row: same indicator (by the builder's rules), region, year,
    sex, citation and unit, and the same value (or its exact unit conversion)."""
    from tools.snapshot_from_realdata import RULES

    published = {}
    for path in (REALDATA, ROOT / "tools" / "realdata_extracts.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if not row["breakdown"]:
                    key = (row["indicator"], row["region_code"], row["period"], row["sex"] or "T", row["citation"], row["unit"])
                    published[key] = row["value"]
    indicators = {}
    for (indicator, unit), rule in RULES.items():
        indicators.setdefault(rule.dataset, []).append((indicator, unit, rule))
    checked = 0
    for dataset, row in snapshot_rows():
        dims = json.loads(row["dims"])
        sex = dims.get("gender", "T")
        matches = [(rule, published[key]) for indicator, unit, rule in indicators[dataset] if unit == row["unit"]
                   and (key := (indicator, row["region"], row["period"], sex, row["citation"], unit)) in published]
        assert len(matches) == 1, (dataset, row)
        rule, value = matches[0]
        assert float(row["value"]) == pytest.approx(float(value) * rule.factor, abs=1e-9), (dataset, row)
        checked += 1
    assert checked > 3000


def test_the_snapshot_leaves_out_what_its_sources_mark_suspect():
    rows = [row for dataset, row in snapshot_rows() if dataset == "grp_per_employed" and row["region"] == "00"]
    assert all(not (row["period"] == "2016" and "norran" in row["citation"]) for row in rows)


def test_an_offline_run_never_replaces_live_data(store, tmp_path):
    config = load_config(ROOT / "indicators.yml")
    run_offline(config, store, SNAPSHOT)
    meta = store.dataset_meta("grp_per_inhabitant")
    meta_json = json.loads(meta["metadata"])
    assert meta_json["snapshot"] is True
    # Pretend a live run brought the dataset in: the snapshot must then leave it alone.
    store.conn.execute("UPDATE datasets SET metadata = '{}' WHERE id = 'grp_per_inhabitant'")
    store.conn.execute("UPDATE observations SET value = 1 WHERE dataset = 'grp_per_inhabitant'")
    outcomes = {d: o for d, o, _ in load_snapshot(store, config, "run2", SNAPSHOT)}
    assert outcomes["grp_per_inhabitant"] == "skipped: the store has live data"
    assert {v for (v,) in store.conn.execute("SELECT DISTINCT value FROM observations WHERE dataset = 'grp_per_inhabitant'")} == {1.0}


def test_a_live_ingest_replaces_snapshot_figures_with_revisions_and_a_full_fetch(store, tmp_path, httpserver, clock):
    kolada = FakeKolada(httpserver, kpis={"N03700": {"id": "N03700", "title": "BRP", "publication_date": "2025-12-01"}})
    snapshot_25 = {row["period"]: float(row["value"]) for d, row in snapshot_rows() if d == "grp_per_inhabitant" and row["region"] == "25"}
    for year, value in snapshot_25.items():
        live = value + 1 if year == "2021" else value  # a revised figure at the source
        kolada.rows.append(KoladaRow("N03700", "0025", int(year), [{"gender": "T", "count": 1, "status": "", "value": live}]))
    path = tmp_path / "indicators.yml"
    path.write_text(textwrap.dedent(f"""
        sources:
          kolada: {{kind: kolada, base_url: "{kolada.base_url}"}}
        datasets:
          grp_per_inhabitant: {{source: kolada, table: N03700, selection: {{municipality: ["25"]}}}}
    """))
    config = load_config(path)
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    manifest = read_manifest(SNAPSHOT)
    entry = manifest["datasets"]["grp_per_inhabitant"]
    shutil.copy(SNAPSHOT / entry["file"], snapshot / entry["file"])
    (snapshot / "manifest.json").write_text(json.dumps({**manifest, "datasets": {"grp_per_inhabitant": entry}}))
    run_offline(config, store, snapshot)
    report = run_ingest(config, store, clock=clock, sleep=clock.sleep)
    assert report.outcomes[0].status == "ok" and report.outcomes[0].changed == 1
    assert not any("from_date" in args for _, args in kolada.log)  # after a snapshot, a full fetch
    revision = store.conn.execute("SELECT region, period, old_value, new_value FROM observation_revisions").fetchall()
    assert revision == [("25", "2021", snapshot_25["2021"], snapshot_25["2021"] + 1)]
    cited = {p for (p,) in store.conn.execute("SELECT period FROM observation_sources WHERE region = '25'")}
    assert cited == set()  # Norrbotten's figures are now Kolada's own
    others = store.conn.execute("SELECT count(*) FROM observation_sources WHERE dataset = 'grp_per_inhabitant'").fetchone()[0]
    assert others == sum(1 for d, row in snapshot_rows() if d == "grp_per_inhabitant" and row["region"] != "25")


def test_export_then_load_gives_the_same_figures(offline_store, tmp_path):
    config = load_config(ROOT / "indicators.yml")
    manifest = export_snapshot(offline_store, config, tmp_path / "snap", built_from="test")
    assert manifest["datasets"]["population_kolada"]["rows"] == 404
    with Store(tmp_path / "again.db") as again:
        run_offline(config, again, tmp_path / "snap")
        query = "SELECT dataset, region, period, dims, value, status FROM observations ORDER BY 1, 2, 3, 4"
        assert again.conn.execute(query).fetchall() == offline_store.conn.execute(query).fetchall()
        citations = "SELECT dataset, region, period, dims, citation FROM observation_sources WHERE dataset != 'strategy_figures' ORDER BY 1, 2, 3, 4"
        assert again.conn.execute(citations).fetchall() == offline_store.conn.execute(citations).fetchall()


def test_the_cli_runs_offline_and_writes_a_snapshot(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ingest", "run", "--offline", "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "dataset=population_kolada outcome=ok rows=404" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "snapshot", "--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "snap")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "snap" / "manifest.json").exists()


# --- the shipped snapshot is replaced only by live data ---

def files_of(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_snapshot_without_out_refuses_to_overwrite_the_shipped_snapshot_with_its_own_figures(tmp_path):
    """A new user's `run --offline` then `snapshot`: the curated data/snapshot stays byte for byte."""
    import subprocess
    import sys

    backup = tmp_path / "backup"
    shutil.copytree(SNAPSHOT, backup)
    before = files_of(SNAPSHOT)
    db = tmp_path / "x.db"
    try:
        done = subprocess.run([sys.executable, "-m", "ingest", "run", "--offline", "--db", str(db)],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        done = subprocess.run([sys.executable, "-m", "ingest", "snapshot", "--db", str(db)],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 1 and done.stdout == ""
        said = " ".join(done.stderr.split())
        created = read_manifest(backup)["created"]
        assert said.startswith(f"error: not written: data/snapshot holds a snapshot (built {created}), and the store "
                               "holds no live data: its figures were loaded from a snapshot (`run --offline`).")
        assert "give --out FOLDER to write a snapshot elsewhere, or give --force to overwrite data/snapshot anyway" in said
        assert files_of(SNAPSHOT) == before  # byte-identical: numbers, manifest, no hand-kept files added
    finally:
        if files_of(SNAPSHOT) != before:  # never leave the shipped snapshot changed by a failing test
            shutil.rmtree(SNAPSHOT)
            shutil.copytree(backup, SNAPSHOT)


@pytest.fixture
def copied(tmp_path, offline_store):
    """A copy of the shipped configuration and snapshot, and a store loaded from it offline."""
    shutil.copy(ROOT / "indicators.yml", tmp_path / "indicators.yml")
    shutil.copytree(SNAPSHOT, tmp_path / "data" / "snapshot")
    return load_config(tmp_path / "indicators.yml"), offline_store, tmp_path / "data" / "snapshot"


def make_live(store, datasets):
    """As after a live run of ``datasets``: their metadata no longer says snapshot."""
    for name in datasets:
        store.conn.execute("UPDATE datasets SET metadata = '{}' WHERE id = ?", [name])


def test_a_partly_live_store_is_refused_naming_the_datasets_without_live_data(copied):
    from ingest.snapshot import SnapshotError

    config, store, folder = copied
    before = files_of(folder)
    shipped = sorted(read_manifest(folder)["datasets"])
    make_live(store, [d for d in shipped if d != "gdp_nuts3"])
    with pytest.raises(SnapshotError) as info:
        export_snapshot(store, config, folder, built_from="test")
    assert (f"{folder} holds a snapshot (built {read_manifest(folder)['created']}), and the store has no live data for "
            "1 of its datasets (gdp_nuts3: only figures loaded from a snapshot by `run --offline`, or none)") in str(info.value)
    assert files_of(folder) == before


def test_a_shipped_dataset_the_store_does_not_hold_is_not_dropped_from_the_snapshot(copied):
    from ingest.snapshot import SnapshotError

    config, store, folder = copied
    shipped = sorted(read_manifest(folder)["datasets"])
    make_live(store, shipped)
    store.conn.execute("DELETE FROM observations WHERE dataset = 'cpi_annual'")
    store.conn.execute("DELETE FROM datasets WHERE id = 'cpi_annual'")
    with pytest.raises(SnapshotError, match=r"no live data for 1 of its datasets \(cpi_annual:"):
        export_snapshot(store, config, folder, built_from="test")


def test_live_data_for_every_dataset_replace_the_snapshot(copied):
    config, store, folder = copied
    make_live(store, read_manifest(folder)["datasets"])
    manifest = export_snapshot(store, config, folder, built_from="python -m ingest snapshot from a live store")
    assert read_manifest(folder)["built_from"] == manifest["built_from"] == "python -m ingest snapshot from a live store"
    assert set(read_manifest(SNAPSHOT)["datasets"]) <= set(manifest["datasets"])


def test_force_overwrites_a_snapshot_with_figures_that_are_not_live(copied):
    config, store, folder = copied
    manifest = export_snapshot(store, config, folder, built_from="forced", force=True)
    assert read_manifest(folder)["built_from"] == manifest["built_from"] == "forced"


def test_the_cli_refuses_an_out_folder_holding_a_snapshot_too_and_force_overrides(tmp_path, monkeypatch):
    from ingest.cli import main

    monkeypatch.setenv("S3_INGEST_NICE", "0")  # run in-process: leave the tests' priority alone

    shutil.copytree(SNAPSHOT, tmp_path / "snap")
    before = files_of(tmp_path / "snap")
    assert main(["run", "--offline", "--db", str(tmp_path / "x.db"), "--config", str(ROOT / "indicators.yml")]) == 0
    args = ["snapshot", "--db", str(tmp_path / "x.db"), "--config", str(ROOT / "indicators.yml"),
            "--out", str(tmp_path / "snap")]
    assert main(args) == 1
    assert files_of(tmp_path / "snap") == before
    assert main([*args, "--force"]) == 0
    assert read_manifest(tmp_path / "snap")["built_from"] == f"python -m ingest snapshot from {tmp_path / 'x.db'}"
