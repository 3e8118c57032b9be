"""How the follow-up is said to its readers: the one vocabulary of statuses, flags and reasons,
the explanation of a status with its numbers, the strategy's statements beside their measures,
verdicts, and numbers and dates in the reader's language (sv: ``1 234,5``, ``−0,5 %``, ``27 nov.
2026 kl. 13.01``; en: ``1,234.5``, ``−0.5%``, ``27 Nov 2026, 13:01``; times in Europe/Stockholm).

Council-facing text never names a dataset, a dimension code or a command; the operator's details
(which dataset, which dims) stay in the JSON ``reason`` and the logs. Text gets the minus sign
(U+2212); numbers in CSV and Excel files stay numbers and never pass through here.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MINUS = "\u2212"

STATUS_WORDS = {
    "sv": {
        "target_achieved": "målet nått", "substantial": "god utveckling", "moderate": "måttlig utveckling",
        "limited": "begränsad utveckling", "deterioration": "försämring", "followed": "följs utan bedömning",
        "not_available": "kan inte bedömas",
    },
    "en": {
        "target_achieved": "target achieved", "substantial": "substantial progress", "moderate": "moderate progress",
        "limited": "limited progress", "deterioration": "deterioration", "followed": "monitored, not assessed",
        "not_available": "cannot be assessed",
    },
}
# A status after a count in the overall assessment: "2 med god utveckling", "1 deteriorating".
STATUS_SHORT = {
    "sv": {"target_achieved": "där målet är nått", "substantial": "med god utveckling", "moderate": "med måttlig utveckling",
           "limited": "med begränsad utveckling", "deterioration": "med försämring"},
    "en": {"target_achieved": "with the target achieved", "substantial": "with substantial progress",
           "moderate": "with moderate progress", "limited": "with limited progress", "deterioration": "deteriorating"},
}
STATUS_SYMBOLS = {
    "target_achieved": "★", "substantial": "▲", "moderate": "↗", "limited": "→", "deterioration": "▼",
    "followed": "○", "not_available": "?",
}
RELATIVE_WORDS = {
    "sv": {"better": "bättre utveckling än riket", "in_step": "i takt med riket", "worse": "sämre utveckling än riket",
           "followed": "jämförs med riket utan bedömning", "not_available": "kan inte jämföras med riket"},
    "en": {"better": "better than Sweden", "in_step": "in step with Sweden", "worse": "worse than Sweden",
           "followed": "compared with Sweden, not assessed", "not_available": "cannot be compared with Sweden"},
}
RELATIVE_SYMBOLS = {"better": "▲", "in_step": "→", "worse": "▼", "followed": "○", "not_available": "?"}
FLAG_WORDS = {
    "sv": {"uncertain": "osäker", "volatile": "stora svängningar", "stale": "inaktuellt värde", "break": "seriebrott"},
    "en": {"uncertain": "uncertain", "volatile": "volatile series", "stale": "out-of-date value", "break": "series break"},
}
# Terms that the dashboard's vocabulary (dashboard.i18n) and the command line's text (formats) share.
TERMS = {
    "verdict": {"sv": "Samlad bedömning", "en": "Overall assessment"},
    "no_data": {"sv": "Inga värden ännu", "en": "No values yet"},
    "no_year": {"sv": "årtal anges inte", "en": "no year given"},
    "of_sweden": {"sv": "av rikets värde", "en": "of Sweden's value"},
    "twins": {"sv": "Liknande län", "en": "Similar counties"},
    "krugman": {"sv": "Specialiseringsindex (Krugman)", "en": "Specialisation index (Krugman)"},
    "until_then": {"sv": "fram till dess", "en": "until then"},
    "commentary": {"sv": "Sekretariatets kommentar", "en": "The secretariat's commentary"},
    "area_commentary": {"sv": "Sekretariatets kommentar om området", "en": "The secretariat's commentary on the area"},
}
REASONS = {
    "sv": {
        "no_observations": "Statistiken har ännu inte hämtats från källan. Den kommer med nästa uppdatering.",
        "no_breakdown": "Uppgift för kvinnor och män saknas i källan.",
        "not_in_snapshot": "Statistiken finns inte i den sparade sammanställningen. Den hämtas från källan vid nästa uppdatering.",
        "no_match": "Källan redovisar inte den här uppdelningen.",
        "no_common_period": "Delarna i beräkningen saknar gemensamma år.",
        "no_region_data": "Uppgift saknas för regionen.",
        "fewer_points": "Det finns inget värde från basåret eller senare, så utvecklingen kan inte bedömas ännu.",
        "base_is_latest": "Det senaste värdet är basvärdet, så utvecklingen kan inte bedömas ännu.",
        "zero_base": "Basvärdet är 0, så ingen tillväxttakt kan beräknas.",
        "sign_change": "Värdet har bytt tecken sedan basåret, så ingen tillväxttakt kan beräknas.",
        "target_year": "Målåret ligger inte efter basåret.",
        "target_sign": "Målet och basvärdet har olika tecken.",
        "no_price_index": "Prisindex saknas för seriens år, så värdet kan inte räknas om till fasta priser.",
    },
    "en": {
        "no_observations": "No figures have been fetched yet; they will arrive with the next update from the source.",
        "no_breakdown": "The source gives no figures for women and men.",
        "not_in_snapshot": "The statistics are not in the saved compilation; they will be fetched from the source at the next update.",
        "no_match": "The source does not publish this breakdown.",
        "no_common_period": "The parts of the calculation have no year in common.",
        "no_region_data": "No figures for the region.",
        "fewer_points": "There is no value from the base year onwards, so progress cannot be assessed yet.",
        "base_is_latest": "The latest value is the base value, so progress cannot be assessed yet.",
        "zero_base": "The base value is 0, so no growth rate can be computed.",
        "sign_change": "The value has changed sign since the base year, so no growth rate can be computed.",
        "target_year": "The target year is not after the base year.",
        "target_sign": "The target and the base value have opposite signs.",
        "no_price_index": "There is no price index for the series' years, so it cannot be put in fixed prices.",
    },
}
AREA_KINDS = {
    "sv": {"goal": "mål", "specialisation": "specialisering", "focus_area": "fokusområde",
           "smart_society": "smart samhälle", "horizontal": "horisontella kriterier", "opportunity": "strategiska möjligheter",
           "bottleneck": "flaskhals", "measures": "insatser"},
    "en": {"goal": "goal", "specialisation": "specialisation", "focus_area": "focus area", "smart_society": "smart society",
           "horizontal": "horizontal criteria", "opportunity": "strategic opportunities", "bottleneck": "bottleneck",
           "measures": "measures"},
}
SPECIALISATION_REASONS = {
    "sv": {
        "no_figures": "Statistik om sysselsättning och förädlingsvärde per bransch saknas ännu. Den hämtas från SCB vid nästa uppdatering.",
        "straddles": "SCB redovisar {detail} tillsammans med branscher utanför gruppen, så gruppen kan inte skiljas ut.",
        "missing_divisions": "SCB redovisar inte SNI {detail} för sig i länen.",
        "no_base": "Inget år vid eller efter basåret att jämföra med.",
        "classification": "Branscherna är inte indelade likadant båda åren.",
    },
    "en": {
        "no_figures": "Employment and value added by industry have not been loaded yet; they will be fetched from SCB at the next update.",
        "straddles": "SCB publishes {detail} together with industries outside the group, so the group cannot be separated.",
        "missing_divisions": "SCB does not publish SNI {detail} separately for the counties.",
        "no_base": "No year at or after the base year to compare with.",
        "classification": "The industries are not divided the same way in both years.",
    },
}
MONTHS = {
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
PERCENT_SIGN = {"sv": " %", "en": "%"}
POINTS = {"sv": "procentenheter", "en": "percentage points"}


# -- numbers and dates ----------------------------------------------------------------------------


def number(value: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """``1 234,5`` in Swedish (no-break space, decimal comma), ``1,234.5`` in English; a negative
    number with the minus sign (``−0,5``), and a number that rounds to zero without one."""
    if value is None:
        return "–"
    value = round(value, decimals)
    if value == 0:
        value = 0.0  # never "−0,0"
    text = f"{value:,.{decimals}f}"
    text = text.replace(",", "\u00a0").replace(".", ",") if lang == "sv" else text
    return text.replace("-", MINUS)


def per_cent(value: float | None, lang: str = "sv", decimals: int = 1) -> str:
    """A number already in per cent: ``12,3 %`` in Swedish, ``12.3%`` in English."""
    return "–" if value is None else number(value, decimals, lang) + PERCENT_SIGN.get(lang, "%")


def percent(value: float | None, lang: str = "sv", decimals: int = 1) -> str:
    """A fraction as per cent: 0.0123 -> ``1,2 %``."""
    return "–" if value is None else per_cent(value * 100, lang, decimals)


def _signed(value: float, decimals: int, lang: str) -> str:
    return ("+" if round(value, decimals) > 0 else "") + number(value, decimals, lang)


def signed_percent(value: float | None, lang: str = "sv", decimals: int = 1) -> str:
    """A change already in per cent, with its sign: ``+23,0 %``, ``−1,5 %``."""
    return "–" if value is None else _signed(value, decimals, lang) + PERCENT_SIGN.get(lang, "%")


def signed_points(value: float | None, lang: str = "sv", decimals: int = 1) -> str:
    """A change of a value in per cent, in percentage points: ``+3,8 procentenheter``."""
    return "–" if value is None else f"{_signed(value, decimals, lang)} {POINTS[lang]}"


def growth_per_year(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = ("+" if round(value * 100, 1) > 0 else "") + percent(value, lang)
    return f"{text} per år" if lang == "sv" else f"{text} a year"


def limit_percent(value: float, lang: str) -> str:
    """A threshold as per cent, without decimals when it has none: ``1,5 %``, ``0 %``."""
    whole = abs(round(value * 100, 6) - round(value * 100)) < 1e-9
    return percent(value, lang, 0 if whole else 1)


def share_of_sweden(pct: float | None, lang: str) -> str:
    """The region's value as per cent of Sweden's: one decimal below 10 % (``2,4 %``), else none (``123 %``)."""
    return "–" if pct is None else per_cent(pct, lang, 1 if abs(pct) < 10 else 0)


def with_unit(value: str, unit: str, lang: str) -> str:
    """A number and its unit: ``40,4 %`` and ``648 tusen kronor per invånare``; in English no space
    before a per-cent sign (``40.4%``, ``12.3% of value added``)."""
    if not unit:
        return value
    if unit.startswith("%") and lang != "sv":
        return f"{value}{unit}"
    return f"{value} {unit}"


def quoted(text: str, lang: str) -> str:
    """The strategy's own words in the reader's quotation marks: ``”…”`` in Swedish, ``“…”`` in English."""
    return f"”{text}”" if lang == "sv" else f"“{text}”"


def join_and(items: list[str], lang: str) -> str:
    """``a, b och c`` / ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" och " if lang == "sv" else " and ") + items[-1]


