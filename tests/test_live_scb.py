"""Against the real SCB API. Off by default: run with `python -m pytest -m network`."""

import pytest

from ingest.pxweb.client import PxWebClient

pytestmark = pytest.mark.network


def test_scb_v2_population_of_norrbotten():
    client = PxWebClient("https://statistikdatabasen.scb.se/api/v2", language="sv")
    assert client.limits().max_cells >= 100_000
    result = client.fetch("TAB638", {"Region": ["25"], "ContentsCode": ["BE0101N1"], "Tid": ["2019"]})
    assert result.cubes[0].values.tolist() == [250093.0]


def test_scb_v1_reports_the_v2_table_id():
    client = PxWebClient("https://api.scb.se/OV0104/v1/doris/sv/ssd", version=1)
    result = client.fetch("BE/BE0101/BE0101A/BefolkningNy", {"Region": ["25"], "ContentsCode": ["BE0101N1"], "Tid": ["2019"]})
    assert result.cubes[0].extension["px"]["tableid"] == "TAB638"
