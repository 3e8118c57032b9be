"""What a report says: the follow-up of a strategy, each indicator's chart and sentence, the values
behind it, what changed, and the secretariat's commentary. Every writer (Excel, Word, PDF, HTML)
renders this one structure, so the four files say the same figures as the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dashboard import queries
from dashboard.i18n import number, signed_percent, status_symbol, status_word, t
from dashboard.indicator_chart import indicator_chart
from dashboard.provenance import byline, source_line
from ingest.codes import region_name
from ingest.config import Config
from indicators.wording import explain


# The summary table's columns in the Word, PDF and HTML reports: (label key in i18n, key of a summary row).
SUMMARY_COLUMNS = (("indicator", "indicator"), ("status", "status"), ("latest", "latest_with_unit"), ("period", "period"),
                   ("change", "change_text"), ("rank", "rank"))


@dataclass
class Report:
    lang: str
    follow_up: dict[str, Any]
    summary: list[dict[str, Any]]       # one row per indicator, in the strategy's order
    values: list[dict[str, Any]]        # every value behind the summary (tidy)
    changes: list[dict[str, Any]]       # new and revised values since ``since``
    since: str
    snapshot: dict[str, Any]
    created: str
    status_changes: list[dict[str, Any]] = field(default_factory=list)
    vintage: str = ""

    @property
    def title(self) -> str:
        return f"{self.follow_up['label'][self.lang]} – {self.follow_up['region_name'][self.lang]}"

    def row(self, indicator_id: str) -> dict[str, Any]:
        return next(s for s in self.summary if s["id"] == indicator_id)

    def cover_facts(self) -> list[tuple[str, str]]:
        """What the cover says of the report: (label, value)."""
        lang, data = self.lang, self.follow_up
        return [(t("report_document", lang), data["document"]), (t("region", lang), data["region_name"][lang]),
                (t("report_created", lang), self.created), (t("report_vintage", lang), self.vintage),
                (t("computed_at", lang), (data["computed_at"] or "–")[:16].replace("T", " "))]

    def contents(self) -> list[tuple[str, str, int]]:
        """The contents list: (anchor, title, level), in document order."""
        lang = self.lang
        entries = [("summary", t("report_summary", lang), 1), ("changes", t("report_changes", lang, since=self.since), 1)]
        for area in self.follow_up["areas"]:
            entries.append((f"area-{area['id']}", area["label"][lang], 1))
            entries += [(f"ind-{ind['id']}", ind["label"][lang], 2) for ind in area["indicators"]]
        return entries

    def file_stem(self) -> str:
        word = "uppfoljning" if self.lang == "sv" else "follow-up"
        return f"{word}-{self.follow_up['strategy']}-{self.follow_up['region']}-{self.created}"


def build(config: Config, db: Path, strategy: str, *, region: str | None = None, lang: str = "sv",
          since: str | None = None) -> Report:
    data = queries.strategy_follow_up(config, db, strategy, region)
    since = since or (date.today() - timedelta(days=90)).isoformat()
    summary, values = [], []
    for area in data["areas"]:
        for ind in area["indicators"]:
            latest, base = ind["latest"] or {}, ind["base"] or {}
            change = ind["change_pct"]
            progress = {**ind, "current_value": latest.get("value"), "target_value": (ind["target"] or {}).get("value"),
                        "target_year": (ind["target"] or {}).get("year")}
            chart = indicator_chart(config, db, strategy, ind["id"], data["region"], [], lang)
            sources = queries.indicator_sources(config, db, strategy, ind["id"])
            summary.append({
                "id": ind["id"], "area_id": area["id"],
                "area": area["label"][lang], "indicator": ind["label"][lang], "unit": ind["unit"][lang],
                "status_key": ind["status"],
                "status": f"{status_symbol(ind['status'])} {status_word(ind['status'], lang)}",
                "latest": latest.get("value"),
                "latest_with_unit": (f"{number(latest['value'], ind['decimals'], lang)} {ind['unit'][lang]}" if latest
                                     else t("no_data", lang)),
                "period": latest.get("period"), "change_pct": change,
                "change_text": signed_percent(change, lang),
                "base_period": base.get("period") if change is not None else None,
                "rank": f"{ind['rank']}/{ind['rank_of']}" if ind["rank"] else None,
                "pct_of_sweden": (ind["sweden"] or {}).get("pct"),
                "why": explain(progress, lang),
                "sentence": chart.sentence,
                "chart": chart.figure if chart.series else None,
                "alt": chart.alt,
                "commentary": ind["commentary"],
                "commentary_text": (f"{ind['commentary']['text']} ({byline(ind['commentary'])})"
                                    if ind["commentary"] else None),
                "sources": sources,
                "source_lines": [source_line(s, lang) for s in sources],
            })
            source = "; ".join(f"{s['source']} {s['table']}" for s in sources)
            retrieved = "; ".join(filter(None, (s["fetched_at"] or s["snapshot_created"] for s in sources)))
            for row in chart.rows:
                values.append({
                    "indicator": ind["label"][lang], "region": region_name(row["region"], lang), "period": row["period"],
                    "sex": row["sex"], "value": row["value"], "unit": ind["unit"][lang], "source": source,
                    "retrieved": retrieved,
                })
    labels = {s["id"]: s["indicator"] for s in summary}
    status_changes = [
        {"indicator": labels.get(c["indicator"], c["indicator"]), "old_status": status_word(c["old_status"], lang),
         "new_status": status_word(c["new_status"], lang), "changed_at": c["changed_at"]}
        for c in queries.status_changes(db, strategy, data["region"], since)
    ]
    snapshot = queries.snapshot_state(db)
    vintage = (f"{t('snapshot', lang)} {snapshot['created']}" if snapshot.get("datasets")
               else (queries.last_updated(db) or "–")[:10])
    return Report(lang, data, summary, values, _changes(config, db, since, lang), since, snapshot, date.today().isoformat(),
                  status_changes, vintage)


def _changes(config: Config, db: Path, since: str, lang: str) -> list[dict[str, Any]]:
    """New and revised values, with the dataset's and the region's names."""
    return [{**c, "dataset": config.datasets[c["dataset"]].label or c["dataset"] if c["dataset"] in config.datasets else c["dataset"],
             "region": region_name(c["region"], lang) if c["region"] else ""}
            for c in queries.recent_revisions(db, since)]
