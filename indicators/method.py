"""The method, written down: how progress is assessed, in Swedish and English, with the numbers
of the configured settings and a worked example from the store. The dashboard's methods page and
every report's appendix say exactly this."""

from __future__ import annotations

from typing import Any

from indicators.model import AssessmentSettings
from indicators.progress import cagr, period_time
from indicators.wording import growth_per_year, number, percent, status_word


def method_sections(settings: AssessmentSettings, lang: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the method, with the configured thresholds, bases and bounds."""
    sv = lang == "sv"
    t = settings.thresholds
    limits = " / ".join(percent(t[k], lang) for k in ("high", "medium", "low"))
    rel = settings.relative_thresholds
    odd = ", ".join(f"{year} ({label.sv if sv else label.en})" for year, label in sorted(settings.exceptional_years.items()))
    deflator = (settings.deflator.label.sv if sv else settings.deflator.label.en) if settings.deflator else None
    if sv:
        return [
            ("Tillväxttakt och status", [
                "Utvecklingen mäts som den genomsnittliga årliga tillväxten (CAGR) från basen till det senaste värdet: "
                "(senaste ÷ bas)^(1 ÷ antal år) − 1. Metoden är Statistics Canadas och Open SDG:s, som också Eurostats "
                "uppföljning av hållbarhetsmålen bygger på.",
                f"Har strategin inget mål jämförs tillväxten i önskad riktning med gränserna {limits} per år: över den "
                "första är det god utveckling, över den andra måttlig, över noll begränsad och under noll försämring.",
                "Har strategin (eller ett citerat beslut) ett mål jämförs tillväxten med den som krävs för att nå målet "
                "i tid: minst 95 % av den är god utveckling, minst 60 % måttlig, över noll begränsad och under noll "
                "försämring. Ett mål som redan nåtts visas som målet nått.",
                "Riktning och mål finns bara där strategin anger dem, och deras källa står bredvid. Anger strategin "
                "ingen riktning följs indikatorn utan bedömning.",
            ]),
            ("Fasta priser", [
                (f"Belopp i löpande priser räknas om till fasta priser med {deflator} innan utvecklingen bedöms, så att "
                 "inflationen inte räknas som tillväxt. Sidan visar både den reala och den nominella tillväxten, och "
                 "bedömningen slutar det senaste år som prisindex finns för. Där källan själv redovisar fasta priser "
                 "eller volymer används de.") if deflator else
                "Inget prisindex är konfigurerat: belopp bedöms i löpande priser.",
            ]),
            ("Basen", [
                ("Basen är medelvärdet av de tre åren runt strategins basår (de av dem serien har)."
                 if settings.base == "mean3" else "Basen är värdet för strategins basår.")
                + " Saknas de åren används det första året efter basåret.",
                (f"Ett exceptionellt år – {odd} – används aldrig som bas eller i basens medelvärde när serien har ett "
                 "annat år högst två år därifrån.") if odd else "Inga år är markerade som exceptionella.",
                "Statusen räknas också om med basåret ett och två år tidigare och senare. Blir den en annan klass med "
                "någon av dem markeras den som osäker, och sidan visar vilken bas som ger vad.",
            ]),
            ("Seriebrott, svängiga serier och inaktuella värden", [
                "Seriebrott, som när SCB:s BAS ersatte RAMS 2020, står som data i konfigurationen; även källornas egna "
                "brottmarkeringar räknas. En utveckling som går över ett brott markeras, och diagrammet visar var det "
                "ligger.",
                f"En serie vars förändring från ett år till nästa någon gång är större än {percent(settings.volatility_bound, lang, 0)} "
                "(räknat per år över luckor) markeras som svängig: statusen beror då mycket på vilka år som jämförs.",
                f"Ett senaste värde som är äldre än den publiceringsfördröjning källan normalt har (annars "
                f"{settings.stale_after_years} år) markeras som inaktuellt med sitt år och räknas inte som aktuell "
                "utveckling i den samlade bedömningen.",
            ]),
            ("Jämfört med riket och de andra länen", [
                f"Rang, kvartil och andel av riket gäller samma år som värdet som visas. Har färre än "
                f"{settings.min_counties_for_rank} län ett värde det året gäller rangen det senaste år då tillräckligt "
                "många har det, och året står då bredvid.",
                "Utöver den egna utvecklingen bedöms också hur länets värde i procent av rikets utvecklas: ändras den "
                f"andelen mer än {percent(rel['better'], lang)} per år i önskad riktning är det bättre utveckling än riket, "
                f"minskar den mer än {percent(-rel['worse'], lang)} per år sämre, annars i takt med riket.",
            ]),
            ("Samlad bedömning", [
                "Den samlade bedömningen per område och för strategin räknar statusarna: hur många indikatorer som "
                "bedöms och hur, hur många som är inaktuella, följs utan bedömning, inte kan bedömas eller saknar data.",
            ]),
        ]
    return [
        ("Growth and status", [
            "Progress is the compound annual growth rate (CAGR) from the base to the latest value: "
            "(latest ÷ base)^(1 ÷ years) − 1. The method is Statistics Canada's and Open SDG's, which Eurostat's "
            "monitoring of the sustainable development goals also follows.",
            f"Where the strategy sets no target, growth in the desired direction is held against limits of {limits} a "
            "year: above the first is substantial progress, above the second moderate, above zero limited and below "
            "zero deterioration.",
            "Where the strategy (or a cited decision) sets a target, growth is held against the growth needed to reach "
            "it in time: at least 95 % of it is substantial progress, at least 60 % moderate, above zero limited and "
            "below zero deterioration. A target already reached shows as target achieved.",
            "Directions and targets exist only where the strategy gives them, and their source is shown beside them. "
            "Where the strategy gives no direction the indicator is followed, not judged.",
        ]),
        ("Fixed prices", [
            (f"Amounts in current prices are put in fixed prices with {deflator} before progress is assessed, so that "
             "inflation does not count as growth. The page shows both the real and the nominal growth, and the "
             "assessment ends in the latest year the price index covers. Where the source itself publishes fixed "
             "prices or volumes, those are used.") if deflator else
            "No price index is configured: amounts are assessed in current prices.",
        ]),
        ("The base", [
            ("The base is the mean of the three years around the strategy's base year (those the series has)."
             if settings.base == "mean3" else "The base is the value of the strategy's base year.")
            + " Where the series has none of them, the first year after the base year is used.",
            (f"An exceptional year – {odd} – is never the base, nor in its mean, where the series has another year "
             "within two years of it.") if odd else "No year is marked exceptional.",
            "The status is also computed with the base year one and two years earlier and later. Where any of them "
            "gives another class it is marked uncertain, and the page shows which base gives what.",
        ]),
        ("Series breaks, volatile series and out-of-date values", [
            "Series breaks, such as SCB's BAS replacing RAMS in 2020, are data in the configuration; the sources' own "
            "break flags count too. Progress across a break is marked, and the chart shows where it lies.",
            f"A series whose change from one year to the next is ever larger than {percent(settings.volatility_bound, lang, 0)} "
            "(per year over gaps) is marked volatile: its status then depends much on the years compared.",
            f"A latest value older than the source's usual publication lag (else {settings.stale_after_years} years) is "
            "marked out of date with its year and is not counted as current progress in the overall verdict.",
        ]),
        ("Against Sweden and the other counties", [
            "Rank, quartile and % of Sweden are for the year of the value shown. Where fewer than "
            f"{settings.min_counties_for_rank} counties have a value that year, the rank is for the latest year in "
            "which enough of them do, and that year is shown beside it.",
            "Beside its own progress, the trend of the county's value as a percentage of Sweden's is assessed: a "
            f"change of more than {percent(rel['better'], lang)} a year in the desired direction is better than Sweden's "
            f"development, a fall of more than {percent(-rel['worse'], lang)} a year worse, and in between in step with Sweden.",
        ]),
        ("The overall verdict", [
            "The verdict per area and for the strategy counts the statuses: how many indicators are assessed and "
            "how, how many are out of date, followed without a direction, cannot be assessed or have no data.",
        ]),
    ]


def worked_example(ind: dict[str, Any], region: str, lang: str) -> list[str] | None:
    """The numbers of one judged indicator (of ``follow_up``), step by step, so a reader can redo them."""
    if ind["status"] in ("not_available", "followed") or ind.get("target") or not ind.get("base") or not ind.get("assessed"):
        return None
    sv = lang == "sv"
    base, end = ind["base"], ind["assessed"]
    periods = base.get("periods") or [base["period"]]
    t0 = sum(period_time(p) for p in periods) / len(periods)
    t1 = period_time(end["period"])
    growth = cagr(base["value"], end["value"], t0, t1)
    d = ind["decimals"]
    years = number(t1 - t0, 1, lang)
    limits = ind.get("thresholds") or {}
    steps = [
        (f"{ind['label']['sv']}, {region}: basen är {number(base['value'], d, lang)} "
         + (f"(medelvärdet av {', '.join(periods)}, i {ind['price_year']} års priser)" if len(periods) > 1 and ind.get("prices") == "deflated"
            else f"(medelvärdet av {', '.join(periods)})" if len(periods) > 1
            else f"({base['period']}, i {ind['price_year']} års priser)" if ind.get("prices") == "deflated" else f"({base['period']})")
         + f" och det senaste bedömda värdet {number(end['value'], d, lang)} ({end['period']}).") if sv else
        (f"{ind['label']['en']}, {region}: the base is {number(base['value'], d, lang)} "
         + (f"(the mean of {', '.join(periods)}, in {ind['price_year']} prices)" if len(periods) > 1 and ind.get("prices") == "deflated"
            else f"(the mean of {', '.join(periods)})" if len(periods) > 1
            else f"({base['period']}, in {ind['price_year']} prices)" if ind.get("prices") == "deflated" else f"({base['period']})")
         + f" and the latest assessed value {number(end['value'], d, lang)} ({end['period']})."),
        (f"Tillväxten är ({number(end['value'], d, lang)} ÷ {number(base['value'], d, lang)})^(1 ÷ {years}) − 1 = "
         f"{growth_per_year(growth, lang)}." if sv else
         f"Growth is ({number(end['value'], d, lang)} ÷ {number(base['value'], d, lang)})^(1 ÷ {years}) − 1 = "
         f"{growth_per_year(growth, lang)}."),
    ]
    if limits:
        direction = 1 if ind["direction"] == "increase" else -1
        steps.append(
            (f"I önskad riktning ({'ökning' if direction == 1 else 'minskning'}) är det {percent(direction * growth, lang)} "
             f"per år, mot gränserna {' / '.join(percent(limits[k], lang) for k in ('high', 'medium', 'low'))}: "
             f"{status_word(ind['status'], lang)}.") if sv else
            (f"In the desired direction ({'increase' if direction == 1 else 'decrease'}) that is "
             f"{percent(direction * growth, lang)} a year, against limits of "
             f"{' / '.join(percent(limits[k], lang) for k in ('high', 'medium', 'low'))}: {status_word(ind['status'], lang)}."))
    return steps


def example_indicator(follow_up: dict[str, Any]) -> dict[str, Any] | None:
    """The first judged indicator of a follow-up that is current and certain (else the first judged)."""
    judged = [i for a in follow_up["areas"] for i in a["indicators"]
              if i["status"] not in ("not_available", "followed") and not i.get("target") and i.get("base")]
    clean = [i for i in judged if not i["flags"]]
    return (clean or judged or [None])[0]
