"""``ingest status`` as text: a table for the secretariat and CSV for spreadsheets, from the JSON
shape of ``indicators.follow_up``."""

from __future__ import annotations

import csv
import io
import textwrap
from typing import Any

from ingest.cells import safe_row
from ingest.commentary import printable
from indicators.wording import (
    AREA_KINDS,
    RELATIVE_WORDS,
    STATUS_SYMBOLS,
    TERMS,
    byline,
    change_sentence,
    comment_text,
    explain,
    flag_words,
    format_date,
    format_datetime,
    growth_per_year,
    number,
    quoted,
    rank_text,
    relative_text,
    share_of_sweden,
    specialisation_text,
    statement_text,
    status_word,
    until_then,
    verdict_text,
    with_unit,
)

# The command line's own words; the terms it shares with the dashboard are wording.TERMS.
WORDS = {
    "sv": {"computed": "Beräknad", "sensitivity": "med andra basår"},
    "en": {"computed": "Computed", "sensitivity": "with other base years"},
}


def as_table(data: dict[str, Any], lang: str = "sv") -> str:
    w = WORDS[lang]
    out = [
        f"{data['label'][lang]} — {data['region_name'][lang]} ({data['region']})",
        f"{data['document']}",
        f"{w['computed']}: {format_datetime(data['computed_at'], lang)}",
        f"{TERMS['verdict'][lang]}: {verdict_text(data['verdict'], lang)}",
        "",
    ]
    for area in data["areas"]:
        out.append(f"## {area['label'][lang]} ({AREA_KINDS[lang][area['kind']]})")
        if area["indicators"]:
            out.append(f"   {verdict_text(area['verdict'], lang)}")
        if area["commentary"]:
            out += comment_lines(area["commentary"], TERMS["area_commentary"][lang], "   ", lang)
        for ind in area["indicators"]:
            out += _indicator_lines(ind, lang)
        if data["own_region"]:
            for statement in area["statements"]:
                unit = next((i["unit"] for i in area["indicators"] if i["id"] == statement["indicator"]), None)
                decimals = next((i["decimals"] for i in area["indicators"] if i["id"] == statement["indicator"]), 1)
                said = statement_text(statement, unit, decimals, lang)
                out.append(f"  ◆ {quoted(statement['quote'][lang], lang)}")
                out.append("      " + ". ".join(v for k, v in said.items() if k in ("strategy", "now", "unmeasured")))
                if said.get("differs"):
                    out.append(f"      {said['differs']}")
        spec = area.get("specialisation")
        if spec:
            out.append(f"  ▣ {specialisation_text(spec, lang)}")
        for item in area["qualitative"]:
            latest = item["latest"]
            if latest:
                value = latest.get("value_en") if lang == "en" and latest.get("value_en") else latest["value"]
                out.append(f"  - {item['label'][lang]}: {value} ({format_date(latest['assessed'], lang)}, {latest['by']})")
        out.append("")
    if data.get("twins"):
        out.append(f"{TERMS['twins'][lang]}: " + ", ".join(f"{t['name'][lang]} ({number(t['distance'], 2, lang)})"
                                                           for t in data["twins"]))
    if data.get("krugman"):
        k = data["krugman"]
        out.append(f"{TERMS['krugman'][lang]}: {number(k['value'], 3, lang)} ({k['period']}), "
                   + rank_text({'rank': k['rank'], 'rank_of': k['rank_of'], 'rank_period': k['period']}, lang))
    return "\n".join(out).rstrip() + "\n"


