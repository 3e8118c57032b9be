"""The dashboard's state, all of it in the URL: strategy, region, indicator, period, language, the
counties to compare with, the date of "changed since" and the structure page's measure.

Every value comes from the reader's address bar or from a callback's posted state, so every
value is checked here, once, for every page and callback: a value that is not one of the valid
ones is not used, and the page says so in a notice that lists the valid choices (pages only
render ``state.notices``, e.g. through ``components.frame``). Nothing is ever swapped silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_date, t
from ingest import choices
from ingest.codes import county_codes, region_name
from ingest.config import Config

KEYS = ("strategy", "lang", "region", "indicator", "period", "compare", "since", "measure")
MAX_VALUE = 200  # characters of one parameter: the longest valid one (21 county codes) is 62
MAX_POSTED_ITEMS = 100  # entries of a posted list: the longest a page sends (the counties to compare) has 20
PERIOD = re.compile(r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")
SINCE_DAYS = 90


class MalformedInput(ValueError):
    """A value posted to a callback that no page of the dashboard sends (a number where the page
    sends the address as text, a list holding something other than text): the request is not a
    reader's, so it is refused with HTTP 400 and one line in the log (``dashboard.boundary``)."""


_POSTED_KINDS = {"text": "text", "texts": "a list of texts", "mapping": "an object", "number": "a number"}


def posted(value: Any, kind: str, name: str) -> Any:
    """A value a callback received from the browser, checked at the boundary against what the
    pages send: ``text`` (a string), ``texts`` (a list of strings, at most ``MAX_POSTED_ITEMS``),
    ``mapping`` (an object, e.g. a page's state, whose values ``read_state`` then checks) or
    ``number`` (a click count, a time). ``None`` (a control not set yet) is returned as it is;
    anything else raises ``MalformedInput`` naming ``name``. Every server callback reads its
    inputs and state through this, so no posted value reaches a page's code unchecked."""
    if value is None:
        return None
    fits = {
        "text": lambda v: isinstance(v, str),
        "texts": lambda v: isinstance(v, list) and len(v) <= MAX_POSTED_ITEMS and all(isinstance(x, str) for x in v),
        "mapping": lambda v: isinstance(v, dict),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
    }[kind]
    if not fits(value):
        raise MalformedInput(f"{name} is {type(value).__name__}, not {_POSTED_KINDS[kind]}")
    return value


@dataclass(frozen=True)
class Notice:
    """Something the reader should know about the address they opened: an i18n key and its values."""

    key: str
    values: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass
class ViewState:
    strategy: str
    lang: str = DEFAULT_LANGUAGE
    region: str | None = None
    indicator: str | None = None
    period: str | None = None
    compare: list[str] = field(default_factory=list)
    since: str | None = None
    notices: list[Notice] = field(default_factory=list)
    measure: str | None = None  # the structure page's measure, when the address names one

    def query(self, **changes: Any) -> dict[str, Any]:
        values = {
            "strategy": self.strategy, "lang": self.lang, "region": self.region, "indicator": self.indicator,
            "period": self.period, "compare": ",".join(self.compare) or None, "since": self.since, "measure": self.measure,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v}


def _single(params: dict[str, Any], key: str, notices: list[Notice]) -> str | None:
    """One parameter's value: the first of repeated keys (with a notice), only text, bounded."""
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        notices.append(Notice("notice_repeated", {"name": choices.shown(key)}))
        value = value[0] if value else None
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_VALUE:
        notices.append(Notice("notice_too_long", {"name": choices.shown(key), "limit": str(MAX_VALUE)}))
        return None
    return value


def _listed(values: list[str]) -> str:
    return ", ".join(values)


def read_state(config: Config, params: dict[str, Any] | Any, db: Path | None = None) -> ViewState:
    """The state from a page's query parameters or a callback's posted state, every value checked;
    an invalid one is replaced by the default and named in a notice with the valid choices. With
    ``db``, the default indicator is the strategy's first that has values for the region (a page
    should not open on an empty chart), else its first."""
    params = params if isinstance(params, dict) else {}
    notices: list[Notice] = []
    raw = {key: _single(params, key, notices) for key in KEYS}

    lang = raw["lang"] if raw["lang"] in LANGUAGES else DEFAULT_LANGUAGE
    if raw["lang"] is not None and raw["lang"] not in LANGUAGES:
        notices.append(Notice("notice_lang", {"value": choices.shown(raw["lang"]), "valid": _listed(list(LANGUAGES))}))

    strategies = list(config.strategies)
    strategy = raw["strategy"] if raw["strategy"] in strategies else strategies[0]
    if raw["strategy"] is not None and raw["strategy"] not in strategies:
        labels = [config.strategies[s].label.model_dump()[lang] for s in strategies]
        notices.append(Notice("notice_strategy", {"value": choices.shown(raw["strategy"]), "valid": _listed(labels),
                                                  "shown": labels[0]}))
    own = config.strategies[strategy].region

    counties = county_codes()
    region = raw["region"] if raw["region"] in counties else own
    if raw["region"] is not None and raw["region"] not in counties:
        notices.append(Notice("notice_region", {"value": choices.shown(raw["region"]), "shown": region_name(own, lang),
                                                "valid": _listed([f"{c} {region_name(c, lang)}" for c in counties])}))

    indicators = config.strategies[strategy].indicators()
    default = next(iter(indicators), None)
    if db is not None and raw["indicator"] not in indicators:
        from dashboard.queries import indicators_with_values

        present = indicators_with_values(db, strategy, region)
        default = next((i for i in indicators if i in present), default)
    indicator = raw["indicator"] if raw["indicator"] in indicators else default
    if raw["indicator"] is not None and raw["indicator"] not in indicators:
        labels = [ind.label.model_dump()[lang] for _, ind in indicators.values()]
        shown = indicators[indicator][1].label.model_dump()[lang] if indicator else "–"
        notices.append(Notice("notice_indicator", {"value": choices.shown(raw["indicator"]), "shown": shown,
                                                   "valid": _listed(labels)}))

    compare, unknown = [], []
    for code in (raw["compare"] or "").split(","):
        code = code.strip()
        if not code or code in compare or code == region:
            continue
        (compare if code in counties else unknown).append(code)
    if unknown:
        notices.append(Notice("notice_compare", {"value": _listed([choices.shown(c) for c in unknown[:5]]),
                                                 "valid": _listed(counties)}))

    period = raw["period"]
    if period is not None and not PERIOD.match(period):
        notices.append(Notice("notice_period", {"value": choices.shown(period)}))
        period = None

    default_since = (date.today() - timedelta(days=SINCE_DAYS)).isoformat()
    since = default_since
    if raw["since"] is not None:
        try:
            since = choices.iso_date(raw["since"])
        except ValueError:
            notices.append(Notice("notice_since", {"value": choices.shown(raw["since"]), "shown": format_date(default_since, lang)}))
    measure = raw["measure"] if raw["measure"] in config.structure else None
    if raw["measure"] is not None and measure is None and config.structure:
        labels = [m.label.model_dump()[lang] for m in config.structure.values()]
        notices.append(Notice("notice_measure", {"value": choices.shown(raw["measure"]), "shown": labels[0],
                                                 "valid": _listed(labels)}))
    return ViewState(strategy, lang, region, indicator, period, compare, since, notices, measure)
