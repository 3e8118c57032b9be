"""What a report says: the follow-up of a strategy, the values behind it and what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dashboard import figures, queries
from dashboard.i18n import status_symbol, status_word
from ingest.codes import SWEDEN, region_name
from ingest.config import Config
from ingest.status import explain


@dataclass
class Report:
    lang: str
    follow_up: dict[str, Any]
    summary: list[dict[str, Any]]
    values: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    since: str
    snapshot: dict[str, Any]
    created: str


def build(config: Config, db: Path, strategy: str, *, region: str | None = None, lang: str = "sv",
          since: str | None = None) -> Report:
    data = queries.strategy_follow_up(config, db, strategy, region)
    since = since or (date.today() - timedelta(days=90)).isoformat()
    summary, values = [], []
    for area in data["areas"]:
        for ind in area["indicators"]:
            latest, base = ind["latest"] or {}, ind["base"] or {}
            change = (latest["value"] / base["value"] - 1) * 100 if latest and base and base.get("value") else None
            progress = {**ind, "current_value": latest.get("value"), "target_value": (ind["target"] or {}).get("value"),
                        "target_year": (ind["target"] or {}).get("year")}
            series = queries.indicator_series(db, strategy, ind["id"], [data["region"], SWEDEN])
            own = [(r["period"], r["value"]) for r in series if r["region"] == data["region"] and r["sex"] == "T"]
            summary.append({
                "area": area["label"][lang], "indicator": ind["label"][lang], "unit": ind["unit"][lang],
                "status": f"{status_symbol(ind['status'])} {status_word(ind['status'], lang)}",
                "latest": latest.get("value"), "period": latest.get("period"), "change_pct": change,
                "rank": f"{ind['rank']}/{ind['rank_of']}" if ind["rank"] else None,
                "pct_of_sweden": (ind["sweden"] or {}).get("pct"),
                "why": explain(progress, lang),
                "sentence": figures.sentence(ind["label"][lang], data["region_name"][lang], ind["unit"][lang],
                                             [p for p in own if p[0] >= (base.get("period") or "")], ind["status"], lang,
                                             ind["decimals"]),
                "commentary": ind["commentary"],
                "sources": queries.indicator_sources(config, db, strategy, ind["id"]),
                "id": ind["id"],
            })
            for row in series:
                values.append({
                    "indicator": ind["label"][lang], "region": region_name(row["region"], lang), "period": row["period"],
                    "sex": row["sex"], "value": row["value"], "unit": ind["unit"][lang],
                })
    sources_of = {s["indicator"]: s["sources"] for s in summary}
    for value in values:
        source = sources_of[value["indicator"]]
        value["source"] = "; ".join(f"{s['source']} {s['table']}" for s in source)
        value["retrieved"] = "; ".join(filter(None, (s["fetched_at"] for s in source)))
    return Report(lang, data, summary, values, queries.recent_revisions(db, since), since, queries.snapshot_state(db),
                  date.today().isoformat())