def format_date(value: str | date | None, lang: str) -> str:
    """``2026-11-27`` -> ``27 november 2026`` / ``27 November 2026``; a month ``2020-10`` -> ``oktober 2020``."""
    if not value:
        return "–"
    text = str(value)[:10]
    try:
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return f"{MONTHS[lang][month - 1]} {year}"
        day = date.fromisoformat(text)
    except (ValueError, IndexError):
        return str(value)
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def format_datetime(value: str | None, lang: str) -> str:
    """An ISO timestamp (UTC or with offset) in Swedish time: ``27 november 2026 kl. 13.01``; a
    bare date (the offline snapshot's) as a date, with no invented time of day."""
    if not value:
        return "–"
    if len(str(value)) == 10:
        return format_date(value, lang)
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return format_date(value, lang)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(STOCKHOLM)
    day = format_date(local.date(), lang)
    return f"{day} kl. {local:%H.%M}" if lang == "sv" else f"{day}, {local:%H:%M}"


def byline(note: dict[str, Any], lang: str = "sv") -> str:
    """Who wrote a comment of the secretariat's, and on which day: ``Anna Berg, 22 november 2026``."""
    return f"{note['author']}, {format_date(note['written_at'], lang)}"


def comment_text(note: dict[str, Any], lang: str = "sv") -> str:
    """A comment with its byline, in one text: ``Gruvnäringen drev ökningen. (Anna Berg, 22 november 2026)``."""
    return f"{note['text']} ({byline(note, lang)})"


