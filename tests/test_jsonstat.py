import json
import math

import numpy as np
import pandas as pd
import pytest

from ingest import jsonstat
from ingest.errors import ResponseFormatError
from tests.conftest import FIXTURES


def dataset(**overrides):
    base = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Kon", "Tid"],
        "size": [2, 2, 3],
        "dimension": {
            "Region": {"category": {"index": {"10": 0, "25": 1}, "label": {"10": "Blekinge län", "25": "Norrbottens län"}}},
            "Kon": {"category": {"index": ["1", "2"]}},
            "Tid": {"category": {"index": {"2018": 0, "2019": 1, "2020": 2}}},
        },
        "value": list(range(12)),
    }
    base.update(overrides)
    return base


def test_cells_are_row_major_over_id_and_size():
    frame = jsonstat.read(dataset())
    assert list(frame.columns) == ["Region", "Kon", "Tid", "value", "status"]
    assert len(frame) == 12
    # The last dimension varies fastest.
    assert frame.iloc[0][["Region", "Kon", "Tid"]].tolist() == ["10", "1", "2018"]
    assert frame.iloc[1][["Region", "Kon", "Tid"]].tolist() == ["10", "1", "2019"]
    assert frame.iloc[3][["Region", "Kon", "Tid"]].tolist() == ["10", "2", "2018"]
    assert frame.iloc[6][["Region", "Kon", "Tid"]].tolist() == ["25", "1", "2018"]
    row = frame[(frame.Region == "25") & (frame.Kon == "2") & (frame.Tid == "2020")]
    assert row.value.item() == 11.0  # 1*6 + 1*3 + 2
    assert frame.value.dtype == np.float64
    assert frame.status.isna().all()


def test_dense_values_keep_nulls_as_nan_and_sparse_values_fill_nan():
    dense = jsonstat.read(dataset(value=[1, None, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
    assert math.isnan(dense.value[1]) and dense.value[2] == 3.0
    sparse = jsonstat.read(dataset(value={"0": 154.7, "11": 2.5}))
    assert sparse.value[0] == 154.7 and sparse.value[11] == 2.5
    assert sparse.value[1:11].isna().all()


@pytest.mark.parametrize(
    "status, expected",
    [
        ({"1": "..", "5": "p"}, [None, "..", None, None, None, "p"] + [None] * 6),
        (["e"], ["e"] * 12),
        ("b", ["b"] * 12),
        ([None, "..", "", None, None, None, None, None, None, None, None, ":"], [None, "..", None] + [None] * 8 + [":"]),
    ],
    ids=["sparse-object", "one-element-array-means-all", "string-means-all", "full-array"],
)
def test_status_in_every_form_the_format_allows(status, expected):
    frame = jsonstat.read(dataset(status=status))
    assert [s if isinstance(s, str) else None for s in frame.status] == expected


def test_category_index_may_be_missing_for_a_single_category():
    doc = dataset(
        id=["country", "Tid"],
        size=[1, 2],
        dimension={
            "country": {"category": {"label": {"CA": "Canada"}}},
            "Tid": {"category": {"index": ["2020", "2021"]}},
        },
        value=[1.5, 2.5],
    )
    frame = jsonstat.read(doc)
    assert frame.country.tolist() == ["CA", "CA"]
    assert frame.Tid.tolist() == ["2020", "2021"]


def test_json_stat_1_response_and_bundle():
    inner = {
        "label": "x",
        "dimension": {
            "id": ["Region", "Tid"],
            "size": [1, 2],
            "role": {"time": ["Tid"]},
            "Region": {"category": {"index": {"25": 0}}},
            "Tid": {"category": {"index": {"2019": 0, "2020": 1}}},
        },
        "value": [250093, 249614],
    }
    single = jsonstat.read({"dataset": inner})
    assert single.value.tolist() == [250093.0, 249614.0]
    cube = jsonstat.parse({"dataset": inner})
    assert cube.role == {"time": ["Tid"]}
    bundle = {"first": inner, "second": {**inner, "value": [1, 2]}}
    assert jsonstat.read(bundle, dataset="second").value.tolist() == [1.0, 2.0]
    with pytest.raises(ResponseFormatError, match="holds 2 datasets .*choose one with dataset="):
        jsonstat.read(bundle)


def test_every_kind_of_source_reads_the_same(tmp_path):
    doc = dataset()
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc))
    expected = jsonstat.read(doc)
    for source in (path, str(path), json.dumps(doc), json.dumps(doc).encode()):
        pd.testing.assert_frame_equal(jsonstat.read(source), expected)


def test_truncated_or_inconsistent_documents_are_clear_errors():
    with pytest.raises(ResponseFormatError, match="truncated or malformed"):
        jsonstat.read(json.dumps(dataset())[:-40].encode())
    with pytest.raises(ResponseFormatError, match="has 12 cells but 'value' holds 11"):
        jsonstat.read(dataset(value=list(range(11))))
    with pytest.raises(ResponseFormatError, match="'Kon' has 2 categories but 'size' says 3"):
        jsonstat.read(dataset(size=[2, 3, 3]))


def test_scb_metadata_response_reads_its_dimensions_without_values():
    # The shape of SCB's TAB6471 metadata (value: []): every dimension decoded, codes as text.
    with pytest.raises(ResponseFormatError, match="'value' holds 0"):
        jsonstat.parse(FIXTURES / "pxweb" / "TAB6471_metadata.json")
    cube = jsonstat.parse(FIXTURES / "pxweb" / "TAB6471_metadata.json", values=False)
    assert cube.ids == ["Region", "Alder", "Kon", "ContentsCode", "Tid"]
    region = cube.dimension("Region")
    assert region.codes[:3] == ["00", "01", "0114"]
    assert region.labels["25"] == "Norrbottens län"
    assert cube.extension["px"]["tableid"] == "TAB6471"