def _indicator_lines(ind: dict[str, Any], lang: str) -> list[str]:
    w = WORDS[lang]
    latest = ind["latest"]
    value = (f"{with_unit(number(latest['value'], ind['decimals'], lang), ind['unit'][lang], lang)} ({latest['period']})"
             if latest else TERMS["no_data"][lang])
    if "stale" in ind["flags"]:  # not current progress: the status up to the value's year, in words
        status = f"‖ {flag_words(['stale'], lang)[0]} ({(latest or {}).get('period', '')[:4]})" + (
            f" – {until_then(ind['status'], lang)}"
            if ind["status"] != "not_available" else "")
    else:
        status = f"{STATUS_SYMBOLS[ind['status']]} {status_word(ind['status'], lang)}"
    flags = flag_words([f for f in ind["flags"] if f != "stale"], lang)
    status += f" [{', '.join(flags)}]" if flags else ""
    lines = [f"  - {ind['label'][lang]}: {value}  {status}"]
    details = []
    change = change_sentence(ind, lang)
    if change:
        details.append(change)
    if ind["rank"]:
        details.append(rank_text(ind, lang))
    if ind["sweden"]:
        details.append(f"{share_of_sweden(ind['sweden']['pct'], lang)} {TERMS['of_sweden'][lang]} ({ind['sweden']['period']})")
    if ind.get("relative") and ind["relative"].get("status") not in (None, "not_available"):
        details.append(RELATIVE_WORDS[lang][ind["relative"]["status"]])
    if details:
        lines.append("      " + "; ".join(details))
    lines.append("      " + explain(ind, lang, ind["decimals"]))
    rel = relative_text(ind, lang)
    if rel:
        lines.append("      " + rel)
    if ind["sensitivity_detail"]:
        lines.append(f"      {w['sensitivity']}: " + ", ".join(
            f"{a['base']} {status_word(a['status'], lang)} ({growth_per_year(a['observed_growth'], lang)})"
            for a in ind["sensitivity_detail"]))
    if ind["commentary"]:
        lines += comment_lines(ind["commentary"], TERMS["commentary"][lang], "      ", lang)
    return lines


COMMENT_WIDTH = 100  # the comment's lines, as a terminal and a printout show them whole


def comment_lines(note: dict[str, Any], heading: str, indent: str, lang: str) -> list[str]:
    """The secretariat's latest comment: who and when, then its text in lines of at most
    ``COMMENT_WIDTH`` characters (its own line breaks kept; control characters shown as escapes)."""
    lines = [f"{indent}{heading} ({printable(byline(note, lang))}):"]
    for paragraph in printable(note["text"]).split("\n"):
        lines += textwrap.wrap(paragraph, COMMENT_WIDTH, initial_indent=indent + "  ", subsequent_indent=indent + "  ",
                               break_long_words=False, break_on_hyphens=False) or [""]
    return lines


CSV_COLUMNS = (
    "strategy", "region", "area", "indicator", "label", "unit", "direction", "status", "flags", "latest_period",
    "latest_value", "base_period", "base_value", "assessed_period", "assessed_value", "prices", "price_year",
    "target_value", "target_year", "observed_growth", "nominal_growth", "required_growth", "ratio",
    "rank", "rank_of", "rank_period", "quartile", "sweden_value", "pct_of_sweden", "sweden_period",
    "relative_status", "relative_growth", "reason", "change_pct", "change_points", "commentary", "area_commentary",
)


def as_csv(data: dict[str, Any], lang: str = "sv") -> str:
    """A row per indicator; its latest comment and its area's, each with author and date, in the
    last two columns; every text neutralised against spreadsheet formulas (``safe_row``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for area in data["areas"]:
        for ind in area["indicators"]:
            latest, base, target, sweden = ind["latest"] or {}, ind["base"] or {}, ind["target"] or {}, ind["sweden"] or {}
            assessed, relative = ind["assessed"] or {}, ind["relative"] or {}
            writer.writerow(safe_row([  # labels come from the configuration: never a formula in a spreadsheet
                data["strategy"], data["region"], area["id"], ind["id"], ind["label"][lang], ind["unit"][lang],
                ind["direction"], ind["status"], " ".join(ind["flags"]), latest.get("period"), latest.get("value"),
                base.get("period"), base.get("value"), assessed.get("period"), assessed.get("value"), ind["prices"],
                ind["price_year"], target.get("value"), target.get("year"), ind["observed_growth"],
                ind["nominal_growth"], ind["required_growth"], ind["ratio"], ind["rank"], ind["rank_of"],
                ind["rank_period"], ind["quartile"], sweden.get("value"), sweden.get("pct"), sweden.get("period"),
                relative.get("status"), relative.get("observed_growth"), ind["reason"], ind["change_pct"],
                ind.get("change_points"), *(comment_text(note, lang) if note else None
                                            for note in (ind["commentary"], area["commentary"])),
            ]))
    return buffer.getvalue()
