import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.config import load_config
from ingest.errors import ConfigError
from tests.conftest import FIXTURES

CONFIGS = FIXTURES / "config"


def problems(name):
    with pytest.raises(ConfigError) as info:
        load_config(CONFIGS / name)
    return [(p.line, p.path, p.message) for p in info.value.problems]


def test_the_issue_contract_shape_is_valid():
    config = load_config(CONFIGS / "valid.yml")
    assert config.sources["scb_v1"].version == 1
    dataset = config.datasets["population_month"]
    assert dataset.selection["Tid"] == ["top(12)"]
    assert dataset.source == "scb"


def test_the_shipped_configuration_is_valid():
    config = load_config(FIXTURES.parent.parent / "indicators.yml")
    assert {"cpi_annual", "employed_by_sector_bas", "grp_county"} <= set(config.datasets)
    regions = config.datasets["grp_county"].selection["Region"]
    assert len(regions) == 22 and regions[0] == "00" and "25" in regions


def test_unknown_keys_are_errors_with_line_and_the_valid_keys():
    found = problems("unknown_keys.yml")
    assert (2, "sources.scb.langauge", found[0][2]) == found[0]
    assert "unknown key 'langauge' (did you mean 'language'?); valid keys: kind, base_url, version, language" in found[0][2]
    assert any(p[:2] == (7, "datasets.population.selektion") and "valid keys: source, table, selection" in p[2] for p in found)
    assert any(p[1] == "extra_section" and p[0] == 9 for p in found)


def test_duplicate_keys_are_errors_naming_the_first_line():
    found = problems("duplicate_keys.yml")
    assert (9, "datasets.population.selection.Region", "duplicate key 'Region' (first at line 8); YAML would silently keep only the last one: remove or rename one") in found
    assert any(p[:2] == (10, "datasets.population") and "first at line 4" in p[2] for p in found)


def test_unknown_source_name_and_kind_are_errors():
    found = problems("unknown_source.yml")
    assert (3, "sources.kolada_typo.kind",
            "unknown source kind 'koladaa' (did you mean 'kolada'?); known kinds: pxweb, kolada, eurostat, tillvaxtverket, csv"
            ) in found
    assert (6, "datasets.population.source", "unknown source 'sbc' (did you mean 'scb'?); defined sources: scb, kolada_typo") in found


def test_malformed_selections_are_all_reported_at_once():
    found = {(p[0], p[1]): p[2] for p in problems("malformed_selection.yml")}
    assert "must be a list (e.g. [\"10\", \"25\"]), not str" in found[(8, "datasets.population.selection.Region")]
    assert "top() takes a count" in found[(9, "datasets.population.selection.Tid[0]")]
    assert "range() takes two value codes" in found[(9, "datasets.population.selection.Tid[1]")]
    assert "not a value code or a known expression" in found[(9, "datasets.population.selection.Tid[2]")]
    assert "is empty; leave the variable out" in found[(10, "datasets.population.selection.ContentsCode")]
    assert "should start with vs_ or agg_" in found[(12, "datasets.population.codelists.Region")]
    assert len(found) == 6


def test_yaml_syntax_error_has_the_line_of_the_mistake():
    # The fixture leaves line 2's { open; PyYAML notices on line 3.
    (line, path, message), = problems("syntax_error.yml")
    assert (line, path) == (2, "")
    assert message == "the { at column 8 is not closed: close it with } on the same line"


SHIPPED = FIXTURES.parent.parent / "indicators.yml"


def shipped_with(tmp_path, change):
    """The shipped indicators.yml with one line changed, as a user's slip would: (file, the
    1-based number of the changed line). ``change(lines) -> index`` edits the list of lines."""
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")
    index = change(lines)
    path = tmp_path / "m2.yml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, index + 1


def grp_unit(lines):
    """The index of grp_per_inhabitant's `unit:` in the Norrbotten strategy (12 spaces in)."""
    start = lines.index("          grp_per_inhabitant:")
    return next(i for i in range(start, len(lines)) if lines[i].startswith("            unit: "))


def problem_of(path):
    with pytest.raises(ConfigError) as info:
        load_config(path)
    (problem,) = info.value.problems
    return problem


def test_a_key_pulled_two_spaces_left_is_named_on_its_own_line(tmp_path):
    def dedent(lines):
        i = grp_unit(lines)
        lines[i] = lines[i][2:]
        return i

    path, changed = shipped_with(tmp_path, dedent)
    problem = problem_of(path)
    # PyYAML stops at the next line (the first that no longer fits): the mistake is this one.
    assert problem.line == changed
    assert problem.message == (
        f"the indentation does not match the lines above (line {changed - 1} is indented 12 spaces, this line 10); "
        f"indent with spaces to line up with line {changed - 1}, or with the key this line belongs to")
    assert str(problem).startswith(f"{path}:{changed}: the indentation does not match")


