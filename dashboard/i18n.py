"""Every text of the dashboard in Swedish and English: the one vocabulary of the user interface.

Status words and symbols come from ``indicators.follow_up`` so that the dashboard, the command line and
the reports use the same ones.
"""

from __future__ import annotations

from indicators.wording import STATUS_SYMBOLS, STATUS_WORDS, format_date, format_datetime, number, signed_percent

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"sv": "Uppföljning av smart specialisering", "en": "Smart specialisation follow-up"},
    "app_short": {"sv": "S3-uppföljning", "en": "S3 follow-up"},
    "nav_label": {"sv": "Huvudmeny", "en": "Main menu"},
    "overview": {"sv": "Översikt", "en": "Overview"},
    "indicator": {"sv": "Indikator", "en": "Indicator"},
    "compare": {"sv": "Jämför län", "en": "Compare counties"},
    "data": {"sv": "Data och källor", "en": "Data and sources"},
    "structure_nav": {"sv": "Struktur", "en": "Structure"},
    "method_nav": {"sv": "Metod", "en": "Method"},
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
        "sv": "Inga värden ännu",
        "en": "No values yet",
    },
    "snapshot_banner": {
        "sv": "Visar den medföljande ögonblicksbilden av publicerad statistik, sammanställd {date}, inte de senaste värdena från källorna. Nyare värden kommer när systemet läser in från källorna.",
        "en": "Showing the bundled snapshot of published statistics, compiled {date}, not the latest values from the sources. Newer values come when the system loads from the sources.",
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
    "report_vintage": {"sv": "Uppgifterna avser", "en": "The figures are"},
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
    "direction_none": {"sv": "Följs utan bedömning: strategin anger inte vilken riktning som är bättre",
                       "en": "Followed, not judged: the strategy does not say which way is better"},
    "direction_source": {"sv": "Riktningen enligt strategin", "en": "The direction according to the strategy"},
    "no_data_chart": {"sv": "Inga värden att visa ännu", "en": "No values to show yet"},
    "series_break": {"sv": "seriebrott", "en": "series break"},
    "base_band": {"sv": "bas", "en": "base"},
    "verdict": {"sv": "Samlad bedömning", "en": "Overall"},
    "strategy_says": {"sv": "Strategin säger", "en": "The strategy says"},
    "relative": {"sv": "Jämfört med riket", "en": "Against Sweden"},
    "flags": {"sv": "Att tänka på", "en": "Worth knowing"},
    "structure": {"sv": "Struktur och specialisering", "en": "Structure and specialisation"},
    "method": {"sv": "Metod", "en": "Method"},
    "specialisation": {"sv": "Specialisering", "en": "Specialisation"},
    "share_of_county": {"sv": "andel av länets", "en": "share of the county's"},
    "lq": {"sv": "Lokaliseringskvot (LQ)", "en": "Location quotient (LQ)"},
    "lq_short": {"sv": "LQ", "en": "LQ"},
    "twins": {"sv": "Län som liknar regionen", "en": "Counties like the region"},
    "own_figures_other_region": {
        "sv": "Strategins egna siffror och bedömningar gäller {region}; de visas inte för andra län.",
        "en": "The strategy's own figures and assessments are {region}'s; they are not shown for other counties.",
    },
    "qualitative_of": {"sv": "Styrkekriterier för {region} enligt strategin",
                       "en": "Strength criteria for {region} according to the strategy"},
    "computed_line": {"sv": "Siffrorna beräknades {when}.", "en": "The figures were computed {when}."},
    "sources_updated_line": {"sv": "Senaste uppdatering hos källorna: {when}.",
                             "en": "Latest update at the sources: {when}."},
    "snapshot_line": {
        "sv": "Siffrorna är en ögonblicksbild av publicerad statistik, sammanställd {date}.",
        "en": "The figures are a snapshot of published statistics, compiled {date}.",
    },
    "no_data_snapshot": {
        "sv": "Inga värden i den medföljande ögonblicksbilden; de hämtas från källan vid nästa inläsning",
        "en": "No values in the bundled snapshot; they are fetched from the source at the next load",
    },
    "municipalities": {"sv": "Kommunerna i länet", "en": "The county's municipalities"},
    "municipalities_none": {"sv": "Källan redovisar inte indikatorn för kommuner.",
                            "en": "The source does not publish the indicator for municipalities."},
    "rank_colour_caveat": {
        "sv": "Färgen visar kvartil i rangordningen, alltså läget jämfört med de andra länen, inte om värdet är bra i sig.",
        "en": "The colour shows the quartile of the ranking: the position against the other counties, not whether the value is good in itself.",
    },
    "rank_neutral": {
        "sv": "Strategin anger ingen riktning för indikatorn, så länen placeras efter storlek utan att färgas som bättre eller sämre.",
        "en": "The strategy gives the indicator no direction, so the counties are ordered by size without being coloured better or worse.",
    },
    "period_of_rank": {"sv": "rangen gäller {period}", "en": "the rank is for {period}"},
    "assessed_in": {"sv": "Bedömt {span}", "en": "Assessed {span}"},
    "methods_title": {"sv": "Så bedöms utvecklingen", "en": "How progress is assessed"},
    "not_found_title": {"sv": "Sidan finns inte", "en": "Page not found"},
    "not_found_text": {"sv": "Adressen leder inte till någon sida i uppföljningen.",
                       "en": "The address does not lead to a page of the follow-up."},
    "back_to_overview": {"sv": "Till översikten", "en": "To the overview"},
    "women_men_missing": {"sv": "Uppgift för kvinnor och män saknas i källan.",
                          "en": "The source gives no figures for women and men."},
    "shift_share": {"sv": "Förändringen uppdelad (skift-andel)", "en": "The change taken apart (shift-share)"},
    "profile": {"sv": "Specialiseringsprofil", "en": "Specialisation profile"},
    "krugman": {"sv": "Specialiseringsindex (Krugman)", "en": "Specialisation index (Krugman)"},
    "industry": {"sv": "Näringsgren", "en": "Industry"},
    "focus_industry": {"sv": "strategins fokusbransch", "en": "the strategy's focus industry"},
    "choose_measure": {"sv": "Mått", "en": "Measure"},
    "twins_method": {
        "sv": "Metod: varje indikator standardiseras (z-värde över de 21 länen) och avståndet är det vägda euklidiska avståndet; ju mindre, desto mer likt. Indikatorer och år: {used}.",
        "en": "Method: each indicator is standardised (z-score across the 21 counties) and the distance is the weighted Euclidean distance; the smaller, the more alike. Indicators and years: {used}.",
    },
    "statement_unmeasured": {"sv": "Inget officiellt mått", "en": "No official measure"},
    "status_before": {"sv": "Status före", "en": "Status before"},
    "status_after": {"sv": "Status efter", "en": "Status after"},
    "value_before": {"sv": "Värde före", "en": "Value before"},
    "value_after": {"sv": "Värde efter", "en": "Value after"},
    "change_kind": {"sv": "Ändring", "en": "Change"},
    "qualitative_heading": {"sv": "Bedömt i strategin", "en": "Assessed in the strategy"},
    "mean_of": {"sv": "medelvärde av", "en": "mean of"},
    "municipality": {"sv": "Kommun", "en": "Municipality"},
    "rank_short": {"sv": "Rang", "en": "Rank"},
    "structure_lead": {
        "sv": "Smart specialisering handlar om näringslivets struktur: koncentrerar sig länet på de områden strategin valt, och är tillväxten länets egen eller bara rikets? Lokaliseringskvoten (LQ) är branschens andel i länet delad med dess andel i riket; över 1 är länet specialiserat i branschen.",
        "en": "Smart specialisation is about the structure of the economy: is the county concentrating in the fields the strategy chose, and is its growth its own or just Sweden's? The location quotient (LQ) is the industry's share in the county divided by its share in Sweden; above 1 the county is specialised in it.",
    },
    "structure_no_data": {
        "sv": "Sysselsättning och förädlingsvärde per näringsgren finns inte i den medföljande ögonblicksbilden; de hämtas från SCB vid nästa inläsning.",
        "en": "Employment and value added by industry are not in the bundled snapshot; they are fetched from SCB at the next load.",
    },
    "lq_sweden": {"sv": "riket = 1", "en": "Sweden = 1"},
    "profile_sentence": {"sv": "Branscherna sorterade efter lokaliseringskvot {period}, med kvoten {base} bredvid i tabellen.",
                         "en": "The industries sorted by location quotient in {period}, with the quotient in {base} beside them in the table."},
    "profile_marked": {"sv": "Randade staplar och ◆ i tabellen: branscher i strategins fokusområden.",
                       "en": "Hatched bars and ◆ in the table: industries in the strategy's focus areas."},
    "share_percent": {"sv": "Andel (%)", "en": "Share (%)"},
    "krugman_sentence": {"sv": "Indexet är summan av skillnaderna mellan länets och rikets branschandelar (0 = samma struktur som riket, 2 = inget gemensamt). Senast {value}, {rank} (1 = mest specialiserat).",
                         "en": "The index is the sum of the differences between the county's and Sweden's industry shares (0 = Sweden's structure, 2 = nothing in common). Latest {value}, {rank} (1 = most specialised)."},
    "krugman_unit": {"sv": "index (0–2)", "en": "index (0–2)"},
    "shift_share_explained": {
        "sv": "Förändringen från basåret delas upp i tre delar: vad branschen skulle ha vuxit om den följt hela rikets utveckling, vad branschsammansättningen gav (branscher som växer snabbare eller långsammare i riket), och det som var länets eget (konkurrenskraften).",
        "en": "The change since the base year is taken apart in three: what the industry would have grown following all of Sweden, what the mix of industries gave (industries growing faster or slower nationally), and what was the county's own (its competitive effect).",
    },
    "whole_economy": {"sv": "Hela ekonomin", "en": "The whole economy"},
    "twins_none": {"sv": "För få indikatorer med värden för alla län för att räkna fram liknande län.",
                   "en": "Too few indicators with values for all counties to find similar counties."},
    "twins_lead": {"sv": "Förslag på län att jämföra {region} med, utöver de valda: de som liknar länet mest på strategins strukturella indikatorer.",
                   "en": "Suggested counties to compare {region} with, beside the chosen ones: those most like it on the strategy's structural indicators."},
    "distance": {"sv": "Avstånd", "en": "Distance"},
    "worked_example": {"sv": "Ett räkneexempel", "en": "A worked example"},
    "report_method": {"sv": "Bilaga: metod", "en": "Appendix: method"},
    "report_vintage_snapshot": {"sv": "ögonblicksbild av publicerad statistik, sammanställd {date}",
                                "en": "a snapshot of published statistics, compiled {date}"},
    "report_vintage_live": {"sv": "källornas senaste uppdatering {date}", "en": "the sources' latest update, {date}"},
    "report_krugman": {"sv": "Specialiseringsindex (Krugman) {period}: {value}, plats {rank} av {of} län (1 = mest specialiserat).",
                       "en": "Specialisation index (Krugman) in {period}: {value}, place {rank} of {of} counties (1 = most specialised)."},
    "report_twins": {"sv": "Län som liknar regionen mest: {names}.", "en": "The counties most like the region: {names}."},
    "report_structure_none": {"sv": "Uppgifter om sysselsättning och förädlingsvärde per näringsgren saknas ännu.",
                              "en": "There are no figures on employment and value added by industry yet."},
    "report_statements": {"sv": "Strategins egna uppgifter", "en": "The strategy's own statements"},
    "values_sheet": {"sv": "Värden", "en": "Values"},
    "rank_of": {"sv": "Antal län", "en": "Number of counties"},
    "rank_period": {"sv": "Rangens år", "en": "Year of the rank"},
    "sex": {"sv": "Kön", "en": "Sex"},
    "twins_compare": {"sv": "Jämför indikatorerna med dessa län", "en": "Compare the indicators with these counties"},
    "municipalities_period": {"sv": "{period}: {count} av länets {of} kommuner har ett värde.",
                              "en": "{period}: {count} of the county's {of} municipalities have a value."},
    "municipalities_missing": {"sv": "Värde saknas för {names}.", "en": "No value for {names}."},
    "county_line": {"sv": "Den streckade linjen är länets värde ({county}: {value}).",
                    "en": "The dashed line is the county's value ({county}: {value})."},
    "fixed_prices_of": {"sv": "i {year} års priser", "en": "in {year} prices"},
    "change_added": {"sv": "nytt värde", "en": "new value"},
    "change_revised": {"sv": "reviderat", "en": "revised"},
    # Notices about the address (dashboard/state.py): the value asked for is not used, and why.
    "notice_repeated": {
        "sv": "Adressen anger {name} mer än en gång; den första används.",
        "en": "The address gives {name} more than once; the first is used.",
    },
    "notice_too_long": {
        "sv": "Värdet av {name} i adressen är längre än {limit} tecken och används inte.",
        "en": "The value of {name} in the address is longer than {limit} characters and is not used.",
    },
    "notice_lang": {
        "sv": "Språket {value} finns inte; sidan visas på svenska. Språk: {valid}.",
        "en": "There is no language {value}. Languages: {valid}.",
    },
    "notice_strategy": {
        "sv": "Strategin {value} finns inte; {shown} visas. Strategier: {valid}.",
        "en": "There is no strategy {value}; {shown} is shown. Strategies: {valid}.",
    },
    "notice_region": {
        "sv": "Regionen {value} finns inte; {shown} visas. Län: {valid}.",
        "en": "There is no region {value}; {shown} is shown. Counties: {valid}.",
    },
    "notice_indicator": {
        "sv": "Strategin har ingen indikator {value}; {shown} visas. Indikatorer: {valid}.",
        "en": "The strategy has no indicator {value}; {shown} is shown. Indicators: {valid}.",
    },
    "notice_compare": {
        "sv": "{value} är inte län och jämförs inte. Länens koder: {valid}.",
        "en": "{value} are not counties and are not compared. The counties' codes: {valid}.",
    },
    "notice_measure": {
        "sv": "Måttet {value} finns inte; {shown} visas. Mått: {valid}.",
        "en": "There is no measure {value}; {shown} is shown. Measures: {valid}.",
    },
    "notice_period": {
        "sv": "Perioden {value} går inte att läsa; skriv den som 2023, 2023-Q1 eller 2023-01.",
        "en": "The period {value} cannot be read; write it as 2023, 2023-Q1 or 2023-01.",
    },
    "notice_period_missing": {
        "sv": "Det finns inga värden för perioden {value}; {shown} visas. Perioder med värden: {valid}.",
        "en": "There are no values for the period {value}; {shown} is shown. Periods with values: {valid}.",
    },
    "notice_since": {
        "sv": "Datumet {value} går inte att läsa; ändringar sedan {shown} visas. Skriv datumet som ÅÅÅÅ-MM-DD.",
        "en": "The date {value} cannot be read; changes since {shown} are shown. Write the date as YYYY-MM-DD.",
    },
    "notice_stale_config": {
        "sv": "Siffrorna är beräknade med en äldre version av strategiernas inställningar. De räknas om vid nästa inläsning av data.",
        "en": "The figures were computed with an older version of the strategies' settings. They are recomputed at the next data update.",
    },
    "notice_stale_data": {
        "sv": "Siffrorna är ännu inte omräknade efter den senaste inläsningen av data.",
        "en": "The figures have not yet been recomputed after the latest data update.",
    },
    "maintenance_title": {"sv": "Tillfälligt ur drift", "en": "Temporarily unavailable"},
    "maintenance_text": {
        "sv": "Uppföljningens databas behöver återställas innan siffrorna kan visas igen. Försök igen senare; kvarstår felet, kontakta regionens IT-avdelning.",
        "en": "The follow-up's database must be restored before the figures can be shown again. Please try again later; if it persists, contact the region's IT department.",
    },
    # Reports exported from the overview (dashboard/exports.py).
    "export_queued": {
        "sv": "I kö: {busy} rapporter skapas just nu. Din rapport skapas så snart en plats blir ledig.",
        "en": "Queued: {busy} reports are being written right now. Yours is written as soon as a place is free.",
    },
    "export_building": {"sv": "Rapporten skapas …", "en": "Writing the report …"},
    "export_gave_up": {
        "sv": "Servern har varit upptagen för länge; försök igen om en stund.",
        "en": "The server has been busy for too long; please try again in a while.",
    },
    "export_no_browser": {
        "sv": "PDF och Word kräver webbläsaren Chromium på servern, och den saknas. Be driftansvarig installera den (eller ange den med S3_CHROMIUM). Excel fungerar utan.",
        "en": "PDF and Word need the Chromium browser on the server, and it is missing. Ask the operator to install it (or name it with S3_CHROMIUM). Excel works without it.",
    },
    # Table downloads (dashboard/components.py).
    "download_csv_machine": {"sv": "CSV för program", "en": "CSV for software"},
    "download_csv_hint": {
        "sv": "CSV öppnas i svenska Excel (semikolon, decimalkomma); CSV för program har komma och decimalpunkt.",
        "en": "CSV opens in Swedish Excel (semicolons, decimal comma); CSV for software has commas and decimal points.",
    },
    "retrieved": {"sv": "Hämtad", "en": "Retrieved"},
    # The login (dashboard/auth.py), when the dashboard has one.
    "login_title": {"sv": "Logga in", "en": "Sign in"},
    "login_intro": {
        "sv": "Uppföljningen av smart specialisering är för inloggade användare.",
        "en": "The smart specialisation follow-up is for signed-in users.",
    },
    "login_user": {"sv": "Användarnamn", "en": "User name"},
    "login_password": {"sv": "Lösenord", "en": "Password"},
    "login_submit": {"sv": "Logga in", "en": "Sign in"},
    "login_failed": {"sv": "Fel användarnamn eller lösenord.", "en": "Wrong user name or password."},
    "login_expired": {"sv": "Sessionen har gått ut. Logga in igen.", "en": "The session has expired. Please sign in again."},
    "logged_out": {"sv": "Du är utloggad.", "en": "You are signed out."},
    "logout": {"sv": "Logga ut", "en": "Sign out"},
    "login_sso": {
        "sv": "Logga in via regionens inloggning (single sign-on) för att se uppföljningen.",
        "en": "Sign in through the region's single sign-on to see the follow-up.",
    },
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


def qualitative_value(latest: dict, lang: str) -> str:
    """An assessment's value in the reader's language (Ja / Yes), with its note where there is one."""
    value = latest.get("value_en") if lang == "en" and latest.get("value_en") else latest["value"]
    note = latest.get("note_en") if lang == "en" and latest.get("note_en") else latest.get("note")
    if lang == "en" and latest.get("note") and not latest.get("note_en"):
        note = None  # a Swedish-only note is not shown on an English page
    return f"{value} – {note}" if note else value


def qualitative_text(item: dict, lang: str) -> str:
    """A qualitative item's latest assessment: ``label: value (when, by whom)``."""
    latest = item["latest"]
    return (f"{item['label'][lang]}: {qualitative_value(latest, lang)} "
            f"({format_date(latest['assessed'], lang)}, {latest['by'] or ''})")
