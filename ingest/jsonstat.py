"""A vectorised JSON-stat reader (2.0 datasets, 1.x responses and bundles).

``read(source)`` gives a ``pandas.DataFrame`` with one column per dimension (category codes as
text), ``value`` (float, NaN where the cell has none) and ``status`` (the cell's symbol or None).
``parse(source)`` gives the decoded cube, which the ingest expands itself so that codes are
normalised once per category rather than once per cell.

Cells are laid out row-major over ``id``/``size`` (the last dimension varies fastest); every
column is built by index arithmetic over numpy arrays, never a Python loop per cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd

from ingest.errors import ResponseFormatError

Source = str | bytes | bytearray | Path | dict


@dataclass
class Dimension:
    id: str
    label: str | None
    codes: list[str]
    labels: dict[str, str]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.codes)


@dataclass
class Cube:
    """A decoded JSON-stat dataset: dimensions in response order, values and status flat."""

    dimensions: list[Dimension]
    values: np.ndarray
    status: np.ndarray | None
    raw: dict[str, Any] = field(repr=False)

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.dimensions]

    @property
    def sizes(self) -> list[int]:
        return [d.size for d in self.dimensions]

    @property
    def updated(self) -> str | None:
        return self.raw.get("updated")

    @property
    def label(self) -> str | None:
        return self.raw.get("label")

    @property
    def extension(self) -> dict[str, Any]:
        return self.raw.get("extension") or {}

    @property
    def role(self) -> dict[str, list[str]]:
        return self.raw.get("role") or {}

    def dimension(self, dim_id: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == dim_id:
                return dim
        raise KeyError(dim_id)

    def positions(self, dim_id: str) -> np.ndarray:
        """For every cell, the position of its category in dimension ``dim_id``."""
        k = self.ids.index(dim_id)
        sizes = self.sizes
        inner = math.prod(sizes[k + 1 :])
        outer = math.prod(sizes[:k])
        pattern = np.repeat(np.arange(sizes[k], dtype=np.int64), inner)
        return np.tile(pattern, outer)

    def combined_positions(self, dim_ids: list[str]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """For every cell, one number for its combination of categories in ``dim_ids``.

        Returns the numbers and the list of combinations (code tuples) they index.
        """
        if not dim_ids:
            return np.zeros(len(self.values), dtype=np.int64), [()]
        number = np.zeros(len(self.values), dtype=np.int64)
        for dim_id in dim_ids:
            number = number * self.dimension(dim_id).size + self.positions(dim_id)
        combos = [()]
        for dim_id in dim_ids:
            combos = [c + (code,) for c in combos for code in self.dimension(dim_id).codes]
        return number, combos

    def to_frame(self) -> pd.DataFrame:
        columns: dict[str, Any] = {}
        for dim in self.dimensions:
            codes = np.asarray(dim.codes, dtype=object)
            # dtype=object keeps the codes as Python str without pandas' per-cell string inference.
            columns[dim.id] = pd.Series(codes[self.positions(dim.id)], dtype=object, copy=False)
        columns["value"] = pd.Series(self.values, copy=False)
        status = self.status if self.status is not None else np.full(len(self.values), None, dtype=object)
        columns["status"] = pd.Series(status, dtype=object, copy=False)
        return pd.DataFrame(columns, copy=False)


def _load(source: Source) -> Any:
    if isinstance(source, dict):
        return source
    if isinstance(source, (bytes, bytearray)):
        text: str | bytes = bytes(source)
    elif isinstance(source, Path):
        text = source.read_bytes()
    elif isinstance(source, str):
        text = source if source.lstrip().startswith(("{", "[")) else Path(source).read_bytes()
    else:
        raise TypeError(f"a JSON-stat source is a path, bytes, str or dict, not {type(source).__name__}")
    try:
        return orjson.loads(text)  # several times faster than json.loads on large responses
    except orjson.JSONDecodeError as exc:
        raise ResponseFormatError(f"not valid JSON (truncated or malformed): {exc}") from exc


def _pick_dataset(doc: Any, dataset: str | int | None) -> tuple[dict[str, Any], bool]:
    """Return the dataset object and whether it is JSON-stat 1.x."""
    if not isinstance(doc, dict):
        raise ResponseFormatError("a JSON-stat document is a JSON object")
    if doc.get("class") == "dataset" or ("id" in doc and "size" in doc and "dimension" in doc):
        return doc, False
    if doc.get("class") == "collection":
        items = (doc.get("link") or {}).get("item") or []
        datasets = [i for i in items if isinstance(i, dict) and i.get("class") == "dataset"]
        if not datasets:
            raise ResponseFormatError("the JSON-stat collection holds no embedded dataset")
        index = dataset if isinstance(dataset, int) else 0
        if isinstance(dataset, str):
            names = [d.get("label") for d in datasets]
            if dataset not in names:
                raise ResponseFormatError(f"no dataset labelled {dataset!r}; there are {names}")
            index = names.index(dataset)
        return datasets[index], False
    # JSON-stat 1.x: {"name": {dataset}, ...}
    bundle = {k: v for k, v in doc.items() if isinstance(v, dict) and "dimension" in v}
    if not bundle:
        raise ResponseFormatError(
            "not a JSON-stat dataset: no 'class: dataset', no 'id'/'size'/'dimension' and no 1.x bundle"
        )
    if dataset is None:
        if len(bundle) > 1:
            raise ResponseFormatError(
                f"the JSON-stat bundle holds {len(bundle)} datasets ({', '.join(bundle)}); "
                "choose one with dataset="
            )
        return next(iter(bundle.values())), True
    if isinstance(dataset, int):
        return list(bundle.values())[dataset], True
    if dataset not in bundle:
        raise ResponseFormatError(f"the bundle has no dataset {dataset!r}; it has {', '.join(bundle)}")
    return bundle[dataset], True


def _category_codes(dim_id: str, category: dict[str, Any]) -> list[str]:
    index = category.get("index")
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        codes = [""] * len(index)
        for code, pos in index.items():
            if not isinstance(pos, int) or not 0 <= pos < len(index):
                raise ResponseFormatError(f"dimension {dim_id!r}: category {code!r} has index {pos!r}")
            codes[pos] = str(code)
        return codes
    labels = category.get("label") or {}
    if len(labels) == 1 or index is None:
        if not labels:
            raise ResponseFormatError(f"dimension {dim_id!r} has neither category index nor label")
        return [str(c) for c in labels]
    raise ResponseFormatError(f"dimension {dim_id!r}: category index is neither an object nor an array")


def _values(raw: Any, n: int) -> np.ndarray:
    if isinstance(raw, dict):
        values = np.full(n, np.nan)
        if raw:
            keys = np.fromiter((int(k) for k in raw), dtype=np.int64, count=len(raw))
            if keys.min() < 0 or keys.max() >= n:
                raise ResponseFormatError(f"a value index lies outside the {n:,} cells of the cube")
            values[keys] = _as_float(list(raw.values()))
        return values
    if isinstance(raw, list):
        if len(raw) != n:
            raise ResponseFormatError(
                f"the cube has {n:,} cells but 'value' holds {len(raw):,} (truncated or inconsistent)"
            )
        return _as_float(raw)
    raise ResponseFormatError("'value' is neither an array nor an object")


def _as_float(values: list[Any]) -> np.ndarray:
    try:
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(np.float64)


def _status(raw: Any, n: int) -> np.ndarray | None:
    if raw is None:
        return None
    status = np.full(n, None, dtype=object)
    if isinstance(raw, str):
        status[:] = raw
    elif isinstance(raw, list):
        if len(raw) == 1:
            status[:] = raw[0]
        elif len(raw) == n:
            status[:] = raw
            status[np.equal(status, "")] = None
        else:
            raise ResponseFormatError(f"'status' has {len(raw)} entries for {n:,} cells")
    elif isinstance(raw, dict):
        if raw:
            keys = np.fromiter((int(k) for k in raw), dtype=np.int64, count=len(raw))
            if keys.min() < 0 or keys.max() >= n:
                raise ResponseFormatError("a status index lies outside the cube")
            status[keys] = list(raw.values())
    else:
        raise ResponseFormatError("'status' is neither a string, an array nor an object")
    return status


def parse(source: Source, dataset: str | int | None = None, *, values: bool = True) -> Cube:
    """Decode a JSON-stat document into a :class:`Cube`.

    ``values=False`` reads the dimensions only, as for a PxWeb metadata response (``value: []``).
    """
    doc, legacy = _pick_dataset(_load(source), dataset)
    dims_raw = doc.get("dimension")
    if not isinstance(dims_raw, dict):
        raise ResponseFormatError("the dataset has no 'dimension' object")
    if legacy:
        ids, sizes = dims_raw.get("id"), dims_raw.get("size")
        doc = {**doc, "role": dims_raw.get("role") or {}}
    else:
        ids, sizes = doc.get("id"), doc.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise ResponseFormatError("'id' and 'size' must be arrays of the same length")
    dimensions = []
    for dim_id, size in zip(ids, sizes):
        info = dims_raw.get(dim_id)
        if not isinstance(info, dict):
            raise ResponseFormatError(f"dimension {dim_id!r} is listed in 'id' but not described")
        category = info.get("category") or {}
        codes = _category_codes(dim_id, category)
        if len(codes) != size:
            raise ResponseFormatError(
                f"dimension {dim_id!r} has {len(codes)} categories but 'size' says {size}"
            )
        labels = {str(k): str(v) for k, v in (category.get("label") or {}).items()}
        dimensions.append(Dimension(str(dim_id), info.get("label"), codes, labels, info))
    n = math.prod(sizes)
    if not values:
        return Cube(dimensions, np.empty(0), None, doc)
    return Cube(dimensions, _values(doc.get("value"), n), _status(doc.get("status"), n), doc)


def read(source: Source, dataset: str | int | None = None) -> pd.DataFrame:
    """Read a JSON-stat document into a tidy frame: one column per dimension, value, status.

    ``source`` is a path, bytes, a JSON string or an already-parsed dict; ``dataset`` picks one
    dataset of a JSON-stat 1.x bundle (by name) or of a collection.
    """
    return parse(source, dataset).to_frame()
