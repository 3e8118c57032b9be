"""The valid values of what a user names (a strategy, region, indicator, area, dataset, date), in
one place for both command lines and the dashboard's URL: each check returns the value or raises
``InvalidChoice`` with a message that lists the valid ones."""

from __future__ import annotations

from datetime import date

from ingest.codes import SWEDEN, county_codes
from ingest.config import Config
from ingest.errors import InvalidChoice, did_you_mean

FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years any figure, target or date here may have
SHOWN_VALUE = 40  # a refused value is echoed at most this long


def shown(value: object) -> str:
    """A refused value as it may be echoed back: bounded, printable."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return repr(text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…")


def _one_of(option: str, value: str, valid: list[str]) -> str:
    if value in valid:
        return value
    raise InvalidChoice(f"{option} {shown(value)} is not valid{did_you_mean(value, valid)}; valid values: "
                        f"{', '.join(valid) or 'none configured'}")


def strategy(config: Config, value: str, option: str = "--strategy") -> str:
    return _one_of(option, value, list(config.strategies))


def regions_of(config: Config, strategy_id: str) -> list[str]:
    """The regions a strategy's follow-up is computed for: Sweden, the 21 counties and its peers."""
    found = [SWEDEN, *county_codes()]
    return found + [p for p in config.strategies[strategy_id].comparison.peers if p not in found]


def region(config: Config, strategy_id: str, value: str | None, option: str = "--region") -> str | None:
    return None if value is None else _one_of(option, value, regions_of(config, strategy_id))


def county(value: str | None, option: str = "--region") -> str | None:
    """A county: the regions a report is for, as on the dashboard (its region choice and the
    ``region`` of its address). Sweden (00) is every report's comparison, not a report of its own."""
    return None if value is None else _one_of(option, value, county_codes())


def indicator(config: Config, strategy_id: str, value: str, option: str = "--indicator") -> str:
    return _one_of(option, value, list(config.strategies[strategy_id].indicators()))


def area(config: Config, strategy_id: str, value: str, option: str = "--area") -> str:
    return _one_of(option, value, list(config.strategies[strategy_id].areas))


def datasets(config: Config, values: list[str] | None, option: str = "--dataset") -> list[str] | None:
    for value in values or []:
        _one_of(option, value, list(config.datasets))
    return values


def iso_date(text: str) -> str:
    """``YYYY-MM-DD``, a real day between 1900 and 2200; else ``ValueError`` saying so."""
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"{shown(text)} is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{shown(text)} is outside the years {FIRST_YEAR}–{LAST_YEAR}; give a date in them, e.g. 2026-09-01")
    return day.isoformat()
