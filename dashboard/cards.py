"""How one indicator, statement, verdict or specialisation is shown on a page: the pieces the
overview, the indicator page and the structure page share, built from ``follow_up``'s shape and
worded by ``indicators.wording`` (so a page and a report say the same)."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.i18n import number, t
from indicators.wording import (
    FLAG_WORDS,
    RELATIVE_SYMBOLS,
    RELATIVE_WORDS,
    STATUS_SYMBOLS,
    change_sentence,
    flag_words,
    format_date,
    quoted,
    rank_text,
    share_of_sweden,
    statement_text,
    status_word,
    until_then,
    verdict_text,
    with_unit,
)

FLAG_CLASSES = {"stale": "flag-stale", "uncertain": "flag-uncertain", "volatile": "flag-volatile", "break": "flag-break"}


def status_badge(status: str, lang: str, flags: list[str] | None = None, latest: str | None = None) -> html.Span:
    """Status as symbol and word, coloured as a third cue (never colour alone), with its flags
    (osäker, seriebrott, ...) as words beside it. An out-of-date value is not current progress: its
    badge says "inaktuellt värde" with the year, and the status up to then follows in words."""
    flags = flags or []
    if "stale" in flags:
        word = FLAG_WORDS[lang]["stale"] + (f" ({latest[:4]})" if latest else "")
        badge = html.Span([html.Span("‖", **{"aria-hidden": "true"}), word], className="status status-stale")
        extras = [html.Span(until_then(status, lang), className="small text-muted")] if status != "not_available" else []
        flags = [f for f in flags if f != "stale"]
    else:
        badge = html.Span([html.Span(STATUS_SYMBOLS[status], **{"aria-hidden": "true"}), status_word(status, lang)],
                          className=f"status status-{status}")
        extras = []
    extras += [html.Span(FLAG_WORDS[lang][f], className=f"flag {FLAG_CLASSES[f]}") for f in flags
               if f in FLAG_WORDS[lang]]
    return html.Span([badge, *extras], className="status-line")


def relative_badge(relative: dict[str, Any] | None, lang: str) -> html.Span | None:
    """The development against Sweden's as symbol and words (``▲ bättre utveckling än riket``): the
    words say "riket" themselves, so no label before them."""
    if not relative or relative.get("status") in (None, "not_available"):
        return None
    status = relative["status"]
    return html.Span([html.Span(RELATIVE_SYMBOLS[status], **{"aria-hidden": "true"}), RELATIVE_WORDS[lang][status]],
                     className=f"relative relative-{status}")


def value_text(ind: dict[str, Any], lang: str, empty: str | None = None) -> str:
    latest = ind["latest"]
    if not latest:
        return empty or t("no_data", lang)
    return f"{with_unit(number(latest['value'], ind['decimals'], lang), ind['unit'][lang], lang)} ({latest['period']})"


def sweden_text(ind: dict[str, Any], lang: str) -> str:
    """``123 % av rikets värde``, ``2,4 % av rikets värde`` (one decimal below 10 %)."""
    return f"{share_of_sweden(ind['sweden']['pct'], lang)} {t('of_sweden', lang)}"


def facts_line(ind: dict[str, Any], lang: str) -> str:
    """Change since the base (in percentage points for an indicator in per cent), rank with its
    year, and % of Sweden with its year."""
    parts = [change_sentence(ind, lang) or ""]
    if ind.get("rank"):
        parts.append(rank_text(ind, lang).capitalize())
    if ind.get("sweden"):
        parts.append(f"{sweden_text(ind, lang)} ({ind['sweden']['period']})")
    return " · ".join(p for p in parts if p)


def verdict_block(verdict: dict[str, Any], lang: str, heading: bool = True) -> html.Div:
    text = verdict_text(verdict, lang)
    if heading:
        return html.Div([html.Strong(f"{t('verdict', lang)}: "), text], className="verdict")
    return html.Div(text, className="verdict small")


def statement_block(statement: dict[str, Any], indicators: list[dict[str, Any]], lang: str) -> html.Div:
    """``Strategin: 42 % (årtal anges inte). Nu: 44,9 % (2024)`` with the quote and how the measure differs."""
    ind = next((i for i in indicators if i["id"] == statement.get("indicator")), None)
    said = statement_text(statement, ind["unit"] if ind else None, ind["decimals"] if ind else 1, lang)
    lines = [html.Div(quoted(statement['quote'][lang], lang), className="statement-quote")]
    if said.get("strategy"):
        lines.append(html.Div(said["strategy"], className="statement-strategy"))
    if said.get("now"):
        lines.append(html.Div(said["now"] + (f" – {ind['label'][lang]}" if ind else ""), className="statement-now"))
    if said.get("unmeasured"):
        lines.append(html.Div([html.Strong(t("statement_unmeasured", lang) + ": "), said["unmeasured"]],
                              className="statement-unmeasured"))
    if said.get("differs"):
        lines.append(html.Div(said["differs"], className="statement-differs small text-muted"))
    return html.Div(lines, className="statement")


def qualitative_line(item: dict[str, Any], lang: str) -> str:
    from dashboard.i18n import qualitative_value, t

    latest = item["latest"]
    when = t("assessed_when", lang, when=format_date(latest["assessed"], lang))
    return f"{item['label'][lang]}: {qualitative_value(latest, lang)} ({when})"


def flag_summary(ind: dict[str, Any], lang: str) -> str:
    return ", ".join(flag_words(ind.get("flags") or [], lang))