# -- statuses ---------------------------------------------------------------------------------------


def status_word(status: str, lang: str) -> str:
    return STATUS_WORDS[lang][status]


def flag_words(flags: list[str], lang: str) -> list[str]:
    return [FLAG_WORDS[lang][f] for f in flags if f in FLAG_WORDS[lang]]


def until_then(status: str, lang: str) -> str:
    """The status of an out-of-date value, up to its year: ``fram till dess: god utveckling``."""
    return f"{TERMS['until_then'][lang]}: {status_word(status, lang)}"


def span_text(base: dict[str, Any], end: str | None, lang: str) -> str:
    """``från 2019 till 2024``, or ``från 2018–2019 (medelvärde) till 2024`` when the base is a mean."""
    sv = lang == "sv"
    start = base.get("period") or "–"
    if len(base.get("periods") or []) > 1 or "–" in start:
        start += " (medelvärde)" if sv else " (mean)"
    return f"{'från' if sv else 'from'} {start} {'till' if sv else 'to'} {end or '–'}"


def _direction_of(value: float, decimals: int) -> int:
    """1 for a rise, −1 for a fall, 0 for none, as the number is shown (with ``decimals``)."""
    shown = round(value, decimals)
    return (shown > 0) - (shown < 0)


def _average_growth(growth: float, lang: str, inverted: bool = False) -> str:
    """``Värdet har ökat med i genomsnitt 1,2 % per år`` (the verb by the sign, the rate without it);
    ``inverted`` after an adverbial (``… har värdet ökat …``)."""
    way = _direction_of(growth * 100, 1)
    rate = percent(abs(growth), lang)
    if lang == "sv":
        verb = {1: "har", -1: "har", 0: "är"}[way]
        rest = {1: f"ökat med i genomsnitt {rate} per år", -1: f"minskat med i genomsnitt {rate} per år",
                0: "i stort sett oförändrat"}[way]
        return f"{verb} värdet {rest}" if inverted else f"Värdet {verb} {rest}"
    text = {1: f"the value rose by an average of {rate} a year", -1: f"the value fell by an average of {rate} a year",
            0: "the value was practically unchanged"}[way]
    return text if inverted else text[0].upper() + text[1:]


