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
    (["dashboard", "report", "--strategy", "norrbotten", "--region", "99"], "--region '99' is not valid; valid values: 01, 03,"),
    # A report is of a county, as on the dashboard (which refuses region=00): Sweden is its comparison.
    (["dashboard", "report", "--strategy", "norrbotten", "--region", "00"], "--region '00' is not valid; valid values: 01, 03,"),
    (["dashboard", "report", "--strategy", "norrbotten", "--region", "FI1D7"], "--region 'FI1D7' is not valid; valid values: 01,"),
    (["dashboard", "report", "--strategy", "gotland"], "--strategy 'gotland' is not valid; valid values: norrbotten, blekinge"),
    (["dashboard", "report", "--strategy", "norrbotten", "--since", "2026-13-01"],
     "argument --since: '2026-13-01' is not a date; write it as YYYY-MM-DD"),
    (["dashboard", "report", "--strategy", "norrbotten", "--since", "1850-01-01"],
     "argument --since: '1850-01-01' is outside the years 1900–2200; give a date in them"),
    (["dashboard", "serve", "--port", "99999"], "argument --port: '99999' is not a port; give a number from 1 to 65535"),
    (["dashboard", "serve", "--port", "http"], "argument --port: 'http' is not a port; give a number from 1 to 65535"),
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


@pytest.mark.parametrize("out, said", [
    ("{tmp}/no/such/folder/r.pdf", "--out {tmp}/no/such/folder/r.pdf: there is no folder {tmp}/no/such/folder; create it first "
                                   "or give another path"),
    ("{tmp}", "--out {tmp} is a folder; give a file name, e.g. --out {tmp}/report.pdf"),
])
def test_a_report_to_an_unwritable_place_is_refused_before_it_is_built(tmp_path, monkeypatch, capsys, out, said):
    import dashboard.cli
    import dashboard.report.content

    def build(*args, **kwargs):
        raise AssertionError("the report was built")

    monkeypatch.setattr(dashboard.report.content, "build", build)
    monkeypatch.chdir(ROOT)
    status = dashboard.cli.main(["report", "--strategy", "norrbotten", "--format", "pdf", "--out", out.format(tmp=tmp_path),
                                 "--db", str(tmp_path / "no-such.db")])
    assert (status, capsys.readouterr().err) == (2, f"python -m dashboard report: error: {said.format(tmp=tmp_path)}\n")


def test_every_option_of_every_dashboard_command_has_a_help_line(capsys):
    import argparse

    import dashboard.cli

    parser = dashboard.cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(commands) == {"serve", "report", "adduser"}
    for name, command in commands.items():
        for action in command._actions:
            assert action.help and action.help.strip(), (name, action.option_strings or action.dest)
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "--help"])
    shown = capsys.readouterr().out
    lines = shown.split("options:")[1].split("Examples:")[0]
    for option in ("--strategy ID", "--region CODE", "--format", "--lang", "--since", "--out FILE", "--config", "--db"):
        assert option in lines, option
    assert "the strategy to report on: its id in the" in shown and "language of the report: sv or en (default: sv)" in shown


def test_serve_refuses_a_database_in_a_folder_that_does_not_exist(tmp_path, monkeypatch, capsys):
    """A mistyped --db would otherwise make a new folder and serve a fresh copy of the shipped
    figures instead of the live ones, with nothing said."""
    import dashboard.cli

    monkeypatch.chdir(ROOT)
    missing = tmp_path / "srv" / "s3.dbb"
    status = dashboard.cli.main(["serve", "--db", str(missing), "--port", "8999"])
    said = capsys.readouterr().err
    assert status == 2 and f"--db {missing}: there is no folder {missing.parent}; give the path of the database" in said
    assert not missing.parent.exists()


def test_a_report_to_a_folder_says_it_is_a_folder(tmp_path, monkeypatch, capsys):
    import dashboard.cli

    monkeypatch.chdir(ROOT)
    status = dashboard.cli.main(["report", "--strategy", "norrbotten", "--out", str(tmp_path), "--db", str(tmp_path / "s3.db")])
    assert status == 2 and f"--out {tmp_path} is a folder; give a file name" in capsys.readouterr().err


def test_a_comment_is_on_an_indicator_or_an_area_never_both(tmp_path, monkeypatch, capsys):
    import ingest.cli

    monkeypatch.chdir(ROOT)
    try:
        status = ingest.cli.main(["comment", "--strategy", "norrbotten", "--area", "tourism", "--indicator", "population",
                                  "--author", "A", "--text", "t", "--db", str(tmp_path / "s3.db")])
    except SystemExit as exc:
        status = exc.code
    assert status == 2 and "argument --indicator: not allowed with argument --area" in capsys.readouterr().err


def test_check_on_a_folder_says_it_is_a_folder(tmp_path, monkeypatch, capsys):
    import ingest.cli

    monkeypatch.chdir(ROOT)
    status = ingest.cli.main(["check", "--config", str(tmp_path)])
    said = capsys.readouterr().err
    assert status == 1 and f"this is a folder; give the configuration file, e.g. --config {tmp_path / 'indicators.yml'}" in said
    assert "Traceback" not in said


def test_a_snapshot_into_a_missing_folder_is_refused(tmp_path, monkeypatch, capsys):
    import ingest.cli

    monkeypatch.chdir(ROOT)
    db = tmp_path / "s3.db"
    assert ingest.cli.main(["run", "--offline", "--db", str(db)]) == 0
    out = tmp_path / "no" / "such" / "snapshot"
    status = ingest.cli.main(["snapshot", "--db", str(db), "--out", str(out)])
    assert status == 2 and f"there is no folder {out.parent}; create it first" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
