"""How the follow-up is said: numbers with the minus sign in text (never in a CSV or Excel number),
changes of values in per cent in percentage points, the overall assessment in whole sentences, and
the strategy's words in the reader's quotation marks."""

import csv
import io

import openpyxl
import pytest

from dashboard.components import _cell
from dashboard.downloads import TableData, csv_text, xlsx_bytes
from indicators.follow_up import change_pct, change_points
from indicators.model import Indicator
from indicators.wording import (
    MINUS,
    change_cell,
    change_sentence,
    explain,
    growth_per_year,
    number,
    percent,
    quoted,
    rank_text,
    share_of_sweden,
    signed_percent,
    verdict_text,
    with_unit,
)

# -- the minus sign ---------------------------------------------------------------------------------


def test_text_has_the_minus_sign_and_no_hyphen():
    assert number(-0.5, 1, "sv") == "\u22120,5" and number(-1234.5, 1, "en") == "\u22121,234.5"
    assert signed_percent(-1.8, "sv") == "\u22121,8 %" and signed_percent(2.0, "en") == "+2.0%"
    assert growth_per_year(-0.018, "sv") == "\u22121,8 % per år" and growth_per_year(0.084, "en") == "+8.4% a year"
    assert percent(-0.005, "sv") == "\u22120,5 %"
    for text in (number(-3, 0, "sv"), signed_percent(-70.2, "en"), growth_per_year(-0.355, "sv")):
        assert "-" not in text and MINUS in text
    # A number that rounds to zero has no sign at all (never "−0,0"), and no "+" either.
    assert number(-0.04, 1, "sv") == "0,0" and signed_percent(-0.04, "sv") == "0,0 %" and signed_percent(0.04, "en") == "0.0%"


def test_numbers_in_csv_and_excel_downloads_stay_numbers():
    """The page shows −1,5; the CSV for Swedish Excel says -1,5 and the CSV for software -1.5 (both
    read as numbers), and the workbook holds the number itself."""
    data = TableData("t", "t", [{"region": "Norrbottens län", "change": -1.5}], [("region", "Region"), ("change", "Förändring")],
                     "caption", decimals={"change": 1})
    assert _cell(-1.5, 1, "sv") == "\u22121,5" and _cell(-1.5, 1, "en") == "\u22121.5"
    swedish = list(csv.reader(io.StringIO(csv_text(data, "csv").lstrip("\ufeff")), delimiter=";"))
    machine = list(csv.reader(io.StringIO(csv_text(data, "csv-machine"))))
    assert swedish[1] == ["Norrbottens län", "-1,5"] and machine[1] == ["Norrbottens län", "-1.5"]
    assert float(swedish[1][1].replace(",", ".")) == float(machine[1][1]) == -1.5
    cell = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(data, "sv"))).active["B2"]
    assert cell.value == -1.5 and isinstance(cell.value, float)


# -- percentage points ------------------------------------------------------------------------------

PER_CENT = {"percent": True, "decimals": 1, "base": {"period": "2018–2019", "value": 36.6},
            "assessed": {"period": "2025", "value": 40.4}, "latest": {"period": "2025", "value": 40.4},
            "change_pct": change_pct({"base_value": 36.6, "base_period": "2018–2019", "current_value": 40.4,
                                      "current_period": "2025"}),
            "change_points": change_points({"base_value": 36.6, "base_period": "2018–2019", "current_value": 40.4,
                                            "current_period": "2025"})}


def test_a_change_in_an_indicator_in_per_cent_is_in_percentage_points():
    """36,6 % to 40,4 % is +3,8 procentenheter (from the same two values as the status), not +10,4 %;
    the relative change is kept in the data (change_pct) for whoever needs it."""
    assert PER_CENT["change_points"] == pytest.approx(3.8) and PER_CENT["change_pct"] == pytest.approx(10.38, abs=0.01)
    assert change_cell(PER_CENT, "sv") == "+3,8 procentenheter (från 2018–2019)"
    assert change_cell(PER_CENT, "en") == "+3.8 percentage points (from 2018–2019)"
    assert change_sentence(PER_CENT, "sv") == "Förändring från 2018–2019 till 2025: +3,8 procentenheter"
    fall = {**PER_CENT, "change_points": -2.5}
    assert change_cell(fall, "sv") == "\u22122,5 procentenheter (från 2018–2019)"
    # Money and counts keep the relative change, with their prices.
    money = {**PER_CENT, "percent": False, "prices": "deflated", "change_pct": 22.2, "change_points": None}
    assert change_cell(money, "sv") == "+22,2 % (från 2018–2019, fasta priser)"
    assert change_sentence(money, "en") == "Change from 2018–2019 to 2025, fixed prices: +22.2%"
    assert change_cell({**PER_CENT, "change_points": None, "change_pct": None}, "sv") is None


def test_the_explanation_of_an_indicator_in_per_cent_says_the_percentage_points():
    ind = {**PER_CENT, "status": "substantial", "observed_growth": 0.0145, "flags": [],
           "thresholds": {"high": 0.015, "medium": 0.005, "low": 0.0}}
    said = explain(ind, "sv", 1)
    assert said.startswith("Värdet har ökat med i genomsnitt 1,5 % per år från 2018–2019 (medelvärde) till 2025 "
                           "(från 36,6 till 40,4). Det är en ökning med 3,8 procentenheter.")
    assert "That is a rise of 3.8 percentage points." in explain(ind, "en", 1)