def _points_sentence(points: float, lang: str, decimals: int) -> str:
    """``Det är en ökning med 3,8 procentenheter.``: the change of a value in per cent."""
    way = _direction_of(points, decimals)
    amount = number(abs(points), decimals, lang)
    if lang == "sv":
        return {1: f"Det är en ökning med {amount} {POINTS['sv']}.", -1: f"Det är en minskning med {amount} {POINTS['sv']}.",
                0: f"Det är ingen förändring i {POINTS['sv']}."}[way]
    return {1: f"That is a rise of {amount} {POINTS['en']}.", -1: f"That is a fall of {amount} {POINTS['en']}.",
            0: f"That is no change in {POINTS['en']}."}[way]


def thresholds_rule(t: dict[str, float], lang: str) -> str:
    """``minst 1,5 % per år ger god utveckling, minst 0,5 % måttlig och 0 % eller mer begränsad utveckling``."""
    high, medium, low = (limit_percent(t[k], lang) for k in ("high", "medium", "low"))
    if lang == "sv":
        return f"minst {high} per år ger god utveckling, minst {medium} måttlig och {low} eller mer begränsad utveckling"
    return f"at least {high} a year is substantial progress, at least {medium} moderate and {low} or more limited"


def explain(p: dict[str, Any], lang: str = "sv", decimals: int = 1) -> str:
    """Why the status is what it is, in words and with its numbers (a progress row or an indicator
    of ``follow_up``), in Swedish or English."""
    ind = _as_indicator(p)
    status = ind["status"]
    sv = lang == "sv"
    if status == "not_available":
        return REASONS[lang].get(ind.get("reason_code") or "", REASONS[lang]["no_region_data"])
    base, end = ind.get("base") or {}, ind.get("assessed") or ind.get("latest") or {}
    span = span_text(base, end.get("period"), lang)
    growth = ind.get("observed_growth")
    parts = []
    if ind.get("prices") == "deflated":
        year = ind.get("price_year")
        level = (f"{year} års prisnivå, omräknat med konsumentprisindex" if sv
                 else f"{year} price level, deflated by the consumer price index")
        if growth is not None:
            parts.append(f"Räknat i fasta priser ({level}) {_average_growth(growth, lang, True)} {span}." if sv
                         else f"At fixed prices ({level}) {_average_growth(growth, lang, True)} {span}.")
        nominal = ind.get("nominal_growth")
        if nominal is not None:
            way, rate = _direction_of(nominal * 100, 1), percent(abs(nominal), lang)
            parts.append(({1: f"I löpande priser ökade det med {rate} per år.", -1: f"I löpande priser minskade det med {rate} per år.",
                           0: "I löpande priser var det i stort sett oförändrat."} if sv else
                          {1: f"At current prices it rose by {rate} a year.", -1: f"At current prices it fell by {rate} a year.",
                           0: "At current prices it was practically unchanged."})[way])
        latest = (ind.get("latest") or {}).get("period")
        if latest and end.get("period") and latest != end.get("period"):
            parts.append(f"Prisindex finns bara till och med {end['period']}, så bedömningen gäller fram till dess." if sv else
                         f"The price index runs only to {end['period']}, so the assessment covers the years up to then.")
    elif growth is not None:
        text = _average_growth(growth, lang)
        if base.get("value") is not None:
            text += (f" {span} (från {number(base.get('value'), decimals, lang)} till {number(end.get('value'), decimals, lang)})."
                     if sv else f" {span} ({number(base.get('value'), decimals, lang)} → {number(end.get('value'), decimals, lang)}).")
        else:
            text += f" {span}."
        parts.append(text)
        if ind.get("percent") and ind.get("change_points") is not None:
            parts.append(_points_sentence(ind["change_points"], lang, decimals))
    if status == "followed":
        parts.append("Strategin anger inte vilken riktning som är bättre, så utvecklingen följs utan bedömning."
                     if sv else "The strategy does not say which direction is better, so progress is monitored, not assessed.")
    elif status == "target_achieved":
        target = ind.get("target") or {}
        parts.append(f"Det senaste värdet har nått målet {number(target.get('value'), decimals, lang)}."
                     if sv else f"The latest value has reached the target {number(target.get('value'), decimals, lang)}.")
    elif ind.get("ratio") is not None:
        target = ind.get("target") or {}
        ratio = number(ind["ratio"] * 100, 0, lang)
        parts.append(f"Det är {ratio} % av den tillväxt som krävs för att nå målet {number(target.get('value'), decimals, lang)} "
                     f"till {target.get('year')} (gränser 95 / 60 / 0 %)." if sv else
                     f"That is {ratio}% of the growth required to reach the target {number(target.get('value'), decimals, lang)} "
                     f"by {target.get('year')} (limits 95 / 60 / 0%).")
    elif ind.get("thresholds") and {"high", "medium", "low"} <= set(ind["thresholds"]):
        rule = thresholds_rule(ind["thresholds"], lang)
        parts.append(f"Strategin har inget mål för indikatorn. Därför jämförs förändringen i önskad riktning med fasta "
                     f"gränser: {rule}." if sv else
                     f"The strategy sets no target for the indicator, so the change in the desired direction is compared "
                     f"with fixed thresholds: {rule}.")
    parts += flag_sentences(ind, lang)
    return " ".join(parts)


