"""The operator's view: commands work from any folder (relative paths and default folders are
the configuration file's), and every command's one-line help is a whole sentence."""

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def run(module, *args, cwd):
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def elsewhere(tmp_path):
    """A configuration in a folder of its own (its hand-kept files and snapshot beside it) and
    another, empty folder to run the commands from."""
    config_dir = tmp_path / "region"
    config_dir.mkdir()
    shutil.copy(ROOT / "indicators.yml", config_dir / "indicators.yml")
    shutil.copytree(ROOT / "data" / "manual", config_dir / "data" / "manual")
    shutil.copytree(ROOT / "data" / "snapshot", config_dir / "data" / "snapshot")
    cwd = tmp_path / "somewhere-else"
    cwd.mkdir()
    return config_dir, cwd


def test_run_offline_finds_the_snapshot_and_hand_kept_files_beside_the_config_from_any_folder(elsewhere):
    config_dir, cwd = elsewhere
    db = cwd / "s3.db"
    done = run("ingest", "run", "--offline", "--config", str(config_dir / "indicators.yml"), "--db", str(db), cwd=cwd)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((config_dir / "data" / "snapshot" / "manifest.json").read_text(encoding="utf-8"))
    with sqlite3.connect(db) as conn:
        loaded = {d for d, m in conn.execute("SELECT id, metadata FROM datasets") if json.loads(m or "{}").get("snapshot")}
        manual = conn.execute("SELECT count(*) FROM observations WHERE dataset = 'strategy_figures'").fetchone()[0]
    assert loaded == set(manifest["datasets"])
    assert manual > 0
    assert not (cwd / "data").exists()  # nothing looked for, or written, relative to the working folder


def test_check_and_snapshot_use_the_config_folder_from_any_folder(elsewhere):
    config_dir, cwd = elsewhere
    config = str(config_dir / "indicators.yml")
    assert run("ingest", "check", "--config", config, cwd=cwd).returncode == 0
    db = str(cwd / "s3.db")
    assert run("ingest", "run", "--offline", "--config", config, "--db", db, cwd=cwd).returncode == 0
    shutil.rmtree(config_dir / "data" / "snapshot")
    done = run("ingest", "snapshot", "--config", config, "--db", db, cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert (config_dir / "data" / "snapshot" / "manifest.json").exists()


def test_the_dashboard_fills_its_database_from_the_config_folder_from_any_folder(elsewhere):
    from dashboard.cli import ensure_data

    config_dir, cwd = elsewhere
    db = cwd / "s3.db"
    import os

    before = os.getcwd()
    os.chdir(cwd)
    try:
        ensure_data(config_dir / "indicators.yml", db)
    finally:
        os.chdir(before)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM observations").fetchone()[0] > 0


def subcommand_helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in sub._choices_actions}


def is_whole_sentence(text: str) -> bool:
    return (bool(re.fullmatch(r"[A-Z].*[.!?]", text, re.S))
            and text.count("(") == text.count(")") and text.count("`") % 2 == 0)


def test_every_command_help_line_is_a_whole_sentence():
    from dashboard.cli import build_parser as dashboard_parser
    from ingest.cli import COMMANDS
    from ingest.cli import build_parser as ingest_parser

    helps = {**{f"ingest {k}": v for k, v in subcommand_helps(ingest_parser()).items()},
             **{f"dashboard {k}": v for k, v in subcommand_helps(dashboard_parser()).items()}}
    assert len(helps) == len(COMMANDS) + 3  # the dashboard's serve, adduser and report
    for command, text in helps.items():
        text = text.replace("%%", "%")
        assert is_whole_sentence(text), f"{command}: {text!r}"
    for name, func in COMMANDS:  # the ingest's help is its docstring's first sentence, never a cut line
        paragraph = " ".join(func.__doc__.strip().split("\n\n")[0].split())
        assert paragraph.startswith(helps[f"ingest {name}"].replace("%%", "%"))


def test_a_help_line_spanning_two_docstring_lines_is_kept_whole():
    from ingest.cli import first_sentence

    assert first_sentence("""Print a strategy's follow-up: per area the status and the
    numbers behind it, and % of Sweden.

    More.""") == "Print a strategy's follow-up: per area the status and the numbers behind it, and % of Sweden."
    assert first_sentence("Check it. Then run it.") == "Check it."


def test_the_status_help_is_printed_whole():
    done = run("ingest", "--help", cwd=ROOT)
    assert done.returncode == 0
    flat = " ".join(done.stdout.split())
    assert "rank among the counties and % of Sweden." in flat


def test_the_ingest_runs_as_a_batch_job_at_lower_cpu_priority_never_higher():
    script = (
        "import os\n"
        "from ingest.cli import run_as_batch_job, BATCH_NICENESS\n"
        "run_as_batch_job(); run_as_batch_job()\n"
        "print(os.getpriority(os.PRIO_PROCESS, 0) == BATCH_NICENESS)\n"
        "os.setpriority(os.PRIO_PROCESS, 0, 15); run_as_batch_job()\n"
        "print(os.getpriority(os.PRIO_PROCESS, 0))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "S3_INGEST_NICE"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.stdout.split() == ["True", "15"], done.stderr


def test_s3_ingest_nice_sets_the_niceness_and_a_bad_value_is_refused(tmp_path):
    script = "import os\nfrom ingest.cli import run_as_batch_job\nrun_as_batch_job()\nprint(os.getpriority(os.PRIO_PROCESS, 0))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "S3_INGEST_NICE": "0"})
    assert done.stdout.split() == [str(os.getpriority(os.PRIO_PROCESS, 0))]
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "run", "--offline", "--db", str(tmp_path / "x.db")], capture_output=True,
        text=True, cwd=ROOT, env={**os.environ, "S3_INGEST_NICE": "high"})
    assert done.returncode == 1 and "S3_INGEST_NICE must be a niceness from 0 to 19, not 'high'" in done.stderr