def test_a_unit_in_per_cent_needs_the_percent_flag_and_the_flag_a_unit_in_per_cent():
    base = {"label": {"sv": "x", "en": "x"}, "description": {"sv": "x", "en": "x"},
            "formula": {"type": "value", "series": {"dataset": "a"}}, "direction": "none"}
    assert Indicator(**base, unit={"sv": "%", "en": "%"}, percent=True).percent
    assert Indicator(**base, unit={"sv": "% av förädlingsvärdet", "en": "% of value added"}, percent=True).percent
    assert not Indicator(**base, unit={"sv": "kr per invånare", "en": "SEK per inhabitant"}).percent
    with pytest.raises(ValueError, match="percent: true"):
        Indicator(**base, unit={"sv": "procent", "en": "per cent"})
    with pytest.raises(ValueError, match="percent: true"):
        Indicator(**base, unit={"sv": "invånare", "en": "inhabitants"}, percent=True)


# -- the overall assessment -------------------------------------------------------------------------

VERDICT = {"total": 18, "assessed": 3, "by_status": {"target_achieved": 0, "substantial": 2, "moderate": 0, "limited": 0,
                                                     "deterioration": 1},
           "uncertain": 1, "stale": 7, "followed": 0, "not_assessable": 0, "no_data": 8}


def test_the_overall_assessment_is_whole_sentences_in_both_languages():
    assert verdict_text(VERDICT, "sv") == ("Av 18 indikatorer har 3 bedömts – 2 med god utveckling och 1 med försämring "
                                           "(varav 1 osäker). 7 har inaktuella värden och 8 saknar värden.")
    assert verdict_text(VERDICT, "en") == ("Of 18 indicators, 3 are assessed – 2 with substantial progress and 1 "
                                           "deteriorating (1 of them uncertain). 7 have out-of-date values and 8 have "
                                           "no values yet.")
    many = {**VERDICT, "by_status": {**VERDICT["by_status"], "moderate": 1}, "assessed": 4, "uncertain": 2, "stale": 1,
            "followed": 2, "not_assessable": 1, "no_data": 0}
    assert verdict_text(many, "sv") == ("Av 18 indikatorer har 4 bedömts – 2 med god utveckling, 1 med måttlig utveckling "
                                        "och 1 med försämring (varav 2 osäkra). 1 har ett inaktuellt värde, 2 följs utan "
                                        "bedömning och 1 kan inte bedömas.")
    assert verdict_text(many, "en").endswith("1 has an out-of-date value, 2 are monitored, not assessed and 1 cannot be assessed.")
    none = {**VERDICT, "total": 4, "assessed": 0, "by_status": {}, "uncertain": 0, "stale": 2, "no_data": 2}
    assert verdict_text(none, "sv") == "Av 4 indikatorer har ingen bedömts. 2 har inaktuella värden och 2 saknar värden."
    assert verdict_text(none, "en") == "Of 4 indicators, none are assessed. 2 have out-of-date values and 2 have no values yet."


def test_the_assessment_of_an_area_with_one_indicator():
    one = {"total": 1, "assessed": 1, "by_status": {"substantial": 1}, "uncertain": 1, "stale": 0, "followed": 0,
           "not_assessable": 0, "no_data": 0}
    assert verdict_text(one, "sv") == "Den enda indikatorn har bedömts: god utveckling (osäker bedömning)."
    assert verdict_text(one, "en") == "The only indicator is assessed: substantial progress (uncertain)."
    stale = {**one, "assessed": 0, "by_status": {"substantial": 0}, "uncertain": 0, "stale": 1}
    assert verdict_text(stale, "sv") == "Den enda indikatorn har ett inaktuellt värde."
    empty = {**stale, "stale": 0, "no_data": 1}
    assert verdict_text(empty, "en") == "The only indicator has no values yet."


# -- smaller things a reader notices ------------------------------------------------------------------


def test_quotation_marks_and_per_cent_signs_follow_the_language():
    assert quoted("hög specialiseringsgrad", "sv") == "”hög specialiseringsgrad”"
    assert quoted("a high degree of specialisation", "en") == "“a high degree of specialisation”"
    assert with_unit("40,4", "%", "sv") == "40,4 %" and with_unit("40.4", "%", "en") == "40.4%"
    assert with_unit("12.3", "% of value added", "en") == "12.3% of value added"
    assert with_unit("648", "tusen kronor per invånare", "sv") == "648 tusen kronor per invånare"
    # Below 10 % of Sweden's value one decimal shows the change the judgement rests on.
    assert share_of_sweden(2.44, "sv") == "2,4 %" and share_of_sweden(123.4, "en") == "123%"


def test_a_rank_older_than_the_value_says_why():
    ind = {"rank": 10, "rank_of": 21, "rank_period": "2015", "latest": {"period": "2024", "value": 1113.0}}
    assert rank_text(ind, "sv") == "plats 10 av 21 (2015; senare år har värden för för få län)"
    assert rank_text({**ind, "rank_period": "2024"}, "en") == "rank 10 of 21 (2024)"