def _as_indicator(p: dict[str, Any]) -> dict[str, Any]:
    """A progress row (flat) or an indicator of ``follow_up`` (nested) as the nested shape."""
    if "latest" in p or "assessed" in p:
        return p
    import json

    def loads(value, default):
        return json.loads(value) if isinstance(value, str) and value else (value if value is not None else default)

    return {
        **p, "status": p.get("status") or "not_available",
        "base": {"period": p.get("base_period"), "value": p.get("base_value")} if p.get("base_period") else None,
        "assessed": ({"period": p.get("assessed_period"), "value": p.get("assessed_value")}
                     if p.get("assessed_period") else None),
        "latest": {"period": p.get("current_period"), "value": p.get("current_value")} if p.get("current_period") else None,
        "target": {"value": p.get("target_value"), "year": p.get("target_year")} if p.get("target_value") is not None else None,
        "thresholds": loads(p.get("thresholds"), None), "flags": loads(p.get("flags"), []),
        "flag_notes": loads(p.get("flag_notes"), {}), "relative": loads(p.get("relative"), None),
    }


def flag_sentences(ind: dict[str, Any], lang: str) -> list[str]:
    """What qualifies a status: uncertain, series break, volatile, out of date."""
    sv = lang == "sv"
    notes = ind.get("flag_notes") or {}
    out = []
    for flag in ind.get("flags") or []:
        note = notes.get(flag)
        if flag == "uncertain" and note:
            others = "; ".join(f"{'med basår' if sv else 'with base year'} {a['base']}: {status_word(a['status'], lang)}"
                               for a in note)
            out.append(f"Osäker bedömning: om basåret flyttas ett eller två år blir statusen en annan ({others})." if sv else
                       f"Uncertain assessment: moving the base year by one or two years gives another status ({others}).")
        elif flag == "break" and note:
            where = ", ".join(f"{b['period']}" + (f" ({b['note'][lang]})" if b.get("note") else "") for b in note)
            out.append(f"Seriebrott {where}: statistiken har lagts om, så värdena före och efter är inte helt jämförbara."
                       if sv else f"Series break {where}: the statistics were redesigned, so the values before and after "
                                  f"are not fully comparable.")
        elif flag == "volatile" and note:
            change = percent(abs(note["largest_annual_change"]), lang, 0)
            out.append(f"Stora svängningar: mellan två värden i följd har värdet som mest ändrats med {change} per år, så "
                       f"statusen beror mycket på vilka år som jämförs." if sv else
                       f"Volatile series: between two consecutive values the value has changed by as much as {change} a "
                       f"year, so the status depends a great deal on which years are compared.")
        elif flag == "stale" and note:
            out.append(f"Inaktuellt värde: det senaste värdet avser {note['latest_year']}. Källan brukar publicera med högst "
                       f"{note['lag_years']} års eftersläpning, så indikatorn räknas inte bland de bedömda i den samlade "
                       f"bedömningen." if sv else
                       f"Out-of-date value: the latest value is for {note['latest_year']}. The source usually publishes "
                       f"within {note['lag_years']} {'year' if note['lag_years'] == 1 else 'years'}, so the indicator is "
                       f"not counted among the assessed ones in the overall assessment.")
    return out


