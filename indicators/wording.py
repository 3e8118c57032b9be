"""How a status is said: the one vocabulary of status words and symbols, the explanation of a
status with its numbers, and numbers in the reader's language (sv: 1\u00a0234,5; en: 1,234.5)."""

from __future__ import annotations

import json
from typing import Any

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


