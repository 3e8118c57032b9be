"""Canonical codes: the one source of truth for region and period codes.

Regions are SCB codes as text: ``"00"`` Sweden, ``"01"``..``"25"`` the 21 counties, four digits
for the 290 municipalities; foreign regions keep their NUTS code. Periods are ``2023``,
``2023-Q1`` or ``2023-01`` whatever the source wrote (SCB ``2023K1``/``2023M01``, Tillväxtanalys
``2023Q1``, Eurostat ``2023-Q1``/``2023-01``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ingest.errors import UnknownPeriodError

SWEDEN = "00"

_PERIOD_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})$"), "{0}"),
    (re.compile(r"^(\d{4})(?:K|Q|-Q)([1-4])$", re.IGNORECASE), "{0}-Q{1}"),
    (re.compile(r"^(\d{4})(?:M|-)(0[1-9]|1[0-2])$", re.IGNORECASE), "{0}-{1}"),
]


def canonical_period(code: str) -> str:
    """Return the canonical form of a period code: ``2023``, ``2023-Q1`` or ``2023-01``."""
    text = str(code).strip()
    for pattern, template in _PERIOD_PATTERNS:
        match = pattern.match(text)
        if match:
            return template.format(*match.groups())
    raise UnknownPeriodError(
        f"period {code!r} is not a year (2023), a quarter (2023K1, 2023Q1, 2023-Q1) "
        "or a month (2023M01, 2023-01)"
    )


def period_year(period: str) -> int:
    """The calendar year of a canonical period."""
    return int(period[:4])


@dataclass(frozen=True)
class Region:
    code: str
    level: str
    parent: str
    name_sv: str
    name_en: str
    nuts_code: str
    kolada_id: str


@lru_cache(maxsize=1)
def swedish_regions() -> tuple[Region, ...]:
    """Sweden, its 21 counties and 290 municipalities, from the bundled ``regions.csv``."""
    text = resources.files("ingest").joinpath("data/regions.csv").read_text(encoding="utf-8")
    return tuple(Region(**row) for row in csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in swedish_regions()}


def county_codes() -> list[str]:
    """The 21 county codes in SCB order."""
    return [r.code for r in swedish_regions() if r.level == "county"]


def region(code: str) -> Region | None:
    return _by_code().get(code)


def region_name(code: str, lang: str = "sv") -> str:
    """The region's name in ``lang`` (``sv`` or ``en``); the code itself when unknown."""
    found = _by_code().get(code)
    if found is None:
        return code
    return found.name_en if lang == "en" else found.name_sv


@lru_cache(maxsize=1)
def _from_nuts() -> dict[str, str]:
    return {r.nuts_code: r.code for r in swedish_regions() if r.nuts_code}


@lru_cache(maxsize=1)
def _from_kolada() -> dict[str, str]:
    return {r.kolada_id: r.code for r in swedish_regions()}


def region_from_nuts(nuts: str) -> str:
    """Swedish NUTS codes map to SCB codes (SE332 -> 25, SE -> 00); others stay as they are."""
    return _from_nuts().get(nuts.upper(), nuts.upper())


def region_from_kolada(kolada_id: str) -> str:
    """Kolada ids map to SCB codes (0025 -> 25, 0000 -> 00, 2580 -> 2580)."""
    return _from_kolada().get(kolada_id, kolada_id)


def kolada_id(code: str) -> str:
    """The Kolada id of an SCB region code (25 -> 0025)."""
    found = _by_code().get(code)
    return found.kolada_id if found else code