def relative_text(ind: dict[str, Any], lang: str) -> str | None:
    """The region's value as % of Sweden's, then and now, and the judgement of that trend."""
    rel = ind.get("relative")
    if not rel or rel.get("status") == "not_available" or rel.get("base_value") is None:
        return None
    sv = lang == "sv"
    then, now = share_of_sweden(rel["base_value"], lang), share_of_sweden(rel["current_value"], lang)
    if rel["status"] == "followed":
        end = " (utan bedömning)." if sv else " (not assessed)."
    else:
        end = f", alltså {RELATIVE_WORDS['sv'][rel['status']]}." if sv else f", so {RELATIVE_WORDS['en'][rel['status']]}."
    return (f"Jämfört med riket: länets värde motsvarade {then} av rikets {rel['base_period']} och {now} "
            f"{rel['current_period']}{end}" if sv else
            f"Compared with Sweden: the county's value was {then} of Sweden's in {rel['base_period']} and {now} in "
            f"{rel['current_period']}{end}")


def verdict_text(v: dict[str, Any], lang: str) -> str:
    """The overall assessment in whole sentences: ``Av 18 indikatorer har 3 bedömts – 2 med god
    utveckling och 1 med försämring (varav 1 osäker). 7 har inaktuella värden och 8 saknar värden.``"""
    sv = lang == "sv"
    total, assessed, uncertain = v["total"], v["assessed"], v.get("uncertain") or 0
    if total == 1:
        return _single_verdict(v, lang)
    judged = [f"{n} {STATUS_SHORT[lang][s]}" for s, n in v["by_status"].items() if n]
    if sv:
        text = f"Av {total} indikatorer har {assessed or 'ingen'} bedömts"
    else:
        text = f"Of {total} indicators, {assessed or 'none'} {'is' if assessed == 1 else 'are'} assessed"
    if judged:
        text += " – " + join_and(judged, lang)
    if uncertain:
        text += (f" (varav {uncertain} {'osäker' if uncertain == 1 else 'osäkra'})" if sv
                 else f" ({uncertain} of them uncertain)")
    extras = []
    for key, one, many in ((("stale", "har ett inaktuellt värde", "har inaktuella värden"),
                            ("followed", "följs utan bedömning", "följs utan bedömning"),
                            ("not_assessable", "kan inte bedömas", "kan inte bedömas"),
                            ("no_data", "saknar värden", "saknar värden")) if sv else
                           (("stale", "has an out-of-date value", "have out-of-date values"),
                            ("followed", "is monitored, not assessed", "are monitored, not assessed"),
                            ("not_assessable", "cannot be assessed", "cannot be assessed"),
                            ("no_data", "has no values yet", "have no values yet"))):
        if v.get(key):
            extras.append(f"{v[key]} {one if v[key] == 1 else many}")
    return f"{text}." + (f" {join_and(extras, lang)}." if extras else "")


def _single_verdict(v: dict[str, Any], lang: str) -> str:
    """The assessment of an area with one indicator: ``Den enda indikatorn har bedömts: god utveckling.``"""
    sv = lang == "sv"
    subject = "Den enda indikatorn" if sv else "The only indicator"
    judged = [s for s, n in v["by_status"].items() if n]
    if judged:
        text = f"{subject} {'har bedömts' if sv else 'is assessed'}: {status_word(judged[0], lang)}"
        if v.get("uncertain"):
            text += " (osäker bedömning)" if sv else " (uncertain)"
        return text + "."
    for key, said_sv, said_en in (("stale", "har ett inaktuellt värde", "has an out-of-date value"),
                                  ("followed", "följs utan bedömning", "is monitored, not assessed"),
                                  ("not_assessable", "kan inte bedömas", "cannot be assessed"),
                                  ("no_data", "saknar värden", "has no values yet")):
        if v.get(key):
            return f"{subject} {said_sv if sv else said_en}."
    return ""


# -- changes and ranks --------------------------------------------------------------------------------


def change_value(ind: dict[str, Any], lang: str) -> str | None:
    """The change from the base to the end of the judged series: ``+3,8 procentenheter`` for an
    indicator measured in per cent, else ``+22,2 %`` (in fixed prices when the series is deflated)."""
    if ind.get("percent"):
        points = ind.get("change_points")
        return None if points is None else signed_points(points, lang, ind.get("decimals", 1))
    return None if ind.get("change_pct") is None else signed_percent(ind["change_pct"], lang)


def _prices_note(ind: dict[str, Any], lang: str) -> str:
    return (", fasta priser" if lang == "sv" else ", fixed prices") if ind.get("prices") == "deflated" else ""


def change_cell(ind: dict[str, Any], lang: str) -> str | None:
    """The change in a table cell: ``+22,2 % (från 2018–2019, fasta priser)``."""
    value = change_value(ind, lang)
    if value is None:
        return None
    return f"{value} ({'från' if lang == 'sv' else 'from'} {ind['base']['period']}{_prices_note(ind, lang)})"


