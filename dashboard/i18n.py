"""Every text of the dashboard in Swedish and English: the one vocabulary of the user interface.

Status words and symbols come from ``indicators.follow_up`` so that the dashboard, the command line and
the reports use the same ones.
"""

from __future__ import annotations

from indicators.wording import STATUS_SYMBOLS, STATUS_WORDS

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"sv": "Uppföljning av smart specialisering", "en": "Smart specialisation follow-up"},
    "nav_label": {"sv": "Huvudmeny", "en": "Main menu"},
    "overview": {"sv": "Översikt", "en": "Overview"},
    "indicator": {"sv": "Indikator", "en": "Indicator"},
    "compare": {"sv": "Jämför län", "en": "Compare counties"},
    "data": {"sv": "Data och källor", "en": "Data and sources"},
    "switch_language": {"sv": "In English", "en": "På svenska"},
    "strategy": {"sv": "Strategi", "en": "Strategy"},
    "region": {"sv": "Region", "en": "Region"},
    "latest": {"sv": "Senaste värde", "en": "Latest value"},
    "period": {"sv": "Period", "en": "Period"},
    "change": {"sv": "Förändring sedan basåret", "en": "Change since the base year"},
    "rank": {"sv": "Rang bland länen", "en": "Rank among the counties"},
    "status": {"sv": "Status", "en": "Status"},
    "of_sweden": {"sv": "av rikets värde", "en": "of Sweden's value"},
    "area": {"sv": "Område", "en": "Area"},
    "pct_of_sweden": {"sv": "% av riket", "en": "% of Sweden"},
    "no_data": {"sv": "Inga data", "en": "No data"},
    "no_data_offline": {
        "sv": "Inga data offline – kör inläsningen med nätverksåtkomst",
        "en": "No data offline – run the ingest with network access",
    },
    "snapshot_banner": {
        "sv": "Visar den medföljande ögonblicksbilden av publicerad statistik från {date}, inte live-data från källorna. Kör `python -m ingest run` med nätverksåtkomst för att hämta aktuella värden.",
        "en": "Showing the bundled snapshot of published statistics from {date}, not live data from the sources. Run `python -m ingest run` with network access to fetch current values.",
    },
    "computed_at": {"sv": "Beräknat", "en": "Computed"},
    "data_updated": {"sv": "Data senast uppdaterade", "en": "Data last updated"},
    "reference_figures": {"sv": "Strategins egna siffror", "en": "The strategy's own figures"},
    "qualitative": {"sv": "Kvalitativa bedömningar", "en": "Qualitative assessments"},
    "no_year": {"sv": "utan årtal", "en": "no year given"},
    "open_indicator": {"sv": "Visa indikatorn", "en": "Open the indicator"},
    "download_csv": {"sv": "Ladda ner CSV", "en": "Download CSV"},
    "download_xlsx": {"sv": "Ladda ner Excel", "en": "Download Excel"},
    "table": {"sv": "Tabell", "en": "Table"},
    "sweden": {"sv": "Riket", "en": "Sweden"},
    "target_path": {"sv": "Väg till målet", "en": "Path to the target"},
    "trend": {"sv": "Trend", "en": "Trend"},
    "chart": {"sv": "Diagram", "en": "Chart"},
    "lines": {"sv": "Linjer", "en": "Lines"},
    "report_kicker": {"sv": "Uppföljning av smart specialisering", "en": "Smart specialisation follow-up"},
    "report_contents": {"sv": "Innehåll", "en": "Contents"},
    "report_summary": {"sv": "Sammanfattning", "en": "Summary"},
    "report_created": {"sv": "Rapportdatum", "en": "Report date"},
    "report_vintage": {"sv": "Datats årgång", "en": "Data vintage"},
    "report_document": {"sv": "Strategidokument", "en": "Strategy document"},
    "report_snapshot": {
        "sv": "Siffrorna är den medföljande ögonblicksbilden av publicerad statistik från {date}, inte live-data från källorna.",
        "en": "The figures are the bundled snapshot of published statistics from {date}, not live data from the sources.",
    },
    "report_changes": {"sv": "Ändrat sedan {since}", "en": "Changed since {since}"},
    "report_no_changes": {"sv": "Inga ändrade värden eller statusar.", "en": "No changed values or statuses."},
    "report_area_commentary": {"sv": "Sekretariatets kommentar om området", "en": "The secretariat's commentary on the area"},
    "report_page": {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"},
    "report_toc_note": {
        "sv": "Sidnumren fylls i när dokumentet öppnas i Word (eller med F9).",
        "en": "Page numbers are filled in when the document is opened in Word (or with F9).",
    },
    "report_no_indicators": {"sv": "Området följs upp med kvalitativa bedömningar.", "en": "The area is followed up by qualitative assessments."},
    "report_qualitative": {"sv": "Kvalitativa bedömningar", "en": "Qualitative assessments"},
    "report_reference": {"sv": "Strategins referenstal", "en": "The strategy's reference figures"},
    "report_how_status": {"sv": "Så bedöms statusen", "en": "How the status is assessed"},
    "report_revised": {"sv": "Nya och reviderade värden", "en": "New and revised values"},
    "report_status_changes": {"sv": "Ändrade statusar", "en": "Changed statuses"},
    "baseline": {"sv": "Basår", "en": "Base year"},
    "target": {"sv": "Mål", "en": "Target"},
    "how_assessed": {"sv": "Så bedöms statusen", "en": "How the status is assessed"},
    "sensitivity": {"sv": "Status med andra basår", "en": "Status with other base years"},
    "what_it_measures": {"sv": "Vad indikatorn mäter och varför", "en": "What it measures and why"},
    "sources": {"sv": "Källor", "en": "Sources"},
    "by_sex": {"sv": "Kvinnor och män", "en": "Women and men"},
    "women": {"sv": "Kvinnor", "en": "Women"},
    "men": {"sv": "Män", "en": "Men"},
    "total": {"sv": "Totalt", "en": "Total"},
    "value": {"sv": "Värde", "en": "Value"},
    "unit": {"sv": "Enhet", "en": "Unit"},
    "dataset": {"sv": "Dataset", "en": "Dataset"},
    "source": {"sv": "Källa", "en": "Source"},
    "table_id": {"sv": "Tabell", "en": "Table"},
    "source_updated": {"sv": "Källan uppdaterad", "en": "Source updated"},
    "fetched_at": {"sv": "Hämtad", "en": "Retrieved"},
    "last_failure": {"sv": "Senaste fel", "en": "Last failure"},
    "recent_revisions": {"sv": "Senaste revideringar", "en": "Recent revisions"},
    "revised_in_latest_update": {"sv": "Reviderade i senaste hämtningen", "en": "Revised in the latest fetch"},
    "observations": {"sv": "observationer", "en": "observations"},
    "snapshot": {"sv": "Ögonblicksbild", "en": "Snapshot"},
    "live": {"sv": "Live", "en": "Live"},
    "compare_with": {"sv": "Jämför med län", "en": "Compare with counties"},
    "choose_indicator": {"sv": "Välj indikator", "en": "Choose an indicator"},
    "choose_period": {"sv": "Välj period", "en": "Choose a period"},
    "quartile": {"sv": "Kvartil", "en": "Quartile"},
    "counties_sorted": {"sv": "Alla län, sorterade", "en": "All counties, sorted"},
    "skip_to_content": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "changed_since": {"sv": "Ändrat sedan", "en": "Changed since"},
    "export_report": {"sv": "Exportera rapport", "en": "Export report"},
    "export_hint": {
        "sv": "Samma rapport som på skärmen: region, datum för ändringar och språk. PDF och Word tar några sekunder.",
        "en": "The same report as on screen: region, date of changes and language. PDF and Word take a few seconds.",
    },
    "export_failed": {"sv": "Rapporten kunde inte skapas", "en": "The report could not be written"},
    "format_pdf": {"sv": "PDF", "en": "PDF"},
    "format_docx": {"sv": "Word", "en": "Word"},
    "format_xlsx": {"sv": "Excel", "en": "Excel"},
    "format_html": {"sv": "HTML", "en": "HTML"},
    "commentary": {"sv": "Sekretariatets kommentar", "en": "The secretariat's commentary"},
    "changed_statuses": {"sv": "Ändrade statusar", "en": "Changed statuses"},
    "last_success": {"sv": "Senast lyckade hämtning", "en": "Last successful fetch"},
    "new_periods": {"sv": "Nya perioder", "en": "New periods"},
    "revised_values": {"sv": "Reviderade värden", "en": "Revised values"},
    "areas": {"sv": "Områden", "en": "Areas"},
    "direction_increase": {"sv": "Högre är bättre", "en": "Higher is better"},
    "direction_decrease": {"sv": "Lägre är bättre", "en": "Lower is better"},
}


def t(key: str, lang: str, **values: object) -> str:
    text = TEXT[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def status_word(status: str, lang: str) -> str:
    return STATUS_WORDS[lang][status]


def status_symbol(status: str) -> str:
    return STATUS_SYMBOLS[status]


def reference_text(ref: dict, lang: str) -> str:
    """A figure the strategy states: ``label: value unit (year)`` (a reference figure of
    ``ingest status``)."""
    unit = (ref.get("unit_label") or {}).get(lang, "")
    return f"{ref['label'][lang]}: {number(ref['value'], 0, lang)} {unit} ({ref['period'] or t('no_year', lang)})"


def qualitative_text(item: dict, lang: str) -> str:
    """A qualitative item's latest assessment: ``label: value (when, by whom)``."""
    latest = item["latest"]
    return f"{item['label'][lang]}: {latest['value']} ({latest['assessed']}, {latest['by'] or ''})"


def signed_percent(value: float | None, lang: str = "sv") -> str:
    """``+23,0 %`` (a change in per cent, with its sign); ``–`` when there is none."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + number(value, 1, lang) + " %"


def number(value: float | None, decimals: int = 1, lang: str = "sv") -> str:
    from indicators.wording import number as formatted

    return formatted(value, decimals, lang)
