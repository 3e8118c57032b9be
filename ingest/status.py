"""The follow-up of a strategy as data: per area and indicator, the latest value, the status and
every number behind it, rank among the counties and % of Sweden; reference figures and
qualitative assessments. ``follow_up`` builds the documented JSON shape; the formatters print it.

JSON shape (stable; new keys may be added, none removed or renamed)::

    {"strategy", "label": {sv, en}, "region", "region_name", "document", "computed_at",
     "areas": [{"id", "kind", "label", "description",
                "indicators": [{"id", "label", "unit", "direction", "description", "status", "reason",
                                "latest": {"period", "value"} | null, "base": {"period", "value"} | null,
                                "change_pct" (latest against base, per cent) | null,
                                "target": {"value", "year"} | null, "observed_growth", "required_growth",
                                "ratio", "thresholds", "rank", "rank_of", "rank_period", "quartile",
                                "sweden": {"value", "pct"} | null, "sensitivity": {year: status},
                                "reference_figures": [{"label", "value", "unit", "unit_label": {sv, en},
                                                       "period", "source", "note"}],
                                "commentary": {"written_at", "author", "text"} | null}],
                "commentary": {...} | null,
                "qualitative": [{"id", "label", "latest": {...}, "history": [{"assessed", "value", "by", "source", "note"}]}]}]}
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ingest.codes import region_name
from ingest.config import Config
from ingest.cube_rows import dims_json
from ingest.store import Store

STATUS_WORDS = {
    "sv": {
        "target_achieved": "målet nått", "substantial": "god utveckling", "moderate": "måttlig utveckling",
        "limited": "begränsad utveckling", "deterioration": "försämring", "not_available": "kan inte bedömas",
    },
    "en": {
        "target_achieved": "target achieved", "substantial": "substantial progress", "moderate": "moderate progress",
        "limited": "limited progress", "deterioration": "deterioration", "not_available": "not available",
    },
}
STATUS_SYMBOLS = {
    "target_achieved": "★", "substantial": "▲", "moderate": "↗", "limited": "→", "deterioration": "▼", "not_available": "?",
}


def follow_up(config: Config, store: Store, strategy_id: str, region: str | None = None) -> dict[str, Any]:
    strategy = config.strategies[strategy_id]
    region = region or strategy.region
    progress = {
        r["indicator"]: r for r in store.db.query(
            "SELECT * FROM progress WHERE strategy = ? AND region = ?", [strategy_id, region]
        )
    }
    qualitative: dict[tuple[str, str], list[dict]] = {}
    for r in store.db.query(
        "SELECT * FROM qualitative_assessments WHERE strategy = ? ORDER BY assessed", [strategy_id]
    ):
        qualitative.setdefault((r["area"], r["item"]), []).append(
            {"assessed": r["assessed"], "value": r["value"], "by": r["assessed_by"], "source": r["source"], "note": r["note"]}
        )
    computed = store.conn.execute("SELECT value FROM meta WHERE key = 'indicators_computed_at'").fetchone()
    from ingest.commentary import comments, latest

    notes = comments(store, strategy_id)
    areas = []
    for area_id, area in strategy.areas.items():
        indicators = []
        for indicator_id, indicator in area.indicators.items():
            p = progress.get(indicator_id, {})
            indicators.append({
                "id": indicator_id,
                "label": indicator.label.model_dump(),
                "unit": indicator.unit.model_dump(),
                "direction": indicator.direction,
                "decimals": indicator.decimals,
                "description": indicator.description.model_dump(),
                "status": p.get("status", "not_available"),
                "reason": p.get("reason") or ("no data for this region" if not p else None),
                "latest": {"period": p["current_period"], "value": p["current_value"]} if p.get("current_period") else None,
                "base": {"period": p["base_period"], "value": p["base_value"]} if p.get("base_period") else None,
                "change_pct": change_pct(p),
                "target": indicator.target.model_dump() if indicator.target else None,
                "observed_growth": p.get("observed_growth"),
                "required_growth": p.get("required_growth"),
                "ratio": p.get("ratio"),
                "thresholds": json.loads(p["thresholds"]) if p.get("thresholds") else None,
                "rank": p.get("rank"),
                "rank_of": p.get("rank_of"),
                "rank_period": p.get("rank_period"),
                "quartile": p.get("quartile"),
                "sweden": {"value": p["sweden_value"], "pct": p["pct_of_sweden"]} if p.get("sweden_value") else None,
                "sensitivity": json.loads(p["sensitivity"]) if p.get("sensitivity") else {},
                "reference_figures": [_reference(store, figure) for figure in indicator.reference_figures],
                "commentary": latest(notes, area=area_id, indicator=indicator_id),
            })
        items = []
        for item_id, item in area.qualitative.items():
            history = qualitative.get((area_id, item_id), [])
            items.append({"id": item_id, "label": item.label.model_dump(), "latest": history[-1] if history else None, "history": history})
        areas.append({
            "id": area_id, "kind": area.kind, "label": area.label.model_dump(),
            "description": area.description.model_dump() if area.description else None,
            "indicators": indicators, "qualitative": items,
            "commentary": latest(notes, area=area_id, indicator=None),
        })
    return {
        "strategy": strategy_id,
        "label": strategy.label.model_dump(),
        "region": region,
        "region_name": {"sv": region_name(region, "sv"), "en": region_name(region, "en")},
        "document": strategy.document,
        "computed_at": computed[0] if computed else None,
        "areas": areas,
    }


def change_pct(p: dict[str, Any]) -> float | None:
    """Per cent change from the base period to the latest one (none when they are the same period)."""
    if not p.get("base_value") or p.get("current_value") is None or p.get("base_period") == p.get("current_period"):
        return None
    return (p["current_value"] / p["base_value"] - 1) * 100


def _reference(store: Store, figure) -> dict[str, Any]:
    row = store.conn.execute(
        """
        SELECT o.period, o.value, s.unit, s.source, s.note FROM observations o
        LEFT JOIN observation_sources s USING (dataset, region, period, dims)
        WHERE o.dataset = ? AND o.region = ? AND o.dims = ?
        ORDER BY o.period DESC LIMIT 1
        """,
        [figure.dataset, figure.region, dims_json({"series": figure.series})],
    ).fetchone()
    base = {"label": figure.label.model_dump(), "series": figure.series, "region": figure.region}
    if row is None:
        return {**base, "value": None, "unit": None, "unit_label": None, "period": None, "source": None,
                "note": f"not in the store: run `python -m ingest run` (dataset {figure.dataset})"}
    period, value, unit, source, note = row
    unit_label = figure.unit.model_dump() if figure.unit else {"sv": unit or "", "en": unit or ""}
    return {**base, "value": value, "unit": unit, "unit_label": unit_label, "period": period or None, "source": source,
            "note": note}


NOT_AVAILABLE_SV = {
    "fewer than two points: no value in the base period or later": "färre än två värden: inget värde basåret eller senare",
    "fewer than two points: the latest value is the base value": "färre än två värden: det senaste värdet är basvärdet",
    "the base value is 0, so growth cannot be computed": "basvärdet är 0, så tillväxten kan inte beräknas",
    "the base and current values have opposite signs (or the current is 0)": "basvärdet och det senaste värdet har olika tecken (eller är det senaste 0)",
    "no data for this region": "inga data för regionen",
}


def explain(p: dict[str, Any], lang: str = "sv") -> str:
    """Why the status is what it is, in words and with its numbers, in Swedish or English."""
    status = p.get("status") or "not_available"
    reason = p.get("reason") or ""
    if status == "not_available":
        if lang == "en":
            return reason
        for english, swedish in NOT_AVAILABLE_SV.items():
            reason = reason.replace(english, swedish)
        return reason.replace("no data: ", "inga data: ")
    if status == "target_achieved":
        value, target = number(p.get("current_value"), 2, lang), number(p.get("target_value"), 2, lang)
        return f"det senaste värdet {value} har nått målet {target}" if lang == "sv" else reason
    thresholds = p.get("thresholds")
    if isinstance(thresholds, str):
        thresholds = json.loads(thresholds)
    if p.get("ratio") is not None:
        ratio = number(p["ratio"] * 100, 0, lang)
        target = number(p.get("target_value"), 2, lang)
        if lang == "sv":
            return (f"den observerade tillväxten är {ratio} % av den tillväxt som krävs för att nå {target} till "
                    f"{p.get('target_year')} (trösklar 95 / 60 / 0 %)")
        return f"{reason} (thresholds 95 / 60 / 0 %)"
    growth = p.get("observed_growth")
    if growth is None or not thresholds:
        return reason
    sign = 1 if p.get("direction", "increase") == "increase" else -1
    if lang == "sv":
        return (f"inget mål: tillväxten i önskad riktning är {percent(sign * growth, lang)} per år, mot trösklarna "
                f"{percent(thresholds['high'], lang)} / {percent(thresholds['medium'], lang)} / {percent(thresholds['low'], lang)}")
    return reason


def number(value: float | None, decimals: int = 1, lang: str = "sv") -> str:
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "sv" else text


def percent(value: float | None, lang: str = "sv") -> str:
    return "–" if value is None else number(value * 100, 2, lang) + " %"


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
            writer.writerow([
                data["strategy"], data["region"], area["id"], ind["id"], ind["label"][lang], ind["unit"][lang],
                ind["direction"], ind["status"], latest.get("period"), latest.get("value"), base.get("period"),
                base.get("value"), target.get("value"), target.get("year"), ind["observed_growth"],
                ind["required_growth"], ind["ratio"], ind["rank"], ind["rank_of"], ind["rank_period"], ind["quartile"],
                sweden.get("value"), sweden.get("pct"), ind["reason"],
            ])
    return buffer.getvalue()
