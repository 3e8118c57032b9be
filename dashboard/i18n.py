"""Every text of the dashboard in Swedish and English: the one vocabulary of the user interface.

Status words and symbols come from ``indicators.follow_up`` so that the dashboard, the command line and
the reports use the same ones.
"""

from __future__ import annotations

from indicators.wording import (
    STATUS_SYMBOLS,
    STATUS_WORDS,
    TERMS,
    format_date,
    format_datetime,
    number,
    quoted,
    signed_percent,
    with_unit,
)

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
    "change_relative": {"sv": "Relativ förändring sedan basåret", "en": "Relative change since the base year"},
    "change_points": {"sv": "Förändring sedan basåret i procentenheter", "en": "Change since the base year in percentage points"},
    "rank": {"sv": "Placering bland länen", "en": "Rank among the counties"},
    "status": {"sv": "Status", "en": "Status"},
    "of_sweden": TERMS["of_sweden"],
    "area": {"sv": "Område", "en": "Area"},
    "pct_of_sweden": {"sv": "Andel av rikets värde", "en": "Share of Sweden's value"},
    "no_data": TERMS["no_data"],
    # The figures of the shipped snapshot: the first sentence, then the banner's or the report's second.
    "snapshot_basis": {
        "sv": "Siffrorna bygger på publicerad statistik som sammanställdes {date}.",
        "en": "The figures are based on published statistics compiled on {date}.",
    },
    "snapshot_banner": {
        "sv": "Nyare värden visas när uppföljningen har uppdaterats från källorna.",
        "en": "Newer values appear once the follow-up has been updated from the sources.",
    },
    "computed_at": {"sv": "Beräknat", "en": "Computed"},
    "data_updated": {"sv": "Data senast uppdaterade", "en": "Data last updated"},
    "qualitative": {"sv": "Kvalitativa bedömningar", "en": "Qualitative assessments"},
    "no_year": TERMS["no_year"],
    # When a qualitative assessment was made (the strategy's date, or the secretariat's reading of it).
    "assessed_when": {"sv": "bedömd {when}", "en": "assessed {when}"},
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
    "report_vintage": {"sv": "Statistikunderlag", "en": "Data"},
    "report_document": {"sv": "Strategidokument", "en": "Strategy document"},
    "report_snapshot": {
        "sv": "De har inte hämtats direkt från källorna, så det kan finnas nyare statistik.",
        "en": "They were not fetched directly from the sources, so newer statistics may exist.",
    },
    "report_changes": {"sv": "Ändringar sedan {since}", "en": "Changes since {since}"},
    "no_changes": {"sv": "Inga ändringar sedan {since}.", "en": "No changes since {since}."},
    "report_area_commentary": TERMS["area_commentary"],
    "report_page": {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"},
    "report_toc_note": {
        "sv": "Rubrikerna ovan är länkar till avsnitten (Ctrl+klicka i Word). Sidnummer lägger du till i Word "
              "genom att högerklicka på förteckningen och välja Uppdatera fält.",
        "en": "The headings above link to their sections (Ctrl+click in Word). To add page numbers in Word, "
              "right-click the list and choose Update Field.",
    },
    "report_no_indicators": {"sv": "Området har inga statistiska indikatorer.", "en": "The area has no statistical indicators."},
    "followed_up_with": {"sv": "Det följs upp med {what}.", "en": "It is followed up through {what}."},
    "report_how_status": {"sv": "Förklaring", "en": "Why this status"},
    "report_revised": {"sv": "Nya och reviderade värden", "en": "New and revised values"},
    "revised_for": {"sv": "Nya och reviderade värden för {region} och riket i strategins statistik",
                    "en": "New and revised values for {region} and Sweden in the strategy's statistics"},
    "revision_detail": {"sv": "Avser", "en": "Refers to"},
    "latest_n": {"sv": "de senaste {n}", "en": "the latest {n}"},
    "baseline": {"sv": "Basvärde", "en": "Base value"},
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
    "dataset": {"sv": "Statistikunderlag", "en": "Dataset"},
    "source": {"sv": "Källa", "en": "Source"},
    "table_id": {"sv": "Tabell", "en": "Table"},
    "kolada_kpi": {"sv": "Nyckeltal", "en": "KPI"},
    "not_yet_retrieved": {"sv": "ännu inte hämtad", "en": "not yet retrieved"},
    "source_updated": {"sv": "Källan uppdaterad", "en": "Source updated"},
    "fetched_at": {"sv": "Hämtad", "en": "Retrieved"},
    "last_failure": {"sv": "Senaste fel", "en": "Last failure"},
    "recent_revisions": {"sv": "Senaste revideringar", "en": "Recent revisions"},
    "revised_in_latest_update": {"sv": "Reviderade i senaste hämtningen", "en": "Revised in the latest fetch"},
    "observations": {"sv": "värden", "en": "values"},
    "snapshot": {"sv": "Ögonblicksbild", "en": "Snapshot"},
    "live": {"sv": "Hämtad från källan", "en": "From the source"},
    "hand_kept": {"sv": "Förs av sekretariatet", "en": "Kept by the secretariat"},
    "datasets_caption": {"sv": "Statistikunderlagen: källa, uppdateringar, hämtningar och fel",
                         "en": "The datasets: source, updates, retrievals and failures"},
    "since_hint": {"sv": "Valt datum: {date}. Fältet visar datumet i webbläsarens format.",
                   "en": "Chosen date: {date}. The field shows the date in your browser's format."},
    "compare_with": {"sv": "Jämför med län", "en": "Compare with counties"},
    "choose_indicator": {"sv": "Välj indikator", "en": "Choose an indicator"},
    "choose_period": {"sv": "Välj period", "en": "Choose a period"},
    "quartile": {"sv": "Kvartil", "en": "Quartile"},
    "counties_sorted": {"sv": "Alla län, sorterade", "en": "All counties, sorted"},
    "skip_to_content": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "changed_since": {"sv": "Ändringar sedan", "en": "Changes since"},
    "changed_at": {"sv": "Ändrad", "en": "Changed"},
    "since": {"sv": "sedan", "en": "since"},
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
    "commentary": TERMS["commentary"],
    "changed_statuses": {"sv": "Ändrade statusar", "en": "Changed statuses"},
    "last_success": {"sv": "Senast lyckade hämtning", "en": "Last successful fetch"},
    "areas": {"sv": "Områden", "en": "Areas"},
    "direction_increase": {"sv": "Högre är bättre", "en": "Higher is better"},
    "direction_decrease": {"sv": "Lägre är bättre", "en": "Lower is better"},
    "direction_none": {"sv": "Följs utan bedömning: strategin anger inte vilken riktning som är bättre",
                       "en": "Monitored, not assessed: the strategy does not say which direction is better"},
    "direction_source": {"sv": "Riktningen enligt strategin", "en": "The direction according to the strategy"},
    "no_data_chart": {"sv": "Inga värden att visa ännu", "en": "No values to show yet"},
    "series_break": {"sv": "seriebrott", "en": "series break"},
    "base_band": {"sv": "bas", "en": "base"},
    "verdict": TERMS["verdict"],
    "relative": {"sv": "Jämfört med riket", "en": "Compared with Sweden"},
    "flags": {"sv": "Att tänka på", "en": "Caveats"},
    "structure": {"sv": "Struktur och specialisering", "en": "Structure and specialisation"},
    "method": {"sv": "Metod", "en": "Method"},
    "specialisation": {"sv": "Specialisering", "en": "Specialisation"},
    "share_of_county": {"sv": "andel av länets", "en": "share of the county's"},
    "lq": {"sv": "Lokaliseringskvot (LQ)", "en": "Location quotient (LQ)"},
    "lq_short": {"sv": "LQ", "en": "LQ"},
    "twins": TERMS["twins"],
    "own_figures_other_region": {
        "sv": "Strategins egna uppgifter och de kvalitativa bedömningarna gäller {region}; de visas inte för andra län.",
        "en": "The strategy's own statements and the qualitative assessments are {region}'s; they are not shown for other counties.",
    },
    "computed_line": {"sv": "Siffrorna beräknades {when}.", "en": "The figures were computed {when}."},
    "sources_updated_line": {"sv": "Senaste uppdatering hos källorna: {when}.",
                             "en": "Latest update at the sources: {when}."},
    "snapshot_line": {
        "sv": "Statistiken sammanställdes {date}.",
        "en": "The statistics were compiled on {date}.",
    },
    "municipalities": {"sv": "Kommunerna i länet", "en": "The county's municipalities"},
    "municipalities_none": {"sv": "Källan redovisar inte indikatorn för kommuner.",
                            "en": "The source does not publish the indicator for municipalities."},
    "rank_colour_caveat": {
        "sv": "Färgen visar kvartil i rangordningen, alltså läget jämfört med de andra länen, inte om värdet är bra i sig.",
        "en": "The colour shows the quartile of the ranking: the position against the other counties, not whether the value is good in itself.",
    },
    "few_counties": {
        "sv": "Bara {count} län har värden för {period}, så länen färgas inte efter kvartil (det kräver minst {min} län).",
        "en": "Only {count} counties have values for {period}, so the counties are not coloured by quartile (that takes at least {min}).",
    },
    "period_with_counties": {
        "sv": "{period} visas eftersom det är det senaste året med värden för minst {min} län; för {later} har färre län värden.",
        "en": "{period} is shown as the latest year with values for at least {min} counties; fewer counties have values for {later}.",
    },
    "rank_neutral": {
        "sv": "Strategin anger ingen riktning för indikatorn, så länen placeras efter storlek utan att färgas som bättre eller sämre.",
        "en": "The strategy gives the indicator no direction, so the counties are ordered by size without being coloured better or worse.",
    },
    "methods_title": {"sv": "Så bedöms utvecklingen", "en": "How progress is assessed"},
    "not_found_title": {"sv": "Sidan finns inte", "en": "Page not found"},
    "not_found_text": {"sv": "Adressen leder inte till någon sida i uppföljningen.",
                       "en": "The address does not lead to a page of the follow-up."},
    "back_to_overview": {"sv": "Till översikten", "en": "To the overview"},
    "address_too_long_title": {"sv": "Adressen är för lång", "en": "The address is too long"},
    "address_too_long_text": {
        "sv": "Adressen är längre än {limit} tecken, så sidan kan inte visas. Ingen sida i uppföljningen har en så "
              "lång adress: den har troligen klistrats in fel eller ändrats. Börja från översikten och välj igen.",
        "en": "The address is longer than {limit} characters, so the page cannot be shown. No page of the follow-up "
              "has an address that long: it was probably pasted wrongly or altered. Start from the overview and choose again.",
    },
    "women_men_missing": {"sv": "Uppgift för kvinnor och män saknas i källan.",
                          "en": "The source gives no figures for women and men."},
    "shift_share": {"sv": "Vad förklarar förändringen? (shift-share-analys)", "en": "What explains the change? (shift-share analysis)"},
    "profile": {"sv": "Specialiseringsprofil", "en": "Specialisation profile"},
    "krugman": TERMS["krugman"],
    "industry": {"sv": "Bransch", "en": "Industry"},
    "focus_industry": {"sv": "strategins fokusbransch", "en": "the strategy's focus industry"},
    "choose_measure": {"sv": "Mått", "en": "Measure"},
    "twins_method": {
        "sv": "Så har likheten räknats fram: länen jämförs på ett antal indikatorer, som först räknas om till samma skala så att ingen väger tyngre för att den har stora tal. Avståndet visar hur olika länen är – ju lägre tal, desto mer lika. Indikatorer och år: {used}.",
        "en": "How similarity is computed: the counties are compared on a number of indicators, each first put on the same scale so that none weighs more because its numbers are large. The distance shows how different the counties are – the lower, the more alike. Indicators and years: {used}.",
    },
    "statement_unmeasured": {"sv": "Mäts inte", "en": "Not measured"},
    "status_before": {"sv": "Status före", "en": "Status before"},
    "status_after": {"sv": "Status efter", "en": "Status after"},
    "value_before": {"sv": "Värde före", "en": "Value before"},
    "value_after": {"sv": "Värde efter", "en": "Value after"},
    "change_kind": {"sv": "Ändring", "en": "Change"},
    "mean_of": {"sv": "medelvärde av", "en": "mean of"},
    "municipality": {"sv": "Kommun", "en": "Municipality"},
    "rank_short": {"sv": "Plats", "en": "Rank"},
    "structure_lead": {
        "sv": "Smart specialisering handlar om näringslivets struktur: koncentrerar sig länet på de områden strategin valt, och beror tillväxten på länet självt eller följer den bara rikets utveckling? Lokaliseringskvoten (LQ) jämför branschens andel av länets ekonomi med dess andel i riket. Över 1 betyder att branschen har en större andel av ekonomin i länet än i riket.",
        "en": "Smart specialisation is about the structure of the economy: is the county concentrating on the fields the strategy chose, and does its growth come from the county itself or does it just follow Sweden's? The location quotient (LQ) compares the industry's share of the county's economy with its share in Sweden. Above 1 means the industry has a larger share of the economy in the county than in Sweden.",
    },
    "lq_sweden": {"sv": "riket = 1", "en": "Sweden = 1"},
    "profile_sentence": {"sv": "Branscherna sorterade efter lokaliseringskvot {period}, med kvoten {base} bredvid i tabellen.",
                         "en": "The industries sorted by location quotient in {period}, with the quotient in {base} beside them in the table."},
    "profile_marked": {"sv": "Randade staplar och ◆ i tabellen: branscher i strategins fokusområden.",
                       "en": "Hatched bars and ◆ in the table: industries in the strategy's focus areas."},
    "share_percent": {"sv": "Andel (%)", "en": "Share (%)"},
    "krugman_meaning": {
        "sv": "Indexet mäter hur mycket länets branschstruktur skiljer sig från rikets: 0 betyder samma struktur som riket och 2 att länet inte har något gemensamt med riket.",
        "en": "The index measures how much the county's industry structure differs from Sweden's: 0 means the same structure as Sweden and 2 that the county has nothing in common with Sweden.",
    },
    "krugman_sentence": {"sv": "Det är summan av de absoluta skillnaderna mellan länets och rikets branschandelar. Senast {value}, {rank} (1 = mest specialiserat).",
                         "en": "It is the sum of the absolute differences between the county's and Sweden's industry shares. Latest {value}, {rank} (1 = most specialised)."},
    "krugman_unit": {"sv": "index (0–2)", "en": "index (0–2)"},
    "shift_share_explained": {
        "sv": "Förändringen sedan basåret delas upp i tre delar: 1) hur mycket branschen hade vuxit om den följt utvecklingen i hela riket, 2) vad länets branschsammansättning betydde (om länet har mycket av branscher som växer snabbare eller långsammare i riket) och 3) resten, som är länets egen utveckling.",
        "en": "The change since the base year is split into three parts: 1) how much the industry would have grown had it followed the development in all of Sweden, 2) what the county's mix of industries meant (whether the county has much of industries that grow faster or slower nationally) and 3) the rest, which is the county's own development.",
    },
    "whole_economy": {"sv": "Hela ekonomin", "en": "The whole economy"},
    "twins_none": {"sv": "För få indikatorer med värden för alla län för att räkna fram liknande län.",
                   "en": "Too few indicators with values for all counties to find similar counties."},
    "twins_lead": {"sv": "Förslag på län att jämföra {region} med, utöver de valda: de som liknar länet mest på strategins strukturella indikatorer.",
                   "en": "Suggested counties to compare {region} with, beside the chosen ones: those most like it on the strategy's structural indicators."},
    "distance": {"sv": "Avstånd", "en": "Distance"},
    "worked_example": {"sv": "Ett räkneexempel", "en": "A worked example"},
    "report_method": {"sv": "Bilaga: metod", "en": "Appendix: method"},
    "report_vintage_snapshot": {"sv": "publicerad statistik, sammanställd {date}",
                                "en": "published statistics, compiled on {date}"},
    "report_vintage_live": {"sv": "källornas senaste uppdatering {date}", "en": "the sources' latest update, {date}"},
    "report_krugman": {"sv": "Specialiseringsindex (Krugman) {period}: {value}, plats {rank} av {of} län (1 = mest specialiserat).",
                       "en": "Specialisation index (Krugman) in {period}: {value}, ranked {rank} of {of} counties (1 = most specialised)."},
    "report_twins": {"sv": "De län som liknar länet mest: {names}.", "en": "The counties most like this one: {names}."},
    "report_statements": {"sv": "Strategins egna uppgifter", "en": "The strategy's own statements"},
    "values_sheet": {"sv": "Värden", "en": "Values"},
    "rank_of": {"sv": "Antal län", "en": "Number of counties"},
    "rank_period": {"sv": "År för placeringen", "en": "Year of the rank"},
    "sex": {"sv": "Kön", "en": "Sex"},
    "twins_compare": {"sv": "Jämför indikatorerna med dessa län", "en": "Compare the indicators with these counties"},
    "municipalities_period": {"sv": "{period}: {count} av länets {of} kommuner har ett värde.",
                              "en": "{period}: {count} of the county's {of} municipalities have a value."},
    "municipalities_missing": {"sv": "Värde saknas för {names}.", "en": "No value for {names}."},
    "county_line": {"sv": "Den streckade linjen är länets värde ({county}: {value}).",
                    "en": "The dashed line is the county's value ({county}: {value})."},
    "assessed_value": {"sv": "Senaste bedömda värde i fasta priser", "en": "Latest assessed value at fixed prices"},
    "fixed_prices_of": {"sv": "i {year} års priser", "en": "in {year} prices"},
    "change_added": {"sv": "nytt värde", "en": "new value"},
    "change_revised": {"sv": "reviderat", "en": "revised"},
    "change_removed": {"sv": "borttaget", "en": "removed"},
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
        "sv": "Siffrorna har beräknats enligt en äldre version av uppföljningens indikatorer och regler. De räknas om vid nästa uppdatering.",
        "en": "The figures were computed with an older version of the follow-up's indicators and rules. They are recomputed at the next update.",
    },
    "notice_stale_data": {
        "sv": "Siffrorna har ännu inte räknats om efter den senaste uppdateringen.",
        "en": "The figures have not yet been recomputed after the latest update.",
    },
    "maintenance_title": {"sv": "Tillfälligt ur drift", "en": "Temporarily unavailable"},
    "maintenance_text": {
        "sv": "Uppföljningens databas behöver återställas innan siffrorna kan visas igen. Försök igen senare; kvarstår felet, kontakta regionens IT-avdelning.",
        "en": "The follow-up's database must be restored before the figures can be shown again. Please try again later; if it persists, contact the region's IT department.",
    },
    "maintenance_access_text": {
        "sv": "Uppföljningens databas kan inte läsas just nu: servern saknar behörighet till den. Databasen är inte skadad. Kontakta regionens IT-avdelning.",
        "en": "The follow-up's database cannot be read right now: the server lacks permission to read it. The database is not damaged. Please contact the region's IT department.",
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
        "sv": "PDF- och Word-rapporter kan inte skapas just nu eftersom ett program saknas på servern. Kontakta den som har hand om driften. Excel-rapporten fungerar ändå.",
        "en": "PDF and Word reports cannot be made right now because a program is missing on the server. Please contact the people who run the service. The Excel report still works.",
    },
    # Table downloads (dashboard/components.py).
    "download_csv_machine": {"sv": "CSV för program", "en": "CSV for software"},
    "download_csv_hint": {
        "sv": "CSV öppnas i svenska Excel (semikolon, decimalkomma); CSV för program har komma och decimalpunkt.",
        "en": "CSV opens in Swedish Excel (semicolons, decimal comma); CSV for software has commas and decimal points.",
    },
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
    return f"{ref['label'][lang]}: {with_unit(number(ref['value'], 0, lang), unit, lang)} ({ref['period'] or t('no_year', lang)})"


def qualitative_value(latest: dict, lang: str) -> str:
    """An assessment's value in the reader's language (Ja / Yes), with its note where there is one
    (the strategy's words, in quotation marks)."""
    value = latest.get("value_en") if lang == "en" and latest.get("value_en") else latest["value"]
    note = latest.get("note_en") if lang == "en" and latest.get("note_en") else latest.get("note")
    if lang == "en" and latest.get("note") and not latest.get("note_en"):
        note = None  # a Swedish-only note is not shown on an English page
    return f"{value} – {quoted(note, lang)}" if note else value


def qualitative_text(item: dict, lang: str) -> str:
    """A qualitative item's latest assessment: ``label: value (when, by whom)``."""
    latest = item["latest"]
    by = f", {latest['by']}" if latest.get("by") else ""
    return (f"{item['label'][lang]}: {qualitative_value(latest, lang)} "
            f"({t('assessed_when', lang, when=format_date(latest['assessed'], lang))}{by})")
