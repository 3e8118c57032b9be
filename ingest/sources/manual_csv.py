"""Hand-kept series: CSV files under ``data/manual/`` for what no API publishes.

The header (order free; ``sex`` and ``breakdown`` optional)::

    series,region,period,value,unit,source,note,sex,breakdown

- ``series``: a short id of the series (letters, digits, ``_``), e.g. ``tourism_turnover_growth``;
- ``region``: an SCB region code (``25``) or a NUTS code for a foreign region;
- ``period``: ``2015``, ``2015-Q1`` or ``2015-01``; leave it empty only when the source gives no
  reference year, and say so in ``note`` (a strategy's "+58 % since 2010" has none);
- ``value``: a finite number with a decimal point; empty only with a ``note`` saying why
  (``NaN`` and ``inf`` are not numbers here);
- ``unit`` and ``source`` (the citation: document, page or table, address) are required.

A file separated by semicolons, as Swedish Excel saves "CSV" (its list separator is ``;``), is
read as such: the header tells, since no column name holds a comma or a semicolon. In such a file
a value may have a decimal comma (``0,42``), as Excel writes it, since a comma cannot separate
its fields; a file that mixes decimal commas and decimal points, or a value with both, is a
problem to fix, not a guess. A quote that is opened and never closed is a problem with the line
it opens on, never a figure that swallows the lines after it.

Every problem is reported with the file and line, all at once. Bounds: a file of at most
``MAX_FILE_BYTES``, a field of at most ``MAX_FIELD_CHARS`` characters, years 1900–2200, and a
header that names each column once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from ingest.choices import FIRST_YEAR, LAST_YEAR
from ingest.codes import canonical_period, period_year, region
from ingest.config import Config, CsvSourceConfig, DatasetConfig, label_in
from ingest.cube_rows import dims_json
from ingest.errors import IngestError, UnknownPeriodError
from ingest.sources.base import Fetched
from ingest.store import Observations

MAX_FILE_BYTES = 20_000_000
MAX_FIELD_CHARS = 10_000  # a citation or a note is a line or two, never a document
REQUIRED_COLUMNS = ("series", "region", "period", "value", "unit", "source", "note")
OPTIONAL_COLUMNS = ("sex", "breakdown")
SERIES = re.compile(r"^[a-z][a-z0-9_]*$")
FOREIGN_REGION = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
DIGIT_GROUPS = str.maketrans("", "", " \u00a0\u202f")  # 4 068, as Excel writes thousands (also no-break spaces)


class ManualDataError(IngestError):
    """A hand-kept CSV file has problems (all are listed, each with file and line)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_manual_csv(path: Path, display: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Parse and validate one file: (rows, problems)."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [f"{name}: the file is {size:,} bytes; a hand-kept file may be at most {MAX_FILE_BYTES:,}"]
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [f"{name}: file not found; create it or fix the dataset's table:"]
    except UnicodeDecodeError as exc:
        return [], [f"{name}: not UTF-8 text ({exc}); save it as UTF-8 (in Excel: Save As, \"CSV UTF-8\")"]
    delimiter = _delimiter(text)
    # strict: a quote opened and never closed is an error, not a field that runs to the end of the file
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        return [], [f"{name}:1: header: {exc}"]
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        # csv.DictReader would silently keep the last of two same-named columns.
        problems.append(f"{name}:1: header: column(s) {', '.join(twice)} named more than once; keep one of each")
    if missing or unknown:
        problems.append(
            f"{name}:1: header: "
            + "; ".join(
                part for part in (
                    f"missing column(s) {', '.join(missing)}" if missing else "",
                    f"unknown column(s) {', '.join(unknown)}" if unknown else "",
                ) if part
            )
            + f". The header is: {','.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)} (sex and breakdown optional)"
        )
    if problems:
        return [], problems
    rows, seen = [], {}
    points: int | None = None  # the first line with a decimal point, in a file with semicolons
    commas: int | None = None  # the first line with a decimal comma
    for line, raw in _records(reader, name, problems):
        where = f"{name}:{line}"
        if len(raw) > len(header):
            separator = "a semicolon" if delimiter == ";" else "a comma"
            problems.append(f"{where}: {len(raw)} fields, but the header has {len(header)} columns ({separator} too many?)")
            continue
        row = {column: (raw[i] if i < len(raw) else "").strip() for i, column in enumerate(header)}
        if not any(row.values()):
            continue
        long = [c for c, v in row.items() if len(v) > MAX_FIELD_CHARS]
        if long:
            problems.append(f"{where}: {', '.join(long)} longer than {MAX_FIELD_CHARS:,} characters; shorten it")
            continue
        if not SERIES.match(row["series"]):
            problems.append(f"{where}: series {row['series']!r}: use lower-case letters, digits and _")
        code = row["region"]
        if region(code) is None and not FOREIGN_REGION.match(code):
            problems.append(f"{where}: region {code!r} is neither an SCB code (00, 25, 2580) nor a NUTS code (FI1D7)")
        period: str | None = ""
        if row["period"]:
            try:
                period = canonical_period(row["period"])
                if not FIRST_YEAR <= period_year(period) <= LAST_YEAR:
                    problems.append(f"{where}: period {row['period']!r}: the year must be {FIRST_YEAR}–{LAST_YEAR}")
                    period = None
            except UnknownPeriodError as exc:
                problems.append(f"{where}: {exc}")
                period = None
        elif not row["note"]:
            problems.append(f"{where}: period is empty; give the reference year, or say in note why there is none")
        value = math.nan
        if row["value"]:
            written = row["value"].translate(DIGIT_GROUPS)
            if delimiter == ";" and DECIMAL_COMMA.match(written):
                commas = commas or line
                written = written.replace(",", ".")
                if points:
                    problems.append(f"{where}: value {row['value']!r} has a decimal comma, but line {points} has a "
                                    "decimal point; write every value of the file the same way (0,42 or 0.42)")
            elif delimiter == ";" and "." in written:
                points = points or line
                if commas:
                    problems.append(f"{where}: value {row['value']!r} has a decimal point, but line {commas} has a "
                                    "decimal comma; write every value of the file the same way (0,42 or 0.42)")
            try:
                value = float(written)
            except ValueError:
                example = "4068, 0,42 or 0.42" if delimiter == ";" else "4068 or 0.42"
                problems.append(f"{where}: value {row['value']!r} is not a number (use a decimal "
                                f"{'comma or point' if delimiter == ';' else 'point'}: {example})")
            else:
                if not math.isfinite(value):
                    problems.append(f"{where}: value {row['value']!r} is not a finite number; give the figure, or leave "
                                    "value empty and say in note why there is none")
                    value = math.nan
        elif not row["note"]:
            problems.append(f"{where}: value is empty; give it, or say in note why there is none")
        for column in ("unit", "source"):
            if not row[column]:
                problems.append(f"{where}: {column} is empty; every figure needs its {column}")
        dims = {"series": row["series"]}
        for column in OPTIONAL_COLUMNS:
            if row.get(column):
                dims[column] = row[column]
        key = (code, period, dims_json(dims))
        if period is not None:
            if key in seen:
                problems.append(f"{where}: the same series, region, period, sex and breakdown as line {seen[key]}")
            seen[key] = line
        rows.append({"region": code, "period": period, "dims": key[2], "value": value, "row": row})
    return rows, problems


def _delimiter(text: str) -> str:
    """``;`` when the header is separated by semicolons (as Swedish Excel saves CSV), else ``,``.
    Decided on the header alone: no column name holds either character, so it is unambiguous."""
    first = text.split("\n", 1)[0]
    known = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)

    def named(delimiter: str) -> int:
        return sum(field.strip().strip('"') in known for field in first.split(delimiter))

    return ";" if named(";") > named(",") else ","


