"""Bad input is refused quickly, with file and line: YAML bombs and impossible numbers in the
configuration, broken hand-kept CSV files, and comments that would break a report or a terminal."""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.commentary import MAX_TEXT, CommentaryError, add_comment, printable
from ingest.config import load_config
from ingest.errors import ConfigError
from ingest.sources.manual_csv import read_manual_csv
from ingest.yamlsource import MAX_BYTES
from tests.conftest import FIXTURES

ROOT = Path(__file__).parent.parent
CONFIGS = FIXTURES / "config"
HEADER = "series,region,period,value,unit,source,note\n"


def problems(path):
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [str(p) for p in info.value.problems]


def test_an_alias_bomb_is_refused_in_under_a_second():
    started = time.perf_counter()
    found = problems(CONFIGS / "alias_bomb.yml")  # 342 bytes that expand to 387 million values
    assert time.perf_counter() - started < 1.0
    assert any("expands to more than 100,000 values" in p for p in found)


def test_a_recursive_alias_is_a_problem_with_its_line_not_a_recursion_error():
    found = problems(CONFIGS / "recursive_alias.yml")
    assert any(p.startswith(f"{CONFIGS / 'recursive_alias.yml'}:1: sources[0]: an alias refers to the collection") for p in found)


def test_an_oversized_configuration_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yml"
    path.write_text("sources: {}\n# " + "x" * MAX_BYTES + "\n")
    started = time.perf_counter()
    found = problems(path)
    assert time.perf_counter() - started < 0.5 and "a configuration may be at most 2,000,000" in found[0]


def test_years_outside_1900_to_2200_and_numbers_that_are_not_finite_are_refused_with_their_lines():
    found = problems(CONFIGS / "impossible_numbers.yml")
    where = str(CONFIGS / "impossible_numbers.yml")
    assert f"{where}:3: sources.scb.timeout: Input should be a finite number" in found
    assert f"{where}:11: strategies.s.base_year: Input should be greater than or equal to 1900" in found
    assert f"{where}:23: strategies.s.areas.a.indicators.i.target.value: Input should be a finite number" in found
    assert f"{where}:23: strategies.s.areas.a.indicators.i.target.year: Input should be less than or equal to 2200" in found


def test_check_refuses_the_year_that_made_run_crash(tmp_path):
    done = subprocess.run([sys.executable, "-m", "ingest", "check", "--config", str(CONFIGS / "impossible_numbers.yml")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and "target.year: Input should be less than or equal to 2200" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("value, said", [
    ("1e309", "value '1e309' is not a finite number"),
    ("inf", "value 'inf' is not a finite number"),
    ("NaN", "value 'NaN' is not a finite number; give the figure, or leave value empty and say in note why"),
])
def test_a_hand_kept_value_that_is_not_finite_is_refused_with_its_line(tmp_path, value, said):
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "ok_series,25,2015,1,units,src,\n" + f"ok_series,25,2016,{value},units,src,\n")
    rows, found = read_manual_csv(path, "f.csv")
    assert len(found) == 1 and found[0].startswith(f"f.csv:3: {said}")
    assert [r["value"] for r in rows][0] == 1.0


def test_a_duplicate_column_is_refused_instead_of_silently_winning(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("series,region,period,value,unit,source,note,value\nok_series,25,2015,4068,units,src,,999\n")
    rows, found = read_manual_csv(path, "f.csv")
    assert rows == [] and found == ["f.csv:1: header: column(s) value named more than once; keep one of each"]


def test_an_oversized_field_is_a_problem_with_its_line_not_a_csv_error(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "ok_series,25,2015,1,units,src,\n" + f"ok_series,25,2016,1,units,src,{'x' * 140_000}\n")
    rows, found = read_manual_csv(path, "f.csv")
    assert len(found) == 1 and found[0].startswith("f.csv:3: field larger than field limit")
    path.write_text(HEADER + f"ok_series,25,2016,1,units,src,{'x' * 20_000}\n")
    assert read_manual_csv(path, "f.csv")[1] == ["f.csv:2: note longer than 10,000 characters; shorten it"]


def test_a_hand_kept_year_outside_1900_to_2200_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "ok_series,25,2999,1,units,src,\n")
    assert read_manual_csv(path, "f.csv")[1] == ["f.csv:2: period '2999': the year must be 1900–2200"]


@pytest.fixture
def shipped_config():
    return load_config(ROOT / "indicators.yml")


@pytest.mark.parametrize("text, said", [
    ("Bra\x00år", "U+0000"), ("Pling\x07", "U+0007"), ("\x1b[2J\x1b[31mRÖTT", "U+001B"), ("tab\there", "U+0009"),
])
def test_a_comment_with_control_characters_is_refused(store, shipped_config, text, said):
    with pytest.raises(CommentaryError, match=re.escape(f"the text holds control characters ({said})")):
        add_comment(shipped_config, store, "norrbotten", text, "Anna Berg", indicator="population")
    assert store.db["commentary"].count == 0


def test_direction_overrides_are_removed_and_line_breaks_kept(store, shipped_config):
    row = add_comment(shipped_config, store, "norrbotten", "Första raden.\nAndra raden.", "\u202eAnna Berg\u202c",
                      indicator="population")
    assert row["author"] == "Anna Berg" and row["text"] == "Första raden.\nAndra raden."


def test_a_comment_longer_than_the_limit_is_refused(store, shipped_config):
    with pytest.raises(CommentaryError, match="the text is 5,001 characters long; at most 5,000 are kept"):
        add_comment(shipped_config, store, "norrbotten", "x" * (MAX_TEXT + 1), "Anna Berg", indicator="population")
    add_comment(shipped_config, store, "norrbotten", "x" * MAX_TEXT, "Anna Berg", indicator="population")


def test_the_comment_help_states_the_limits():
    done = subprocess.run([sys.executable, "-m", "ingest", "comment", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert "at most 5000 characters" in " ".join(done.stdout.split()) and "control characters" in done.stdout


def test_listing_comments_never_prints_raw_terminal_escapes(tmp_path, shipped_config):
    from ingest.store import Store

    db = tmp_path / "s3.db"
    with Store(db) as store:  # a comment stored before comments were checked
        store.db["commentary"].insert({"strategy": "norrbotten", "area": "natural_resource_economy", "indicator": None,
                                       "written_at": "2026-01-01T00:00:00+00:00", "author": "A\u202eB",
                                       "text": "\x1b]0;pwned\x07\x1b[2J"})
    done = subprocess.run([sys.executable, "-m", "ingest", "comment", "--db", str(db), "--strategy", "norrbotten", "--list"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "\x1b" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
    assert "\\u001b]0;pwned\\u0007\\u001b[2J" in done.stdout
    assert printable("rad 1\nrad 2") == "rad 1\nrad 2"