def change_sentence(ind: dict[str, Any], lang: str) -> str | None:
    """The change with its span: ``Förändring från 2018–2019 till 2021, fasta priser: +22,2 %``."""
    value = change_value(ind, lang)
    if value is None:
        return None
    end = (ind.get("assessed") or ind.get("latest") or {}).get("period", "")
    base = ind["base"]["period"]
    return (f"Förändring från {base} till {end}{_prices_note(ind, lang)}: {value}" if lang == "sv"
            else f"Change from {base} to {end}{_prices_note(ind, lang)}: {value}")


def rank_cell(ind: dict[str, Any], lang: str) -> str:
    """``4 av 21 (2021)``: the rank with the number of counties and its year."""
    if not ind.get("rank"):
        return ""
    return f"{ind['rank']} {'av' if lang == 'sv' else 'of'} {ind['rank_of']} ({_rank_when(ind, lang)})"


def rank_phrase(rank: int, of: int, lang: str) -> str:
    """``plats 4 av 21`` / ``rank 4 of 21``."""
    return f"{'plats' if lang == 'sv' else 'rank'} {rank} {'av' if lang == 'sv' else 'of'} {of}"


def rank_text(ind: dict[str, Any], lang: str) -> str:
    """``plats 4 av 21 (2021)``: the rank always with its year."""
    if not ind.get("rank"):
        return ""
    return f"{rank_phrase(ind['rank'], ind['rank_of'], lang)} ({_rank_when(ind, lang)})"


def _rank_when(ind: dict[str, Any], lang: str) -> str:
    """The rank's year, and why when it is older than the latest value: later years have values
    for too few counties to rank."""
    period, latest = str(ind["rank_period"]), ((ind.get("latest") or {}).get("period") or "")
    if latest and latest[:len(period)] > period:
        return f"{period}; {'senare år har värden för för få län' if lang == 'sv' else 'later years have values for too few counties'}"
    return period


# -- statements -------------------------------------------------------------------------------------


def statement_text(statement: dict[str, Any], unit: dict[str, str] | None, decimals: int, lang: str) -> dict[str, str]:
    """The strategy's figure beside its measure: ``{"strategy": "Strategin: 42 % (årtal anges inte)",
    "now": "Nu: 44,9 % (2024)", "differs": ..., "unmeasured": ...}``."""
    sv = lang == "sv"
    out: dict[str, str] = {}
    figure = statement.get("figure")
    said_by = "Strategin" if sv else "The strategy"
    if figure and figure.get("value") is not None:
        when = figure.get("period") or TERMS["no_year"][lang]
        value = number(figure["value"], 0 if float(figure["value"]).is_integer() else 1, lang)
        said = (figure.get("text") or {}).get(lang)
        said = said.format(value=value) if said else with_unit(value, figure["unit_label"][lang], lang)
        out["strategy"] = f"{said_by}: {said} ({when})"
    elif statement.get("claim"):
        out["strategy"] = f"{said_by}: {statement['claim'][lang]} ({TERMS['no_year'][lang]})"
    now = statement.get("now")
    label = "Nu" if sv else "Now"
    if statement.get("unmeasured") and (now is None or not now.get("series")):
        out["unmeasured"] = statement["unmeasured"][lang]
    elif now is None:
        out["now"] = f"{label}: {TERMS['no_data'][lang].lower()}"
    elif statement.get("compare") == "change_since":
        if now.get("change_pct") is None:
            out["now"] = (f"{label}: {'inget värde för' if sv else 'no value for'} {statement['since']}")
        else:
            text = f"{label}: {signed_percent(now['change_pct'], lang, 0)} {now['base_period']}–{now['period']}"
            if now.get("real_change_pct") is not None:
                text += (f" ({'i fasta priser' if sv else 'in fixed prices'} {signed_percent(now['real_change_pct'], lang, 0)})")
            out["now"] = text
    else:
        unit_text = unit[lang] if unit else ((statement.get("series_unit") or {}).get(lang) or now.get("unit_text", ""))
        text = f"{label}: {with_unit(number(now['value'], decimals, lang), unit_text, lang)} ({now['period']})"
        if now.get("at_figure_year") is not None and figure and figure.get("period"):
            text += f"; {figure['period']}: {number(now['at_figure_year'], decimals, lang)}"
        if (statement.get("compare") == "rank" or now.get("series")) and now.get("rank"):
            text += f", {rank_text(now, lang)}"
            if now.get("sweden") is not None:
                text += f"; {'riket' if sv else 'Sweden'} {with_unit(number(now['sweden'], decimals, lang), unit_text, lang)}"
        out["now"] = text
    if statement.get("differs") and "unmeasured" not in out:
        out["differs"] = statement["differs"][lang]
    return out


