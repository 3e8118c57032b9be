"""How the follow-up is said to its readers: the one vocabulary of statuses, flags and reasons,
the explanation of a status with its numbers, the strategy's statements beside their measures,
verdicts, and numbers and dates in the reader's language (sv: ``1 234,5``, ``27 nov. 2026 kl.
13.01``; en: ``1,234.5``, ``27 Nov 2026, 13:01``; times in Europe/Stockholm).

Council-facing text never names a dataset, a dimension code or a command; the operator's details
(which dataset, which dims) stay in the JSON ``reason`` and the logs.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

STATUS_WORDS = {
    "sv": {
        "target_achieved": "målet nått", "substantial": "god utveckling", "moderate": "måttlig utveckling",
        "limited": "begränsad utveckling", "deterioration": "försämring", "followed": "följs utan bedömning",
        "not_available": "kan inte bedömas",
    },
    "en": {
        "target_achieved": "target achieved", "substantial": "substantial progress", "moderate": "moderate progress",
        "limited": "limited progress", "deterioration": "deterioration", "followed": "followed, not judged",
        "not_available": "not available",
    },
}
STATUS_SHORT = {
    "sv": {"target_achieved": "målet nått", "substantial": "god", "moderate": "måttlig", "limited": "begränsad",
           "deterioration": "försämring"},
    "en": {"target_achieved": "target achieved", "substantial": "substantial", "moderate": "moderate",
           "limited": "limited", "deterioration": "deterioration"},
}
STATUS_SYMBOLS = {
    "target_achieved": "★", "substantial": "▲", "moderate": "↗", "limited": "→", "deterioration": "▼",
    "followed": "○", "not_available": "?",
}
RELATIVE_WORDS = {
    "sv": {"better": "bättre utveckling än riket", "in_step": "i takt med riket", "worse": "sämre utveckling än riket",
           "followed": "följs mot riket utan bedömning", "not_available": "kan inte jämföras med riket"},
    "en": {"better": "better than Sweden's development", "in_step": "in step with Sweden",
           "worse": "worse than Sweden's development", "followed": "followed against Sweden, not judged",
           "not_available": "cannot be compared with Sweden"},
}
RELATIVE_SYMBOLS = {"better": "▲", "in_step": "→", "worse": "▼", "followed": "○", "not_available": "?"}
FLAG_WORDS = {
    "sv": {"uncertain": "osäker", "volatile": "svängig serie", "stale": "inaktuell", "break": "seriebrott"},
    "en": {"uncertain": "uncertain", "volatile": "volatile series", "stale": "out of date", "break": "series break"},
}
REASONS = {
    "sv": {
        "no_observations": "Inga uppgifter har hämtats ännu; de kommer med nästa inläsning från källan.",
        "no_breakdown": "Uppgift för kvinnor och män saknas i källan.",
        "not_in_snapshot": "Uppgiften finns inte i den medföljande ögonblicksbilden; den hämtas från källan vid nästa inläsning.",
        "no_match": "Källan redovisar inte den här uppdelningen.",
        "no_common_period": "Delarna i beräkningen saknar gemensamma år.",
        "no_region_data": "Uppgift saknas för regionen.",
        "fewer_points": "Bara ett värde sedan basåret: utvecklingen kan inte bedömas än.",
        "base_is_latest": "Det senaste värdet är basvärdet: utvecklingen kan inte bedömas än.",
        "zero_base": "Basvärdet är 0, så ingen tillväxttakt kan beräknas.",
        "sign_change": "Värdet har bytt tecken sedan basåret, så ingen tillväxttakt kan beräknas.",
        "target_year": "Målåret ligger inte efter basåret.",
        "target_sign": "Målet och basvärdet har olika tecken.",
        "no_price_index": "Prisindex saknas för seriens år, så värdet kan inte räknas om till fasta priser.",
    },
    "en": {
        "no_observations": "No figures have been fetched yet; they come with the next load from the source.",
        "no_breakdown": "The source gives no figures for women and men.",
        "not_in_snapshot": "The figure is not in the bundled snapshot; it is fetched from the source at the next load.",
        "no_match": "The source does not publish this breakdown.",
        "no_common_period": "The parts of the calculation have no year in common.",
        "no_region_data": "No figures for the region.",
        "fewer_points": "Only one value since the base year: progress cannot be assessed yet.",
        "base_is_latest": "The latest value is the base value: progress cannot be assessed yet.",
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
        "no_figures": "Sysselsättning och förädlingsvärde per näringsgren saknas ännu; de kommer med nästa inläsning från SCB.",
        "straddles": "SCB redovisar {detail} tillsammans med näringsgrenar utanför gruppen, så gruppen kan inte skiljas ut.",
        "missing_divisions": "SCB redovisar inte SNI {detail} för sig i länen.",
        "no_base": "Inget år vid eller efter basåret att jämföra med.",
        "classification": "Näringsgrenarna är inte indelade likadant båda åren.",
    },
    "en": {
        "no_figures": "Employment and value added by industry are not here yet; they come with the next load from SCB.",
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


# -- numbers and dates ----------------------------------------------------------------------------


def number(value: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """``1 234,5`` in Swedish (narrow no-break space, decimal comma), ``1,234.5`` in English."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "sv" else text


