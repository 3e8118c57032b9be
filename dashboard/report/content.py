"""What a report says: the follow-up of a strategy, each indicator's chart and sentence, the values
behind it, what changed, and the secretariat's commentary. Every writer (Excel, Word, PDF, HTML)
renders this one structure, so the four files say the same figures as the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dashboard import queries
from dashboard.i18n import format_date, format_datetime, number, status_symbol, status_word, t
from dashboard.indicator_chart import indicator_chart
from dashboard.provenance import source_line
from indicators.method import example_indicator, method_sections, worked_example
from indicators.wording import (
    FLAG_WORDS,
    RELATIVE_WORDS,
    SPECIALISATION_REASONS,
    change_cell,
    comment_text,
    explain,
    flag_words,
    join_and,
    rank_cell,
    relative_text,
    shift_share_text,
    specialisation_text,
    statement_text,
    until_then,
    verdict_text,
    with_unit,
)
from ingest.codes import region_name
from ingest.config import Config


# The summary table's columns in the Word, PDF and HTML reports: (label key in i18n, key of a summary row).
SUMMARY_COLUMNS = (("indicator", "indicator"), ("status", "status"), ("latest", "latest_with_unit"), ("period", "period"),
                   ("change", "change_text"), ("rank", "rank_text"))


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
    verdicts: list[tuple[str, str]] = field(default_factory=list)    # (area or strategy, verdict in words)
    statements: dict[str, list[dict[str, str]]] = field(default_factory=dict)   # area -> said texts
    structure: list[tuple[str, list[str]]] = field(default_factory=list)        # (heading, paragraphs)
    method: list[tuple[str, list[str]]] = field(default_factory=list)           # (heading, paragraphs)
    example: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.follow_up['label'][self.lang]} – {self.follow_up['region_name'][self.lang]}"

    def row(self, indicator_id: str) -> dict[str, Any]:
        return next(s for s in self.summary if s["id"] == indicator_id)

    def cover_facts(self) -> list[tuple[str, str]]:
        """What the cover says of the report: (label, value)."""
        lang, data = self.lang, self.follow_up
        return [(t("report_document", lang), data["document"]), (t("region", lang), data["region_name"][lang]),
                (t("report_created", lang), format_date(self.created, lang)), (t("report_vintage", lang), self.vintage),
                (t("computed_at", lang), format_datetime(data["computed_at"], lang))]

    def contents(self) -> list[tuple[str, str, int]]:
        """The contents list: (anchor, title, level), in document order."""
        lang = self.lang
        entries = [("summary", t("report_summary", lang), 1),
                   ("changes", t("report_changes", lang, since=format_date(self.since, lang)), 1)]
        for area in self.follow_up["areas"]:
            entries.append((f"area-{area['id']}", area["label"][lang], 1))
            entries += [(f"ind-{ind['id']}", ind["label"][lang], 2) for ind in area["indicators"]]
        entries.append(("structure", t("structure", lang), 1))
        entries.append(("method", t("report_method", lang), 1))
        return entries

    @property
    def verdict(self) -> str:
        """The strategy's verdict in words: the first line of every report."""
        return self.verdicts[0][1] if self.verdicts else ""

    def snapshot_note(self) -> str | None:
        """What the cover says when the figures are the shipped compilation of published statistics."""
        if not self.snapshot.get("datasets"):
            return None
        return (t("snapshot_basis", self.lang, date=format_date(self.snapshot["created"], self.lang)) + " "
                + t("report_snapshot", self.lang))

    def no_indicators(self, area: dict[str, Any]) -> str:
        """An area without statistical indicators: how it is followed up instead (what the report shows of it)."""
        lang = self.lang
        what = []
        if self.follow_up["own_region"] and area["statements"]:
            what.append(t("report_statements", lang)[0].lower() + t("report_statements", lang)[1:])
        if self.follow_up["own_region"] and any(q["latest"] for q in area["qualitative"]):
            what.append(t("qualitative", lang).lower())
        text = t("report_no_indicators", lang)
        return text + (" " + t("followed_up_with", lang, what=join_and(what, lang)) if what else "")

    def structure_chapter(self) -> list[tuple[str, list[str]]]:
        """The structure chapter, or why there is none yet."""
        return self.structure or [("", [SPECIALISATION_REASONS[self.lang]["no_figures"]])]

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
            latest = ind["latest"] or {}
            chart = indicator_chart(config, db, strategy, ind["id"], data["region"], [], lang)
            sources = queries.indicator_sources(config, db, strategy, ind["id"], lang)
            stale = "stale" in ind["flags"]
            if stale:  # not current progress: the status up to the value's year follows in words
                status = f"‖ {FLAG_WORDS[lang]['stale']} ({latest.get('period', '')[:4]})" + (
                    f" – {until_then(ind['status'], lang)}" if ind["status"] != "not_available" else "")
            else:
                status = f"{status_symbol(ind['status'])} {status_word(ind['status'], lang)}"
            summary.append({
                "id": ind["id"], "area_id": area["id"],
                "area": area["label"][lang], "indicator": ind["label"][lang], "unit": ind["unit"][lang],
                "status_key": "stale" if stale else ind["status"],
                "status": status,
                "status_word": status_word(ind["status"], lang),
                "flags": ", ".join(flag_words([f for f in ind["flags"] if f != "stale"], lang)),  # stale: in the status
                "latest": latest.get("value"),
                "decimals": ind["decimals"],
                "latest_with_unit": (with_unit(number(latest['value'], ind['decimals'], lang), ind['unit'][lang], lang)
                                     if latest else t("no_data", lang)),
                "period": latest.get("period"),
                # the change as numbers (Excel) and in words: in percentage points for an indicator in per cent
                "change_pct": ind["change_pct"], "change_points": ind.get("change_points"),
                "change_text": change_cell(ind, lang),
                "rank": ind["rank"], "rank_of": ind["rank_of"], "rank_period": ind["rank_period"],
                "rank_text": rank_cell(ind, lang) or None,
                "pct_of_sweden": (ind["sweden"] or {}).get("pct"),
                "relative": RELATIVE_WORDS[lang][ind["relative"]["status"]]
                if ind.get("relative") and ind["relative"]["status"] != "not_available" else None,
                "relative_text": relative_text(ind, lang),
                "why": explain(ind, lang, ind["decimals"]),
                "sentence": chart.sentence,
                "chart": chart.figure if chart.series else None,
                "alt": chart.alt,
                "commentary": ind["commentary"],
                "commentary_text": comment_text(ind["commentary"], lang) if ind["commentary"] else None,
                "sources": sources,
                "source_lines": [source_line(s, lang) for s in sources],
            })
            source = "; ".join(f"{s['source']} {s['table']}" for s in sources)
            retrieved = "; ".join(dict.fromkeys(filter(None, (format_date(s["fetched_at"] or s["snapshot_created"], lang)
                                                              for s in sources if s["fetched_at"] or s["snapshot_created"]))))
            for row in chart.rows:
                values.append({
                    "indicator": ind["label"][lang], "region": region_name(row["region"], lang), "period": row["period"],
                    "sex": row["sex"], "value": row["value"], "unit": ind["unit"][lang], "source": source,
                    "retrieved": retrieved,
                })
    labels = {s["id"]: s["indicator"] for s in summary}
    status_changes = [
        {"indicator": labels.get(c["indicator"], c["indicator"]), "old_status": status_word(c["old_status"], lang),
         "new_status": status_word(c["new_status"], lang), "changed_at": format_datetime(c["changed_at"], lang)}
        for c in queries.status_changes(db, strategy, data["region"], since)
    ]
    snapshot = queries.snapshot_state(db)
    vintage = (t("report_vintage_snapshot", lang, date=format_date(snapshot["created"], lang)) if snapshot.get("datasets")
               else t("report_vintage_live", lang, date=format_date(queries.sources_updated(db), lang)))
    verdicts = [(t("verdict", lang), verdict_text(data["verdict"], lang))] + [
        (area["label"][lang], verdict_text(area["verdict"], lang)) for area in data["areas"] if area["indicators"]]
    statements = {}
    if data["own_region"]:
        for area in data["areas"]:
            said = []
            for st in area["statements"]:
                ind = next((i for i in area["indicators"] if i["id"] == st.get("indicator")), None)
                said.append({"quote": st["quote"][lang], **statement_text(st, ind["unit"] if ind else None,
                                                                          ind["decimals"] if ind else 1, lang)})
            statements[area["id"]] = said
    example = example_indicator(data)
    return Report(lang, data, summary, values, _changes(config, db, strategy, data["region"], since, lang), since, snapshot, date.today().isoformat(),
                  status_changes, vintage, verdicts, statements, _structure(data, lang), method_sections(config.assessment, lang),
                  (worked_example(example, data["region_name"][lang], lang) or []) if example else [])


