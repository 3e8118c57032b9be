import pytest

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
    assert "unknown key 'langauge'; valid keys: kind, base_url, version, language" in found[0][2]
    assert any(p[:2] == (7, "datasets.population.selektion") and "valid keys: source, table, selection" in p[2] for p in found)
    assert any(p[1] == "extra_section" and p[0] == 9 for p in found)


def test_duplicate_keys_are_errors_naming_the_first_line():
    found = problems("duplicate_keys.yml")
    assert (9, "datasets.population.selection.Region", "duplicate key 'Region' (first at line 8); YAML would silently keep only the last one: remove or rename one") in found
    assert any(p[:2] == (10, "datasets.population") and "first at line 4" in p[2] for p in found)


def test_unknown_source_name_and_kind_are_errors():
    found = problems("unknown_source.yml")
    assert (3, "sources.kolada_typo.kind", "unknown source kind 'koladaa'; known kinds: pxweb, kolada, eurostat, tillvaxtverket, csv") in found
    assert (6, "datasets.population.source", "unknown source 'sbc'; defined sources: scb, kolada_typo") in found


def test_malformed_selections_are_all_reported_at_once():
    found = {(p[0], p[1]): p[2] for p in problems("malformed_selection.yml")}
    assert "must be a list (e.g. [\"10\", \"25\"]), not str" in found[(8, "datasets.population.selection.Region")]
    assert "top() takes a count" in found[(9, "datasets.population.selection.Tid[0]")]
    assert "range() takes two value codes" in found[(9, "datasets.population.selection.Tid[1]")]
    assert "not a value code or a known expression" in found[(9, "datasets.population.selection.Tid[2]")]
    assert "is empty; leave the variable out" in found[(10, "datasets.population.selection.ContentsCode")]
    assert "should start with vs_ or agg_" in found[(12, "datasets.population.codelists.Region")]
    assert len(found) == 6


def test_yaml_syntax_error_has_a_line():
    (line, path, message), = problems("syntax_error.yml")
    assert line == 3 and message.startswith("YAML syntax error")


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
        "unknown_source.yml:6: datasets.population.source: unknown source 'sbc'; defined sources: scb, kolada_typo"
    )


def test_dataset_ids_are_plain_identifiers(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text((CONFIGS / "valid.yml").read_text().replace("population_month:", "population month':"))
    with pytest.raises(ConfigError, match="dataset id \"population month'\": use letters, digits and _ only"):
        load_config(path)