# -- the structure of the economy ---------------------------------------------------------------------


def specialisation_reason(spec: dict[str, Any], lang: str) -> str:
    template = SPECIALISATION_REASONS[lang].get(spec.get("reason_code") or "no_figures",
                                                SPECIALISATION_REASONS[lang]["no_figures"])
    return template.format(detail=", ".join(spec.get("reason_detail") or []))


def specialisation_text(spec: dict[str, Any] | None, lang: str) -> str | None:
    """``Hotell och restaurang: 3,1 % av sysselsättningen (2024), lokaliseringskvot 1,12 (2019: 1,05).
    Länet har blivit mer specialiserat i branschen sedan 2019.``, or why not."""
    if not spec:
        return None
    sv = lang == "sv"
    name = spec["industries"][lang]
    if spec.get("lq") is None:
        return f"{name}: {specialisation_reason(spec, lang)}"
    measure = {"employment": {"sv": "av sysselsättningen", "en": "of employment"},
               "value_added": {"sv": "av förädlingsvärdet", "en": "of value added"}}.get(spec["measure"], {"sv": "", "en": ""})[lang]
    share = with_unit(number(spec['share'] * 100, 1, lang), f"% {measure}".strip(), lang)
    text = (f"{name}: {share} ({spec['period']}), {'lokaliseringskvot' if sv else 'location quotient'} "
            f"{number(spec['lq'], 2, lang)}")
    if spec.get("lq_base") is not None:
        text += f" ({spec['base_period']}: {number(spec['lq_base'], 2, lang)})."
        moved = spec["lq"] - spec["lq_base"]
        several = len(spec.get("sni") or []) > 1
        if abs(moved) >= 0.005:
            more = ("mer" if moved > 0 else "mindre") if sv else ("more" if moved > 0 else "less")
            text += (f" Länet har blivit {more} specialiserat i {'branscherna' if several else 'branschen'} sedan "
                     f"{spec['base_period']}." if sv else
                     f" The county has become {more} specialised in {'these industries' if several else 'the industry'} "
                     f"since {spec['base_period']}.")
        else:
            text += " Specialiseringen är oförändrad." if sv else " The specialisation is unchanged."
    else:
        text += "."
    return text


def shift_share_text(spec: dict[str, Any], lang: str) -> str | None:
    """``Antalet sysselsatta i hotell och restaurang ökade med 120 från 2019 till 2024. Av ökningen
    förklaras 80 av utvecklingen i hela riket, 30 av branschsammansättningen och 10 av länets egen
    utveckling.``"""
    s = spec.get("shift_share")
    if not s:
        return None
    sv = lang == "sv"
    name = spec["industries"][lang].lower() if sv else spec["industries"][lang][:1].lower() + spec["industries"][lang][1:]
    way = _direction_of(s["change"], 0)
    change = number(abs(s["change"]), 0, lang)
    # The parts of a fall are said as parts of the fall (they add up to it); a part that worked the
    # other way keeps its minus sign.
    national, mix, regional = (number(s[k] * (-1 if way < 0 else 1), 0, lang) for k in ("national", "industry_mix", "regional"))
    span = f"{'från' if sv else 'from'} {spec['base_period']} {'till' if sv else 'to'} {spec['period']}"
    value_added = spec["measure"] == "value_added"
    if sv:
        subject = f"Förädlingsvärdet i {name}" if value_added else f"Antalet sysselsatta i {name}"
        amount = f"{change} miljoner kronor" if value_added else change
        verb = {1: f"ökade med {amount}", -1: f"minskade med {amount}", 0: "var oförändrat"}[way]
        what = {1: "ökningen", -1: "minskningen", 0: "förändringen"}[way]
        text = (f"{subject} {verb} {span}. Av {what} förklaras {national} av utvecklingen i hela riket, {mix} av "
                f"branschsammansättningen och {regional} av länets egen utveckling.")
    else:
        subject = f"Value added in {name}" if value_added else f"Employment in {name}"
        amount = f"SEK {change} million" if value_added else change
        verb = {1: f"rose by {amount}", -1: f"fell by {amount}", 0: "was unchanged"}[way]
        what = {1: "rise", -1: "fall", 0: "change"}[way]
        text = (f"{subject} {verb} {span}. Of the {what}, {national} is explained by the development in all of Sweden, "
                f"{mix} by the industry mix and {regional} by the county's own development.")
    if spec.get("breaks"):
        years = ", ".join(spec["breaks"])
        text += (f" Observera seriebrott {years}: en del av förändringen kan bero på mätningen." if sv else
                 f" Note the series break in {years}: part of the change may come from the measurement.")
    return text