def _structure(data: dict[str, Any], lang: str) -> list[tuple[str, list[str]]]:
    """The report's chapter on the structure of the economy: per focus area its industries' share and
    location quotient and the shift-share of their change; the county's specialisation index; its twins."""
    sections = []
    for area in data["areas"]:
        spec = area.get("specialisation")
        if spec:
            sections.append((area["label"][lang], [p for p in (specialisation_text(spec, lang), shift_share_text(spec, lang)) if p]))
    krugman = data.get("krugman")
    if krugman:
        sections.append((t("krugman", lang), [t("report_krugman", lang, value=number(krugman["value"], 3, lang),
                                                period=krugman["period"], rank=krugman["rank"], of=krugman["rank_of"])
                                              + " " + t("krugman_meaning", lang)]))
    if data.get("twins"):
        names = ", ".join(f"{tw['name'][lang]} ({number(tw['distance'], 2, lang)})" for tw in data["twins"])
        labels = {i["id"]: i["label"][lang] for area in data["areas"] for i in area["indicators"]}
        labels["krugman"] = t("krugman", lang)
        used = ", ".join(f"{labels.get(k, k)} ({v})" for k, v in (data.get("twin_indicators") or {}).items())
        sections.append((t("twins", lang), [t("report_twins", lang, names=names), t("twins_method", lang, used=used)]))
    return sections


def _changes(config: Config, db: Path, strategy: str, region: str, since: str, lang: str) -> list[dict[str, Any]]:
    """New and revised values of the report's region and Sweden in the strategy's datasets, as on
    the overview, with the dataset's and the region's names and what each value is of."""
    return queries.revision_rows(config, db, since, lang, strategy=strategy, region=region)
