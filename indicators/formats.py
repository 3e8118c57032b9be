"""``ingest status`` as text: a table for people and CSV for spreadsheets, from the JSON shape of
``indicators.follow_up``."""

from __future__ import annotations

import csv
import io
from typing import Any

from ingest.cells import safe_row
from indicators.wording import STATUS_SYMBOLS, STATUS_WORDS, explain, number, percent

TABLE_WORDS = {
    "sv": {
        "computed": "Beräknad", "base": "bas", "target": "mål", "by": "till", "observed": "observerad tillväxt",
        "per_year": "/år", "required": "krävd", "ratio": "kvot", "thresholds": "trösklar", "rank": "rang",
        "of": "av", "in": "år", "quartile": "kvartil", "of_sweden": "av rikets värde", "sensitivity": "basår ±2",
        "no_year": "utan årtal",
    },
    "en": {
        "computed": "Computed", "base": "base", "target": "target", "by": "by", "observed": "observed growth",
        "per_year": "/yr", "required": "required", "ratio": "ratio", "thresholds": "thresholds", "rank": "rank",
        "of": "of", "in": "in", "quartile": "quartile", "of_sweden": "of Sweden's value", "sensitivity": "base year ±2",
        "no_year": "no year given",
    },
}


def as_table(data: dict[str, Any], lang: str = "sv") -> str:
    words = STATUS_WORDS[lang]
    w = TABLE_WORDS[lang]
    out = [
        f"{data['label'][lang]} — {data['region_name'][lang]} ({data['region']})",
        f"{data['document']}",
        f"{w['computed']}: {data['computed_at']}",
        "",
    ]
    for area in data["areas"]:
        out.append(f"## {area['label'][lang]} [{area['kind']}]")
        for ind in area["indicators"]:
            latest = ind["latest"]
            value = f"{number(latest['value'], ind['decimals'], lang)} {ind['unit'][lang]} ({latest['period']})" if latest else "–"
            status = f"{STATUS_SYMBOLS[ind['status']]} {words[ind['status']]}"
            out.append(f"  - {ind['label'][lang]}: {value}  {status}")
            base = ind["base"]
            details = []
            if base:
                details.append(f"{w['base']} {base['period']}: {number(base['value'], ind['decimals'], lang)}")
            if ind["target"]:
                target = ind["target"]
                details.append(f"{w['target']} {number(target['value'], ind['decimals'], lang)} {w['by']} {target['year']}")
            if ind["observed_growth"] is not None:
                details.append(f"{w['observed']} {percent(ind['observed_growth'], lang)}{w['per_year']}")
            if ind["required_growth"] is not None:
                details.append(
                    f"{w['required']} {percent(ind['required_growth'], lang)}{w['per_year']}, "
                    f"{w['ratio']} {number(ind['ratio'], 2, lang)}"
                )
            elif ind["thresholds"] and ind["observed_growth"] is not None:
                t = ind["thresholds"]
                details.append(
                    f"{w['thresholds']} {percent(t['high'], lang)} / {percent(t['medium'], lang)} / {percent(t['low'], lang)}"
                )
            if ind["rank"]:
                details.append(
                    f"{w['rank']} {ind['rank']} {w['of']} {ind['rank_of']} {w['in']} {ind['rank_period']} "
                    f"({w['quartile']} {ind['quartile']})"
                )
            if ind["sweden"]:
                details.append(f"{number(ind['sweden']['pct'], 0, lang)} % {w['of_sweden']}")
            if ind["sensitivity"]:
                details.append(w["sensitivity"] + ": " + ", ".join(f"{y} {words[s]}" for y, s in ind["sensitivity"].items()))
            if details:
                out.append("      " + "; ".join(details))
            if ind["status"] == "not_available" and ind["reason"]:
                out.append(f"      {explain({'status': 'not_available', 'reason': ind['reason']}, lang)}")
            for ref in ind["reference_figures"]:
                when = ref["period"] or w["no_year"]
                out.append(f"      ◆ {ref['label'][lang]}: {number(ref['value'], 0, lang)} {(ref['unit_label'] or {}).get(lang, '')} ({when}) — {ref['source'] or ref['note']}")
        for item in area["qualitative"]:
            latest = item["latest"]
            if latest:
                out.append(f"  - {item['label'][lang]}: {latest['value']} ({latest['assessed']}, {latest['by']})")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = (
    "strategy", "region", "area", "indicator", "label", "unit", "direction", "status", "latest_period", "latest_value",
    "base_period", "base_value", "target_value", "target_year", "observed_growth", "required_growth", "ratio",
    "rank", "rank_of", "rank_period", "quartile", "sweden_value", "pct_of_sweden", "reason",
)


def as_csv(data: dict[str, Any], lang: str = "sv") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for area in data["areas"]:
        for ind in area["indicators"]:
            latest, base, target, sweden = ind["latest"] or {}, ind["base"] or {}, ind["target"] or {}, ind["sweden"] or {}
            writer.writerow(safe_row([  # labels come from the configuration: never a formula in a spreadsheet
                data["strategy"], data["region"], area["id"], ind["id"], ind["label"][lang], ind["unit"][lang],
                ind["direction"], ind["status"], latest.get("period"), latest.get("value"), base.get("period"),
                base.get("value"), target.get("value"), target.get("year"), ind["observed_growth"],
                ind["required_growth"], ind["ratio"], ind["rank"], ind["rank_of"], ind["rank_period"], ind["quartile"],
                sweden.get("value"), sweden.get("pct"), ind["reason"],
            ]))
    return buffer.getvalue()