@pytest.mark.parametrize("change, spaces", [("  ", 14), (" ", 13)])
def test_a_key_pushed_right_is_named_on_its_own_line(tmp_path, change, spaces):
    def indent(lines):
        i = grp_unit(lines)
        lines[i] = change + lines[i]
        return i

    path, changed = shipped_with(tmp_path, indent)
    problem = problem_of(path)
    assert problem.line == changed
    assert f"(line {changed - 1} is indented 12 spaces, this line {spaces})" in problem.message


def test_a_block_pulled_left_is_named_at_its_key_not_where_pyyaml_stops(tmp_path):
    # grp_per_inhabitant: two spaces left makes it a key of the area; PyYAML only stops at the
    # next indicator, 12 lines further on.
    def dedent(lines):
        i = lines.index("          grp_per_inhabitant:")
        lines[i] = lines[i][2:]
        return i

    path, changed = shipped_with(tmp_path, dedent)
    problem = problem_of(path)
    assert problem.line == changed and "this line 8)" in problem.message and "is indented 10 spaces" in problem.message


def test_a_tab_says_tab_and_where(tmp_path):
    def tab(lines):
        i = grp_unit(lines)
        lines[i] = "\t" + lines[i].lstrip()
        return i

    path, changed = shipped_with(tmp_path, tab)
    problem = problem_of(path)
    assert (problem.line, problem.message) == (
        changed, "a tab character; indent with spaces (YAML does not allow tabs in indentation)")


def test_a_quote_left_open_is_named_where_it_opens_not_where_the_next_quote_closes_it(tmp_path):
    def unclosed(lines):
        start = lines.index("          grp_per_inhabitant:")
        i = next(i for i in range(start, len(lines)) if lines[i].startswith("            direction_source: "))
        lines[i] = lines[i].rstrip().removesuffix('"')
        return i

    path, changed = shipped_with(tmp_path, unclosed)
    problem = problem_of(path)
    assert problem.line == changed
    assert problem.message == 'the quote " at column 31 is not closed: end the text with " on the same line'


@pytest.mark.parametrize("text, line, message", [
    ("a:\n\tb: 1\n", 2, "a tab character; indent with spaces"),
    ("a:\n  b:\t1\n", 2, "a tab character after 'b:' (column 5); YAML does not allow it there: use a space"),
    ("a:\n  b: 1\n   c: 2\n", 3, "(line 2 is indented 2 spaces, this line 3); indent with spaces to line up with line 2"),
    ("a:\n  b: 1\n c: 2\n", 3, "(line 2 is indented 2 spaces, this line 1)"),
    ("a:\n  b: 1\n  c:\n    d: 1\n   e: 2\n", 5, "(line 4 is indented 4 spaces, this line 3)"),
    # a block's first line pulled out to its key's own indentation: named, not the line after it
    ("a:\n  b:\n  c: 1\n    d: 2\n", 3, "match the lines around it (line 4 is indented 4 spaces, this line 2)"),
    ("a:\n  b:\n  c: {x: 1}\n    d: 1\n", 3, "match the lines around it (line 4 is indented 4 spaces, this line 2)"),
    # a block's only key pushed right: the next key, at the file's step of 2, is not the mistake
    ("a:\n  x:\n    y: 1\n  b:\n      c: 1\n    d: 2\n", 5, "(line 6 is indented 4 spaces, this line 6)"),
    ("a:\n  b: 'x\n  c: 1\n", 2, "the quote ' at column 6 is not closed: end the text with ' on the same line"),
    ('a:\n  b: "x\n  c: 1\n  d: "y"\n', 2, 'the quote " at column 6 is not closed'),
    ("a: {b: 'x, c: 1}\nd: 2\n", 1, "the quote ' at column 8 is not closed"),
    ('a: {sv: "kr per inv, en: "SEK"}\n', 1,
     'text at column 27 follows the quoted text "kr per inv, en: " directly: is a closing " missing before it, or a comma?'),
    ('a:\n  b: "x" y\n', 2, 'text after the closing " (column 10): put all of the value inside the quotes'),
    ("a: {b: 1\nc: 2\n", 1, "the { at column 4 is not closed: close it with } on the same line"),
    ("a: [1, 2\nc: 2\n", 1, "the [ at column 4 is not closed: close it with ] on the same line"),
    ("a: [1,,2]\n", 1, "two commas with nothing between them (column 7): remove one"),
    ("a:\n  b: Vision: mål\n", 2, "': ' inside a value (column 12): put the value in quotes, e.g. b: \"Vision: mål\""),
    ("a:\n  b:1\n  c: 2\n", 2, "'b:1' is not `key: value`: a ':' is missing, or the space after it"),
    ("a:\n  b 1\n  c: 2\n", 2, "'b 1' is not `key: value`: a ':' is missing"),
    ("a:\n  b: 1\n  c\n", 3, "'c' is not `key: value`"),
    ("a: b\n  c: d\n", 2, "(line 1 is indented 0 spaces, this line 2)"),
    ("a:\n  b: 1\n  - 2\n", 3, "a list item ('- ') among the keys of the mapping that starts on line 2"),
    ("- a\nb: 1\n", 2, "the list that starts on line 1 goes on with a line that is not a list item"),
    ("a: @x\n", 1, "a value cannot start with '@' (column 4): put the value in quotes"),
    ('a: "C:\\q"\n', 1, "\\q inside double quotes (column 8) is not an escape YAML knows: write \\\\ for a backslash"),
    ("a: *x\n", 1, "*x refers to an anchor &x that is not defined above it"),
    ("a: &x 1\nb: &x 2\n", 2, "the anchor &x is defined a second time (first on line 1): rename one"),
    ("a: 1\n---\nb: 2\n", 2, "a second YAML document starts here ('---')"),
])
def test_yaml_syntax_errors_are_said_in_plain_words_at_the_line_of_the_mistake(tmp_path, text, line, message):
    path = tmp_path / "c.yml"
    path.write_text(text, encoding="utf-8")
    problem = problem_of(path)
    assert problem.line == line and message in problem.message, problem
    for jargon in ("<block", "token", "scalar", "while parsing", "while scanning", "YAML syntax error"):
        assert jargon not in problem.message


