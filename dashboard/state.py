"""The dashboard's state, all of it in the URL: strategy, region, indicator, period, language and
the counties to compare with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ingest.codes import county_codes
from ingest.config import Config


@dataclass
class ViewState:
    strategy: str
    lang: str = DEFAULT_LANGUAGE
    region: str | None = None
    indicator: str | None = None
    period: str | None = None
    compare: list[str] = field(default_factory=list)
    since: str | None = None

    def query(self, **changes: Any) -> dict[str, Any]:
        values = {
            "strategy": self.strategy, "lang": self.lang, "region": self.region, "indicator": self.indicator,
            "period": self.period, "compare": ",".join(self.compare) or None, "since": self.since,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v}


def read_state(config: Config, params: dict[str, Any]) -> ViewState:
    """The state from a page's query parameters, every value checked (an unknown one falls back)."""
    strategies = list(config.strategies)
    strategy = params.get("strategy") if params.get("strategy") in strategies else strategies[0]
    lang = params.get("lang") if params.get("lang") in LANGUAGES else DEFAULT_LANGUAGE
    region = params.get("region") if params.get("region") in county_codes() else config.strategies[strategy].region
    indicators = config.strategies[strategy].indicators()
    indicator = params.get("indicator") if params.get("indicator") in indicators else next(iter(indicators), None)
    compare = [c for c in str(params.get("compare") or "").split(",") if c in county_codes() and c != region]
    since = params.get("since") or (date.today() - timedelta(days=90)).isoformat()
    return ViewState(strategy, lang, region, indicator, params.get("period"), compare, since)