def _records(reader, name: str, problems: list[str]):
    """(line, fields) of each record; a record the csv module cannot read is a problem with the
    line it starts on, and the reading stops there (what follows it cannot be trusted)."""
    ended = reader.line_num  # the line the last record ended on: the next one starts after it
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            start, at = ended + 1, reader.line_num
            if "unexpected end of data" in str(exc):
                problems.append(f"{name}:{start}: a quote (\") opened on this line is never closed: the file ends "
                                "inside it; close it with \", or double a quote that is part of the text (\"\")")
            elif at > start:
                problems.append(f"{name}:{start}: a quote (\") opened on this line is not closed on it, and runs on to "
                                f"line {at} ({exc}); close it on this line, or double a quote that is part of the "
                                "text (\"\")")
            elif "expected after" in str(exc):
                problems.append(f"{name}:{at}: text follows a closing quote (\") with no separator before it: a quoted "
                                "field ends at its closing quote, and a quote that is part of the text is written "
                                "twice (\"\")")
            else:
                problems.append(f"{name}:{at}: {exc} (a field over {MAX_FIELD_CHARS:,} characters, or an unclosed "
                                "quote?)")
            return
        start, ended = ended + 1, reader.line_num
        yield start, fields


def check_files(config: Config) -> list[str]:
    """Every problem in the hand-kept files of the configured csv datasets."""
    problems = []
    for dataset in config.datasets.values():
        source = config.sources.get(dataset.source)
        if isinstance(source, CsvSourceConfig):
            path = config.path.parent / source.directory / dataset.table
            problems += read_manual_csv(path)[1]
    return problems


