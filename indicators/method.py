"""The method, written down: how progress is assessed, in Swedish and English, with the numbers
of the configured settings and a worked example from the store. The dashboard's methods page and
every report's appendix say exactly this."""

from __future__ import annotations

from typing import Any

from indicators.model import AssessmentSettings
from indicators.progress import cagr, period_time
from indicators.wording import growth_per_year, limit_percent, number, percent, status_word, thresholds_rule


def method_sections(settings: AssessmentSettings, lang: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the method, with the configured thresholds, bases and bounds."""
    sv = lang == "sv"
    t = settings.thresholds
    rule = thresholds_rule(t, lang)
    low = limit_percent(t["low"], lang)
    rel = settings.relative_thresholds
    odd = ", ".join(f"{year} ({label.sv if sv else label.en})" for year, label in sorted(settings.exceptional_years.items()))
    deflator = (settings.deflator.label.sv if sv else settings.deflator.label.en) if settings.deflator else None
    if sv:
        return [
            ("Tillväxttakt och status", [
                "Utvecklingen mäts som den genomsnittliga förändringen i procent per år, från basen till det senaste "
                "värdet. Det är samma sak som en årlig ränta: den takt som, år för år, leder från basvärdet till det "
                "senaste värdet. (Formel: (senaste ÷ bas)^(1 ÷ antal år) − 1, på engelska CAGR.) Samma metod används "
                "av Statistics Canada, Open SDG och Eurostat i uppföljningen av hållbarhetsmålen.",
                f"Har strategin inget mål jämförs förändringen i önskad riktning med fasta gränser: {rule}. Under {low} "
                "per år är det försämring.",
                "Har strategin (eller ett citerat beslut) ett mål jämförs tillväxten med den som krävs för att nå målet "
                "i tid: minst 95 % av den är god utveckling, minst 60 % måttlig, över noll begränsad och under noll "
                "försämring. Ett mål som redan nåtts visas som målet nått.",
                "Riktning och mål finns bara där strategin anger dem, och deras källa står bredvid. Anger strategin "
                "ingen riktning följs indikatorn utan bedömning.",
                "För en indikator som mäts i procent (en andel eller en grad) visas förändringen sedan basåret i "
                "procentenheter: går en andel till exempel från 30,0 % till 33,0 % är det +3,0 procentenheter, inte +10,0 %.",
            ]),
            ("Fasta priser", [
                (f"Belopp i löpande priser räknas om till fasta priser med {deflator} innan utvecklingen bedöms, så att "
                 "inflationen inte räknas som tillväxt. Både den reala och den nominella tillväxten redovisas, och "
                 "bedömningen gäller fram till det senaste år som prisindex finns för. Där källan själv redovisar fasta "
                 "priser eller volymer används de.") if deflator else
                "Inget prisindex är konfigurerat: belopp bedöms i löpande priser.",
            ]),
            ("Basen", [
                ("Basen är medelvärdet av de tre åren runt strategins basår (de av dem serien har)."
                 if settings.base == "mean3" else "Basen är värdet för strategins basår.")
                + " Saknas de åren används det första året efter basåret.",
                (f"Ett exceptionellt år – {odd} – används aldrig som bas eller i basens medelvärde när serien har ett "
                 "annat år högst två år därifrån.") if odd else "Inga år är markerade som exceptionella.",
                "Statusen räknas också om med ett basår som ligger ett eller två år tidigare eller senare. Blir statusen "
                "då en annan, markeras bedömningen som osäker, och det framgår vilket basår som ger vilken status.",
            ]),
            ("Seriebrott, stora svängningar och inaktuella värden", [
                "Ett seriebrott uppstår när statistiken läggs om, till exempel när SCB:s nya sysselsättningsstatistik "
                "(BAS) ersatte den tidigare (RAMS) 2020. Kända seriebrott är inlagda i uppföljningen, och källornas "
                "egna markeringar av seriebrott används också. Om utvecklingen räknas över ett seriebrott markeras det, "
                "och diagrammet visar var brottet ligger.",
                f"En serie vars förändring från ett år till nästa någon gång är större än {percent(settings.volatility_bound, lang, 0)} "
                "(där serien har luckor räknas förändringen om till ett genomsnitt per år) markeras som en serie med "
                "stora svängningar: statusen beror då mycket på vilka år som jämförs.",
                f"Ett senaste värde som är äldre än källans normala eftersläpning ({settings.stale_after_years} år om "
                "ingen eftersläpning har angetts för källan) markeras som inaktuellt, med sitt årtal, och räknas inte "
                "som aktuell utveckling i den samlade bedömningen.",
            ]),
            ("Jämfört med riket och de andra länen", [
                f"Placering, kvartil och andel av riket gäller samma år som värdet som visas. Har färre än "
                f"{settings.min_counties_for_rank} län ett värde det året gäller placeringen det senaste år då "
                "tillräckligt många har det, och året står då bredvid.",
                "Utöver den egna utvecklingen bedöms också hur länets värde i procent av rikets utvecklas. Ändras den "
                f"kvoten med mer än {percent(rel['better'], lang)} per år i önskad riktning är utvecklingen bättre än "
                f"rikets. Ändras den med mer än {percent(-rel['worse'], lang)} per år i motsatt riktning är den sämre, "
                "och annars i takt med riket. (Det är den relativa förändringen av kvoten, inte procentenheter.)",
            ]),
            ("Samlad bedömning", [
                "Den samlade bedömningen per område och för strategin räknar statusarna: hur många indikatorer som "
                "bedöms och hur, hur många som har inaktuella värden, följs utan bedömning, inte kan bedömas eller "
                "saknar värden.",
            ]),
        ]
    return [
        ("Growth and status", [
            "Progress is measured as the average change in per cent a year, from the base to the latest value. It "
            "works like an annual interest rate: the rate that, year by year, leads from the base value to the latest "
            "value. (Formula: (latest ÷ base)^(1 ÷ number of years) − 1, the compound annual growth rate or CAGR.) "
            "Statistics Canada, Open SDG and Eurostat use the same method to monitor the sustainable development goals.",
            f"Where the strategy sets no target, the change in the desired direction is compared with fixed thresholds: "
            f"{rule}. Below {low} a year is deterioration.",
            "Where the strategy (or a cited decision) sets a target, growth is compared with the growth needed to reach "
            "it in time: at least 95% of it is substantial progress, at least 60% moderate, above zero limited and "
            "below zero deterioration. A target already reached shows as target achieved.",
            "Directions and targets exist only where the strategy gives them, and their source is shown beside them. "
            "Where the strategy gives no direction the indicator is monitored, not assessed.",
            "For an indicator measured in per cent (a share or a rate), the change since the base year is shown in "
            "percentage points: a share that goes from 30.0% to 33.0%, for example, changes by +3.0 percentage points, not +10.0%.",
        ]),
        ("Fixed prices", [
            (f"Amounts in current prices are put in fixed prices with {deflator} before progress is assessed, so that "
             "inflation does not count as growth. Both the real and the nominal growth are shown, and the assessment "
             "covers the years up to the latest one the price index covers. Where the source itself publishes fixed "
             "prices or volumes, those are used.") if deflator else
            "No price index is configured: amounts are assessed in current prices.",
        ]),
        ("The base", [
            ("The base is the mean of the three years around the strategy's base year (those the series has)."
             if settings.base == "mean3" else "The base is the value of the strategy's base year.")
            + " Where the series has none of them, the first year after the base year is used.",
            (f"An exceptional year – {odd} – is never the base, nor in its mean, where the series has another year "
             "within two years of it.") if odd else "No year is marked exceptional.",
            "The status is also computed with a base year one or two years earlier or later. Where the status then "
            "differs, the assessment is marked uncertain, and it is shown which base year gives which status.",
        ]),
        ("Series breaks, volatile series and out-of-date values", [
            "A series break occurs when statistics are redesigned, for example when SCB's new employment statistics "
            "(BAS) replaced the earlier ones (RAMS) in 2020. Known series breaks are entered in the follow-up, and the "
            "sources' own break markers are used too. Progress measured across a break is marked, and the chart shows "
            "where the break lies.",
            f"A series whose change from one year to the next is ever larger than {percent(settings.volatility_bound, lang, 0)} "
            "(where the series has gaps, the change is turned into an average a year) is marked volatile: its status "
            "then depends a great deal on which years are compared.",
            f"A latest value older than the source's usual publication lag ({settings.stale_after_years} years where "
            "none is given for the source) is marked out of date, with its year, and is not counted as current "
            "progress in the overall assessment.",
        ]),
        ("Compared with Sweden and the other counties", [
            "Rank, quartile and share of Sweden's value are for the year of the value shown. Where fewer than "
            f"{settings.min_counties_for_rank} counties have a value that year, the rank is for the latest year in "
            "which enough of them do, and that year is shown beside it.",
            "Beside its own progress, the trend of the county's value as a percentage of Sweden's is assessed. Where "
            f"that ratio changes by more than {percent(rel['better'], lang)} a year in the desired direction, progress "
            f"is better than Sweden's; where it changes by more than {percent(-rel['worse'], lang)} a year the other "
            "way, it is worse, and otherwise in step with Sweden. (This is the relative change of the ratio, not "
            "percentage points.)",
        ]),
        ("The overall assessment", [
            "The overall assessment per area and for the strategy counts the statuses: how many indicators are "
            "assessed and how, and how many have out-of-date values, are monitored without a direction, cannot be "
            "assessed or have no values yet.",
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
    if limits and {"high", "medium", "low"} <= set(limits):
        direction = 1 if ind["direction"] == "increase" else -1
        rule = thresholds_rule(limits, lang)
        steps.append(
            (f"I önskad riktning ({'ökning' if direction == 1 else 'minskning'}) är det {percent(direction * growth, lang)} "
             f"per år. Eftersom {rule}, blir statusen {status_word(ind['status'], lang)}.") if sv else
            (f"In the desired direction ({'increase' if direction == 1 else 'decrease'}) that is "
             f"{percent(direction * growth, lang)} a year. Since {rule}, the status is {status_word(ind['status'], lang)}."))
    return steps


def example_indicator(follow_up: dict[str, Any]) -> dict[str, Any] | None:
    """The first judged indicator of a follow-up that is current and certain (else the first judged)."""
    judged = [i for a in follow_up["areas"] for i in a["indicators"]
              if i["status"] not in ("not_available", "followed") and not i.get("target") and i.get("base")]
    clean = [i for i in judged if not i["flags"]]
    return (clean or judged or [None])[0]
