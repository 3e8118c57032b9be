"""``ingest status`` as text: a table for the secretariat and CSV for spreadsheets, from the JSON
shape of ``indicators.follow_up``."""

from __future__ import annotations

import csv
import io
from typing import Any

from ingest.cells import safe_row
from indicators.wording import (
    AREA_KINDS,
    RELATIVE_WORDS,
    STATUS_SYMBOLS,
    explain,
    flag_words,
    format_datetime,
    growth_per_year,
    number,
    rank_text,
    relative_text,
    specialisation_reason,
    statement_text,
    status_word,
    verdict_text,
)

WORDS = {
    "sv": {"computed": "Beräknad", "verdict": "Samlad bedömning", "base": "bas", "target": "mål", "by": "till",
           "observed": "tillväxt", "of_sweden": "av rikets värde", "sensitivity": "med andra basår",
           "twins": "Län som liknar regionen", "krugman": "Specialiseringsindex (Krugman)", "lq": "LQ",
           "share": "andel", "shift": "skift-andel", "not_own": "Strategins egna siffror gäller"},
    "en": {"computed": "Computed", "verdict": "Verdict", "base": "base", "target": "target", "by": "by",
           "observed": "growth", "of_sweden": "of Sweden's value", "sensitivity": "with other base years",
           "twins": "Counties like the region", "krugman": "Specialisation index (Krugman)", "lq": "LQ",
           "share": "share", "shift": "shift-share", "not_own": "The strategy's own figures are for"},
}


def as_table(data: dict[str, Any], lang: str = "sv") -> str:
    w = WORDS[lang]
    out = [
        f"{data['label'][lang]} — {data['region_name'][lang]} ({data['region']})",
        f"{data['document']}",
        f"{w['computed']}: {format_datetime(data['computed_at'], lang)}",
        f"{w['verdict']}: {verdict_text(data['verdict'], lang)}",
        "",
    ]
    for area in data["areas"]:
        out.append(f"## {area['label'][lang]} ({AREA_KINDS[lang][area['kind']]})")
        if area["indicators"]:
            out.append(f"   {verdict_text(area['verdict'], lang)}")
        for ind in area["indicators"]:
            out += _indicator_lines(ind, lang)
        if data["own_region"]:
            for statement in area["statements"]:
                unit = next((i["unit"] for i in area["indicators"] if i["id"] == statement["indicator"]), None)
                decimals = next((i["decimals"] for i in area["indicators"] if i["id"] == statement["indicator"]), 1)
                said = statement_text(statement, unit, decimals, lang)
                out.append(f"  ◆ »{statement['quote'][lang]}«")
                out.append("      " + ". ".join(v for k, v in said.items() if k in ("strategy", "now", "unmeasured")))
                if said.get("differs"):
                    out.append(f"      {said['differs']}")
        spec = area.get("specialisation")
        if spec and spec.get("lq") is not None:
            out.append(f"  ▣ {spec['industries'][lang]}: {w['share']} {number(spec['share'] * 100, 1, lang)} % "
                       f"({spec['period']}), {w['lq']} {number(spec['lq'], 2, lang)}"
                       + (f" ({spec['base_period']}: {number(spec['lq_base'], 2, lang)})" if spec.get("lq_base") else ""))
        elif spec:
            out.append(f"  ▣ {spec['industries'][lang]}: {specialisation_reason(spec, lang)}")
        for item in area["qualitative"]:
            latest = item["latest"]
            if latest:
                value = latest.get("value_en") if lang == "en" and latest.get("value_en") else latest["value"]
                out.append(f"  - {item['label'][lang]}: {value} ({latest['assessed']}, {latest['by']})")
        out.append("")
    if data.get("twins"):
        out.append(f"{w['twins']}: " + ", ".join(f"{t['name'][lang]} ({number(t['distance'], 2, lang)})"
                                                  for t in data["twins"]))
    if data.get("krugman"):
        k = data["krugman"]
        out.append(f"{w['krugman']}: {number(k['value'], 3, lang)} ({k['period']}), "
                   + rank_text({'rank': k['rank'], 'rank_of': k['rank_of'], 'rank_period': k['period']}, lang))
    return "\n".join(out).rstrip() + "\n"


def _indicator_lines(ind: dict[str, Any], lang: str) -> list[str]:
    w = WORDS[lang]
    latest = ind["latest"]
    value = (f"{number(latest['value'], ind['decimals'], lang)} {ind['unit'][lang]} ({latest['period']})"
             if latest else "–")
    flags = flag_words(ind["flags"], lang)
    status = f"{STATUS_SYMBOLS[ind['status']]} {status_word(ind['status'], lang)}" + (f" [{', '.join(flags)}]" if flags else "")
    lines = [f"  - {ind['label'][lang]}: {value}  {status}"]
    details = []
    if ind["rank"]:
        details.append(rank_text(ind, lang))
    if ind["sweden"]:
        details.append(f"{number(ind['sweden']['pct'], 0, lang)} % {w['of_sweden']} ({ind['sweden']['period']})")
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
    return lines


CSV_COLUMNS = (
    "strategy", "region", "area", "indicator", "label", "unit", "direction", "status", "flags", "latest_period",
    "latest_value", "base_period", "base_value", "assessed_period", "assessed_value", "prices", "price_year",
    "target_value", "target_year", "observed_growth", "nominal_growth", "required_growth", "ratio",
    "rank", "rank_of", "rank_period", "quartile", "sweden_value", "pct_of_sweden", "sweden_period",
    "relative_status", "relative_growth", "reason",
)


def as_csv(data: dict[str, Any], lang: str = "sv") -> str:
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
                relative.get("status"), relative.get("observed_growth"), ind["reason"],
            ]))
    return buffer.getvalue()
