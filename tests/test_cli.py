import subprocess
import sys

import pytest

from ingest.cli import COMMANDS, build_parser, main
from tests.conftest import FIXTURES
from tests.test_run import write_config

ROOT = FIXTURES.parent.parent


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ingest", *args], capture_output=True, text=True, cwd=cwd)


def test_help_lists_every_command():
    done = run_cli("--help")
    assert done.returncode == 0
    for name, _ in COMMANDS:
        assert name in done.stdout


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_each_command_help_ends_with_an_example_and_takes_config_and_db(name, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([name, "--help"])
    text = capsys.readouterr().out
    assert text.rstrip().splitlines()[-2].strip() == "Example:"
    assert f"python -m ingest {name}" in text.rstrip().splitlines()[-1]
    assert "--config" in text and "--db" in text


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_each_command_help_example_is_a_valid_command_line(name, capsys):
    """The example that ends each command's --help parses as it is written (schedule's puts the
    global --log-file after the command)."""
    import shlex

    with pytest.raises(SystemExit):
        build_parser().parse_args([name, "--help"])
    example = capsys.readouterr().out.rstrip().splitlines()[-1].strip()
    words = shlex.split(example)
    assert words[:3] == ["python", "-m", "ingest"]
    args = build_parser().parse_args(words[3:])  # argparse exits 2 on anything it does not know
    assert args.command == name
    if "--log-file" in words:
        assert str(args.log_file) == words[words.index("--log-file") + 1]


def test_check_prints_every_problem_with_its_line_and_exits_1():
    done = run_cli("check", "--config", str(FIXTURES / "config" / "malformed_selection.yml"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 7
    assert lines[0].endswith("malformed_selection.yml:8: datasets.population.selection.Region: must be a list (e.g. [\"10\", \"25\"]), not str")
    assert lines[-1].startswith("6 problem(s) in")


def test_check_of_a_valid_file_exits_0(capsys):
    assert main(["check", "--config", str(FIXTURES / "config" / "valid.yml")]) == 0
    assert "OK (2 sources, 1 datasets)" in capsys.readouterr().out


def test_run_against_a_local_server_logs_one_line_per_dataset(tmp_path, scb_v2):
    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    done = run_cli("run", "--config", str(config), "--db", str(tmp_path / "x.db"))
    assert done.returncode == 0, done.stderr
    assert "dataset=population outcome=ok rows=21 added=21 changed=0" in done.stderr
    assert "dataset=population_by_sex outcome=ok rows=6" in done.stderr
    assert "2 updated, 0 unchanged, 0 failed" in done.stderr


def test_run_exits_1_when_a_dataset_fails_and_names_it(tmp_path, scb_v2):
    from tests.fakes.pxweb import problem

    scb_v2.fail("data", lambda: problem(400, "Non-existent value"))
    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    done = run_cli("run", "--config", str(config), "--db", str(tmp_path / "x.db"), "--dataset", "population")
    assert done.returncode == 1
    assert "FAILED population: HTTP 400 'Non-existent value'" in done.stderr


def test_run_with_an_unknown_dataset_is_a_clear_error(tmp_path, scb_v2):
    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    for offline in ([], ["--offline"]):
        done = run_cli("run", "--config", str(config), "--db", str(tmp_path / "x.db"), "--dataset", "nope", *offline)
        assert done.returncode == 2
        assert "--dataset 'nope' is not valid; valid values: population, population_by_sex" in done.stderr
    assert not (tmp_path / "x.db").exists()  # refused before anything was opened


def test_describe_lists_variables_codes_and_whether_they_must_be_selected(tmp_path, scb_v2):
    config = write_config(tmp_path / "indicators.yml", scb_v2.base_url)
    done = run_cli("describe", "--config", str(config), "--source", "scb", "TAB638")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("TAB638: Folkmängden efter region")
    assert "updated 2026-02-20T07:00:00Z, periods 2018–2024 (Annual)" in out
    assert "Region — region [may be left out (eliminated)], 3 values" in out
    assert "25             Norrbottens län" in out
    assert "ContentsCode — tabellinnehåll [contents, must be selected], 2 values" in out
    assert "codelists: vs_RegionLän07" in out


@pytest.mark.parametrize("args, named", [
    (["ingest", "status", "--strategy", "norrbotten", "--region", "99"], "--region '99' is not valid; valid values: 00, 01, 03,"),
    (["ingest", "status", "--strategy", "gotland"], "--strategy 'gotland' is not valid; valid values: norrbotten, blekinge"),
    (["ingest", "status", "--strategy", "norrbotten", "--format", "xml"], "invalid choice: 'xml' (choose from table, json, csv)"),
    (["ingest", "status", "--strategy", "norrbotten", "--lang", "fi"], "invalid choice: 'fi' (choose from sv, en)"),
    (["ingest", "health", "--format", "xml"], "invalid choice: 'xml' (choose from text, json)"),
    (["ingest", "run", "--offline", "--dataset", "nosuch"], "--dataset 'nosuch' is not valid; valid values: cpi_annual, employed_by_sector_bas,"),
    (["ingest", "run", "--offline", "--dataset", "grp_per_inhabitent"],
     "--dataset 'grp_per_inhabitent' is not valid (did you mean 'grp_per_inhabitant'?); valid values: cpi_annual,"),
    (["ingest", "status", "--strategy", "norrboten"],
     "--strategy 'norrboten' is not valid (did you mean 'norrbotten'?); valid values: norrbotten, blekinge"),
    (["ingest", "comment", "--strategy", "norrbotten", "--indicator", "nope", "--author", "A", "--text", "t"],
     "--indicator 'nope' is not valid; valid values: natural_resource_value_added_share, grp_volume_index,"),
    (["ingest", "comment", "--strategy", "norrbotten", "--area", "nope", "--author", "A", "--text", "t"],
     "--area 'nope' is not valid; valid values: natural_resource_economy,"),
    (["dashboard", "report", "--strategy", "norrbotten", "--region", "99"], "--region '99' is not valid; valid values: 00, 01,"),
    (["dashboard", "report", "--strategy", "gotland"], "--strategy 'gotland' is not valid; valid values: norrbotten, blekinge"),
    (["dashboard", "report", "--strategy", "norrbotten", "--since", "2026-13-01"],
     "argument --since: '2026-13-01' is not a date; write it as YYYY-MM-DD"),
    (["dashboard", "report", "--strategy", "norrbotten", "--format", "doc"], "invalid choice: 'doc' (choose from pdf, docx, xlsx, html)"),
    (["dashboard", "report", "--strategy", "norrbotten", "--lang", "fi"], "invalid choice: 'fi' (choose from sv, en)"),
])
def test_a_refused_value_exits_2_naming_the_valid_values(tmp_path, monkeypatch, capsys, args, named):
    import dashboard.cli
    import ingest.cli

    monkeypatch.chdir(ROOT)
    command = {"ingest": ingest.cli.main, "dashboard": dashboard.cli.main}[args[0]]
    try:
        status = command([*args[1:], "--db", str(tmp_path / "s3.db")])
    except SystemExit as exc:  # argparse's own refusals
        status = exc.code
    said = " ".join(capsys.readouterr().err.split())
    # argparse's own choices are quoted or not by Python version: compare without quotes.
    assert status == 2 and named.replace("'", "") in said.replace("'", ""), said
    assert not (tmp_path / "s3.db").exists()  # refused before anything was opened or written