class ManualCsvSource:
    def __init__(self, name: str, config: CsvSourceConfig, *, base_dir: Path | None = None, **_: Any):
        self.name = name
        self.config = config
        self.base_dir = base_dir or Path.cwd()

    def path(self, dataset: DatasetConfig) -> Path:
        return self.base_dir / self.config.directory / dataset.table

    def source_updated(self, dataset: DatasetConfig) -> str | None:
        return None  # the content hash tells whether the file changed

    def fetch(self, dataset_id: str, dataset: DatasetConfig, since: str | None = None) -> Fetched:
        path = self.path(dataset)
        rows, problems = read_manual_csv(path)
        if problems:
            raise ManualDataError(problems)
        wanted = dataset.selection.get("series")
        regions = dataset.selection.get("region")
        rows = [
            r for r in rows
            if (not wanted or wanted == ["*"] or r["row"]["series"] in wanted)
            and (not regions or regions == ["*"] or r["region"] in regions)
        ]
        observations = Observations(
            np.array([r["region"] for r in rows], dtype=object),
            np.array([r["period"] for r in rows], dtype=object),
            np.array([r["dims"] for r in rows], dtype=object),
            np.array([r["value"] for r in rows], dtype=np.float64),
            np.full(len(rows), None, dtype=object),
        )
        sources = [
            {
                "region": r["region"], "period": r["period"], "dims": r["dims"], "unit": r["row"]["unit"],
                "source": r["row"]["source"], "citation": r["row"]["source"], "note": r["row"]["note"] or None,
            }
            for r in rows
        ]
        content = path.read_bytes()
        meta = {
            "source": self.name,
            "source_kind": "csv",
            "table_id": dataset.table,
            "selection": dataset.selection,
            "label": label_in(dataset.label, "sv") or dataset.table,
            "unit": dataset.unit,
            "source_updated": None,
            "request_url": str(path),
            "content_hash": hashlib.sha256(content).hexdigest(),
            "metadata": {"file": str(path), "rows": len(rows)},
            "provenance": f"hand-kept series {self.config.directory}/{dataset.table}; each figure cites its source",
        }
        # The file is the whole dataset: a row deleted or corrected in it goes from the store too
        # (recorded as removed in the revision history).
        return Fetched(observations, meta, None, sources=sources, complete=True)
