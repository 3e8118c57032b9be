import json

import numpy as np

from ingest import jsonstat
from ingest.cube_rows import observations_from_cube
from ingest.store import Observations


def cube():
    return jsonstat.parse(
        {
            "version": "2.0",
            "class": "dataset",
            "id": ["Region", "Kon", "ContentsCode", "Tid"],
            "size": [3, 2, 1, 3],
            "dimension": {
                "Region": {"category": {"index": {"25": 0, "00": 1, "10": 2}}},
                "Kon": {"category": {"index": {"2": 0, "1": 1}}},
                "ContentsCode": {"category": {"index": {"BE0101N1": 0}}},
                "Tid": {"category": {"index": {"2020K1": 0, "2019K4": 1, "2020K2": 2}}},
            },
            "value": list(range(18)),
            "status": {"4": ".."},
        }
    )


def test_every_cell_keeps_its_value_under_canonical_codes_in_key_order():
    c = cube()
    obs = observations_from_cube(c, region_dim="Region", time_dim="Tid")
    keys = list(zip(obs.region, obs.period, obs.dims))
    assert keys == sorted(keys)
    assert obs.key_ordered
    frame = c.to_frame()
    expected = {
        (r.Region, {"2020K1": "2020-Q1", "2019K4": "2019-Q4", "2020K2": "2020-Q2"}[r.Tid],
         json.dumps({"ContentsCode": r.ContentsCode, "Kon": r.Kon}, separators=(",", ":"))): (r.value, r.status)
        for r in frame.itertuples()
    }
    got = {k: (v, s) for k, v, s in zip(keys, obs.value, obs.status)}
    assert got == expected
    assert got[("25", "2020-Q1", '{"ContentsCode":"BE0101N1","Kon":"1"}')] == (3.0, None)
    assert got[("25", "2019-Q4", '{"ContentsCode":"BE0101N1","Kon":"1"}')] == (4.0, "..")


def test_eliminated_region_is_sweden():
    c = cube()
    obs = observations_from_cube(c, region_dim=None, time_dim="Tid")
    assert set(obs.region) == {"00"}
    assert '"Region":"25"' in obs.dims[0] or '"Region"' in obs.dims[0]


def test_generic_observations_are_put_in_key_order():
    obs = Observations(
        np.array(["25", "10", "25"], dtype=object),
        np.array(["2020", "2021", "2019"], dtype=object),
        np.array(["{}", "{}", "{}"], dtype=object),
        np.array([1.0, 2.0, 3.0]),
        np.array([None, "..", None], dtype=object),
    )
    ordered = obs.in_key_order()
    assert list(zip(ordered.region, ordered.period, ordered.value)) == [("10", "2021", 2.0), ("25", "2019", 3.0), ("25", "2020", 1.0)]
    assert ordered.status.tolist() == ["..", None, None]