def test_a_tag_or_an_impossible_date_is_a_problem_with_its_line_not_a_traceback(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text((CONFIGS / "valid.yml").read_text() + "extra: !secret x\nwhen: 2025-02-30\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    said = [(p.line, p.path, p.message) for p in info.value.problems]
    lines = len((CONFIGS / "valid.yml").read_text().splitlines())
    assert (lines + 1, "extra", "the tag !secret is not understood here: remove it (put the value in quotes if it is "
            "text)") in said
    assert (lines + 2, "when", "'2025-02-30' reads as a date that does not exist: correct it, or put it in quotes if "
            "it is text") in said


def test_an_unknown_dataset_suggests_the_near_one(tmp_path):
    def typo(lines):
        start = lines.index("          grp_per_inhabitant:")
        i = next(i for i in range(start, len(lines)) if lines[i].startswith("            formula: "))
        lines[i] = lines[i].replace("dataset: grp_per_inhabitant,", "dataset: grp_per_inhabitent,")
        return i

    path, changed = shipped_with(tmp_path, typo)
    problem = problem_of(path)
    assert problem.line == changed
    assert problem.message.startswith(
        "unknown dataset 'grp_per_inhabitent' (did you mean 'grp_per_inhabitant'?); configured datasets: cpi_annual, ")


def test_a_name_far_from_every_valid_one_gets_no_suggestion():
    from ingest.errors import did_you_mean

    assert did_you_mean("nosuch", ["cpi_annual", "grp_county"]) == ""
    assert did_you_mean("Grp_County", ["cpi_annual", "grp_county"]) == " (did you mean 'grp_county'?)"
    assert did_you_mean("grp_county", ["grp_county"]) == ""


def test_unquoted_codes_stay_text_as_written():
    config = load_config(CONFIGS / "unquoted_codes.yml")
    assert config.datasets["population"].selection == {"Region": ["01", "25"], "Tid": ["2020", "2021"]}


def test_missing_file_is_a_clear_problem(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yml")


def test_problem_text_is_file_line_path_message():
    with pytest.raises(ConfigError) as info:
        load_config(CONFIGS / "unknown_source.yml")
    assert str(info.value.problems[-1]).endswith(
        "unknown_source.yml:6: datasets.population.source: unknown source 'sbc' (did you mean 'scb'?); defined sources: scb, kolada_typo"
    )


def test_dataset_ids_are_plain_identifiers(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text((CONFIGS / "valid.yml").read_text().replace("population_month:", "population month':"))
    with pytest.raises(ConfigError, match="dataset id \"population month'\": use letters, digits and _ only"):
        load_config(path)


SLIPS = ["\t", "!", " ", "  ", '"', "'", ": ", "{", "}", "[", "]", "- ", "#", ",", "&", "*"]


@settings(max_examples=100, deadline=None)
@given(line=st.integers(min_value=0, max_value=len(SHIPPED.read_text(encoding="utf-8").splitlines()) - 1),
       column=st.integers(min_value=0, max_value=60), slip=st.sampled_from(SLIPS), delete=st.booleans())
def test_any_one_slip_in_the_shipped_file_is_a_problem_with_a_line_in_it_never_a_traceback(line, column, slip, delete):
    """A typed or deleted character anywhere: the loader says a problem within the file (or
    loads it), however PyYAML fails."""
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    text = lines[line]
    column = min(column, len(text))
    lines[line] = text[:column] + text[column + 1:] if delete else text[:column] + slip + text[column:]
    loaded = load_yaml_text("\n".join(lines))
    for problem in loaded.problems:
        assert problem.line is None or 1 <= problem.line <= len(lines), problem
        assert problem.message


def load_yaml_text(text):
    import tempfile
    from pathlib import Path

    from ingest.yamlsource import load_yaml

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.yml"
        path.write_text(text, encoding="utf-8")
        return load_yaml(path)
