import pytest

from ingest.errors import QueryTooLargeError, SelectionError
from ingest.pxweb.selection import parse_expression, resolve, split_items
from ingest.pxweb.split import split_query

YEARS = [str(y) for y in range(2010, 2025)]
REGIONS = ["00", "01", "0114", "10", "1080", "25", "2580"]


@pytest.mark.parametrize(
    "items, expected",
    [
        (["2015"], ["2015"]),
        (["*"], YEARS),
        (["top(3)"], ["2022", "2023", "2024"]),
        (["top(2,1)"], ["2022", "2023"]),
        (["bottom(2)"], ["2010", "2011"]),
        (["from(2022)"], ["2022", "2023", "2024"]),
        (["to(2011)"], ["2010", "2011"]),
        (["range(2013,2015)"], ["2013", "2014", "2015"]),
        (["[range(2013,2015)]"], ["2013", "2014", "2015"]),
        (["2015,top(2)"], ["2015", "2023", "2024"]),
        (["201?"], [str(y) for y in range(2010, 2020)]),
        (["2024", "2010", "2024"], ["2010", "2024"]),
    ],
)
def test_time_expressions_resolve_to_codes_in_table_order(items, expected):
    assert resolve("Tid", items, YEARS, is_time=True) == expected


def test_wildcards_and_case_insensitive_codes():
    assert resolve("Region", ["??"], REGIONS) == ["00", "01", "10", "25"]
    assert resolve("Region", ["25*"], REGIONS) == ["25", "2580"]
    assert resolve("Kon", ["totsa"], ["TotSa", "1", "2"]) == ["TotSa"]
    assert resolve("Tid", ["*M11"], ["2023M10", "2023M11", "2024M11"], is_time=True) == ["2023M11", "2024M11"]


def test_top_on_a_variable_other_than_time_takes_the_first_values():
    assert resolve("Region", ["top(2)"], REGIONS) == ["00", "01"]
    assert resolve("Region", ["bottom(1)"], REGIONS) == ["2580"]


def test_unknown_code_names_the_valid_ones():
    with pytest.raises(SelectionError, match=r"'Region' has no value '26'; valid values: 00, 01, 0114, 10"):
        resolve("Region", ["26"], REGIONS)


def test_wildcard_that_matches_nothing_is_an_error():
    with pytest.raises(SelectionError, match="wildcard '3\\?' matches no value"):
        resolve("Region", ["3?"], REGIONS)


def test_backwards_range_says_how_to_write_it():
    with pytest.raises(SelectionError, match=r"write range\(2013,2015\)"):
        resolve("Tid", ["range(2015,2013)"], YEARS, is_time=True)


@pytest.mark.parametrize("text", ["top()", "top(x)", "top(0)", "range(2015)", "from()", "last(3)", "", "to(1,2)"])
def test_malformed_expressions_are_errors(text):
    with pytest.raises(SelectionError):
        parse_expression(text)


def test_split_items_respects_parentheses():
    assert split_items("2015,range(2018,2020),top(2)") == ["2015", "range(2018,2020)", "top(2)"]


def selection(regions=22, contents=3, years=30, sexes=3):
    return {
        "Region": [f"r{i}" for i in range(regions)],
        "Kon": [f"k{i}" for i in range(sexes)],
        "ContentsCode": [f"c{i}" for i in range(contents)],
        "Tid": [str(2000 + i) for i in range(years)],
    }


def test_a_query_under_the_limit_is_not_split():
    query = selection()
    assert split_query(query, 150_000, ["Tid", "Region", "Kon"]) == [query]


def test_a_query_over_the_limit_is_split_along_time_into_consecutive_chunks():
    query = selection()  # 22*3*3*30 = 5,940 cells
    parts = split_query(query, 1_000, ["Tid", "Region", "Kon"])
    assert all(len(p["Region"]) * 3 * 3 * len(p["Tid"]) <= 1_000 for p in parts)
    assert [t for p in parts for t in p["Tid"]] == query["Tid"]  # every period once, in order
    assert all(p["ContentsCode"] == query["ContentsCode"] for p in parts)


def test_split_goes_on_to_region_when_one_period_is_still_too_many():
    query = selection()  # one period = 22*3*3 = 198 cells
    parts = split_query(query, 100, ["Tid", "Region", "Kon"])
    assert all(len(p["Tid"]) == 1 and len(p["Region"]) * 9 <= 100 for p in parts)
    cells = {(r, t) for p in parts for r in p["Region"] for t in p["Tid"]}
    assert len(cells) == 22 * 30


def test_the_contents_variable_is_never_split_and_the_error_says_why():
    query = selection(contents=200)
    with pytest.raises(QueryTooLargeError, match=r"server allows 100; .*ContentsCode"):
        split_query(query, 100, ["Tid", "Region", "Kon"])