def percent(value: float | None, lang: str = "sv", decimals: int = 1) -> str:
    """A fraction as per cent: 0.0123 -> ``1,2 %``."""
    return "–" if value is None else number(value * 100, decimals, lang) + (" %" if lang == "sv" else "%")


def signed_percent(value: float | None, lang: str = "sv", decimals: int = 1) -> str:
    """A change already in per cent, with its sign: ``+23,0 %``."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + number(value, decimals, lang) + (" %" if lang == "sv" else "%")


def growth_per_year(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = ("+" if value > 0 else "") + percent(value, lang)
    return f"{text} per år" if lang == "sv" else f"{text} a year"


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
    """An ISO timestamp (UTC or with offset) in Swedish time: ``27 november 2026 kl. 13.01``."""
    if not value:
        return "–"
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return format_date(value, lang)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(STOCKHOLM)
    day = format_date(local.date(), lang)
    return f"{day} kl. {local:%H.%M}" if lang == "sv" else f"{day}, {local:%H:%M}"


# -- statuses ---------------------------------------------------------------------------------------


def status_word(status: str, lang: str) -> str:
    return STATUS_WORDS[lang][status]


def flag_words(flags: list[str], lang: str) -> list[str]:
    return [FLAG_WORDS[lang][f] for f in flags if f in FLAG_WORDS[lang]]


def span_text(base: dict[str, Any], end: str | None, lang: str) -> str:
    """``från 2019 till 2024``, or ``från 2018–2019 (medelvärde) till 2024`` when the base is a mean."""
    sv = lang == "sv"
    start = base.get("period") or "–"
    if len(base.get("periods") or []) > 1 or "–" in start:
        start += " (medelvärde)" if sv else " (mean)"
    return f"{'från' if sv else 'from'} {start} {'till' if sv else 'to'} {end or '–'}"


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
        prices = (f"I fasta priser ({ind.get('price_year')} års priser, omräknat med konsumentprisindex)"
                  if sv else f"In fixed prices ({ind.get('price_year')} prices, deflated by the consumer price index)")
        nominal = ind.get("nominal_growth")
        parts.append(f"{prices} {'förändrades värdet' if sv else 'the value changed'} {growth_per_year(growth, lang)} "
                     f"{span}" + (f" ({'löpande priser' if sv else 'current prices'}: {growth_per_year(nominal, lang)})"
                                  if nominal is not None else "") + ".")
        latest = (ind.get("latest") or {}).get("period")
        if latest and end.get("period") and latest != end.get("period"):
            parts.append(f"Prisindex finns till {end['period']}, så bedömningen slutar där." if sv else
                         f"The price index runs to {end['period']}, so the assessment ends there.")
    elif growth is not None:
        parts.append(f"{'Värdet förändrades' if sv else 'The value changed'} {growth_per_year(growth, lang)} {span}"
                     + (f" ({number(base.get('value'), decimals, lang)} → {number(end.get('value'), decimals, lang)})."
                        if base.get("value") is not None else "."))
    if status == "followed":
        parts.append("Strategin anger inte vilken riktning som är bättre, så utvecklingen följs utan bedömning."
                     if sv else "The strategy does not say which way is better, so the development is followed, not judged.")
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
    elif ind.get("thresholds"):
        t = ind["thresholds"]
        limits = " / ".join(percent(t[k], lang) for k in ("high", "medium", "low") if k in t)
        parts.append(f"Utan mål i strategin jämförs tillväxten i önskad riktning med gränserna {limits} per år."
                     if sv else f"With no target in the strategy, growth in the desired direction is held against "
                                f"limits of {limits} a year.")
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
            others = "; ".join(f"{'med basen' if sv else 'with the base'} {a['base']}: {status_word(a['status'], lang)}"
                               for a in note)
            out.append(f"Osäker: statusen ändras med ett basår ett eller två år bort ({others})." if sv else
                       f"Uncertain: the status changes with a base year one or two years away ({others}).")
        elif flag == "break" and note:
            where = ", ".join(f"{b['period']}" + (f" ({b['note'][lang]})" if b.get("note") else "") for b in note)
            out.append(f"Seriebrott {where}: utvecklingen över brottet jämför inte lika med lika." if sv else
                       f"Series break {where}: growth across the break does not compare like with like.")
        elif flag == "volatile" and note:
            change = percent(note["largest_annual_change"], lang, 0)
            out.append(f"Svängig serie: upp till {change} förändring på ett år, så statusen beror mycket på vilka år som jämförs."
                       if sv else f"Volatile series: up to {change} change in one year, so the status depends much on "
                                  f"the years compared.")
        elif flag == "stale" and note:
            out.append(f"Inaktuell: det senaste värdet är från {note['latest_year']}, mer än {note['lag_years']} år "
                       f"gammalt, och räknas inte som aktuell utveckling." if sv else
                       f"Out of date: the latest value is from {note['latest_year']}, more than {note['lag_years']} "
                       f"years old, and is not counted as current progress.")
    return out


def relative_text(ind: dict[str, Any], lang: str) -> str | None:
    """The region's value as % of Sweden's, then and now, and the judgement of that trend."""
    rel = ind.get("relative")
    if not rel or rel.get("status") == "not_available" or rel.get("base_value") is None:
        return None
    sv = lang == "sv"
    then, now = number(rel["base_value"], 0, lang), number(rel["current_value"], 0, lang)
    word = RELATIVE_WORDS[lang][rel["status"]]
    return (f"Jämfört med riket: {then} % av rikets värde {rel['base_period']}, {now} % {rel['current_period']}: {word}."
            if sv else f"Against Sweden: {then}% of Sweden's value in {rel['base_period']}, {now}% in "
                       f"{rel['current_period']}: {word}.")


def verdict_text(v: dict[str, Any], lang: str) -> str:
    """``4 av 12 bedömda: 2 god, 1 måttlig, 1 försämring; 3 inaktuella; 5 utan data``."""
    sv = lang == "sv"
    judged = ", ".join(f"{n} {STATUS_SHORT[lang][s]}" for s, n in v["by_status"].items() if n)
    text = (f"{v['assessed']} av {v['total']} bedömda" if sv else f"{v['assessed']} of {v['total']} assessed")
    if judged:
        text += f": {judged}"
    if v.get("uncertain"):
        text += f" ({v['uncertain']} {'osäker' if v['uncertain'] == 1 else 'osäkra'})" if sv else \
            f" ({v['uncertain']} uncertain)"
    extras = []
    for key, sv_word, en_word in (("stale", "inaktuella", "out of date"), ("followed", "följs utan bedömning",
                                  "followed, not judged"), ("not_assessable", "kan inte bedömas", "cannot be assessed"),
                                  ("no_data", "utan data", "without data")):
        if v.get(key):
            word = sv_word if sv else en_word
            if sv and key == "stale" and v[key] == 1:
                word = "inaktuell"
            extras.append(f"{v[key]} {word}")
    return "; ".join([text, *extras])


# -- statements -------------------------------------------------------------------------------------


def statement_text(statement: dict[str, Any], unit: dict[str, str] | None, decimals: int, lang: str) -> dict[str, str]:
    """The strategy's figure beside its measure: ``{"strategy": "Strategin: 42 % (utan årtal)",
    "now": "Nu: 44,9 % (2024)", "differs": ..., "unmeasured": ...}``."""
    sv = lang == "sv"
    out: dict[str, str] = {}
    figure = statement.get("figure")
    if figure and figure.get("value") is not None:
        when = figure.get("period") or ("utan årtal" if sv else "no year given")
        value = number(figure["value"], 0 if float(figure["value"]).is_integer() else 1, lang)
        said = (figure.get("text") or {}).get(lang)
        said = said.format(value=value) if said else f"{value} {figure['unit_label'][lang]}"
        out["strategy"] = f"{'Strategin' if sv else 'The strategy'}: {said} ({when})"
    elif statement.get("claim"):
        out["strategy"] = f"{'Strategin' if sv else 'The strategy'}: {statement['claim'][lang]} ({'utan årtal' if sv else 'no year given'})"
    now = statement.get("now")
    label = "Nu" if sv else "Now"
    if statement.get("unmeasured"):
        out["unmeasured"] = statement["unmeasured"][lang]
    elif now is None:
        out["now"] = f"{label}: {'inga data ännu' if sv else 'no data yet'}"
    elif statement.get("compare") == "change_since":
        if now.get("change_pct") is None:
            out["now"] = (f"{label}: {'inget värde för' if sv else 'no value for'} {statement['since']}")
        else:
            text = f"{label}: {signed_percent(now['change_pct'], lang, 0)} {now['base_period']}–{now['period']}"
            if now.get("real_change_pct") is not None:
                text += (f" ({'i fasta priser' if sv else 'in fixed prices'} {signed_percent(now['real_change_pct'], lang, 0)})")
            out["now"] = text
    else:
        unit_text = f" {unit[lang]}" if unit else ""
        text = f"{label}: {number(now['value'], decimals, lang)}{unit_text} ({now['period']})"
        if now.get("at_figure_year") is not None and figure and figure.get("period"):
            text += f"; {figure['period']}: {number(now['at_figure_year'], decimals, lang)}"
        if statement.get("compare") == "rank" and now.get("rank"):
            text += (f", {'rang' if sv else 'rank'} {now['rank']} {'av' if sv else 'of'} {now['rank_of']} "
                     f"({now['rank_period']})")
            if now.get("sweden") is not None:
                text += f"; {'riket' if sv else 'Sweden'} {number(now['sweden'], decimals, lang)}{unit_text}"
        out["now"] = text
    if statement.get("differs"):
        out["differs"] = statement["differs"][lang]
    return out


def rank_text(ind: dict[str, Any], lang: str) -> str:
    """``rang 4 av 21 (2021)``: the rank always with its year."""
    if not ind.get("rank"):
        return ""
    return (f"rang {ind['rank']} av {ind['rank_of']} ({ind['rank_period']})" if lang == "sv"
            else f"rank {ind['rank']} of {ind['rank_of']} ({ind['rank_period']})")


def specialisation_reason(spec: dict[str, Any], lang: str) -> str:
    template = SPECIALISATION_REASONS[lang].get(spec.get("reason_code") or "no_figures",
                                                SPECIALISATION_REASONS[lang]["no_figures"])
    return template.format(detail=", ".join(spec.get("reason_detail") or []))


def specialisation_text(spec: dict[str, Any] | None, lang: str) -> str | None:
    """``Hotell och restaurang: 3,1 % av sysselsättningen (2024), LQ 1,12 (2019: 1,05)``, or why not."""
    if not spec:
        return None
    name = spec["industries"][lang]
    if spec.get("lq") is None:
        return f"{name}: {specialisation_reason(spec, lang)}"
    measure = {"employment": {"sv": "av sysselsättningen", "en": "of employment"},
               "value_added": {"sv": "av förädlingsvärdet", "en": "of value added"}}.get(spec["measure"], {"sv": "", "en": ""})[lang]
    text = f"{name}: {number(spec['share'] * 100, 1, lang)} % {measure} ({spec['period']}), LQ {number(spec['lq'], 2, lang)}"
    if spec.get("lq_base") is not None:
        text += f" ({spec['base_period']}: {number(spec['lq_base'], 2, lang)})"
        moved = spec["lq"] - spec["lq_base"]
        if abs(moved) >= 0.005:
            text += (f": länet har specialiserat sig {'mer' if moved > 0 else 'mindre'} i branscherna sedan {spec['base_period']}"
                     if lang == "sv" else
                     f": the county has become {'more' if moved > 0 else 'less'} specialised in them since {spec['base_period']}")
        else:
            text += ": oförändrad specialisering" if lang == "sv" else ": unchanged specialisation"
    return text


def shift_share_text(spec: dict[str, Any], lang: str) -> str | None:
    """``Av de +120 jobben i hotell och restaurang från 2019 till 2024 kom 80 med rikets tillväxt, ...``."""
    s = spec.get("shift_share")
    if not s:
        return None
    nouns = {"employment": {"sv": "jobben", "en": "jobs"},
             "value_added": {"sv": "miljonerna kronor i förädlingsvärde", "en": "million SEK of value added"}}
    noun = nouns.get(spec["measure"], nouns["employment"])[lang]
    change = ("+" if s["change"] > 0 else "") + number(s["change"], 0, lang)
    name = spec["industries"][lang].lower() if lang == "sv" else spec["industries"][lang]
    if lang == "sv":
        text = (f"Av de {change} {noun} i {name} från {spec['base_period']} till {spec['period']} kom "
                f"{number(s['national'], 0, lang)} med rikets tillväxt, {number(s['industry_mix'], 0, lang)} med "
                f"branschsammansättningen och {number(s['regional'], 0, lang)} var länets egna.")
    else:
        text = (f"Of the {change} {noun} in {name} from {spec['base_period']} to {spec['period']}, "
                f"{number(s['national'], 0, lang)} came with Sweden's growth, {number(s['industry_mix'], 0, lang)} with "
                f"the industry mix and {number(s['regional'], 0, lang)} were the county's own.")
    if spec.get("breaks"):
        years = ", ".join(spec["breaks"])
        text += (f" Observera seriebrott {years}: en del av förändringen kan bero på mätningen." if lang == "sv" else
                 f" Note the series break in {years}: part of the change may come from the measurement.")
    return text
