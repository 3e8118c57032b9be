"""Structure and specialisation: is the county concentrating in the fields it chose, and is its
growth its own? The specialisation profile (industries by location quotient, the strategy's focus
industries marked), the Krugman index over time, shift-share per focus area, and twin counties."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import context, figures, queries
from dashboard.components import frame, guarded, href, page_title, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import number, t
from dashboard.state import read_state
from indicators import sni
from indicators.progress import period_time
from indicators.wording import SPECIALISATION_REASONS, rank_text, shift_share_text, specialisation_reason, specialisation_text
from ingest.codes import region_name


def _measure(config, state) -> str | None:
    """The measure of the profile: the one the address names, else the first configured."""
    return state.measure or next(iter(config.structure), None)


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params, db)
    lang = state.lang
    strategy = config.strategies[state.strategy]
    data = queries.strategy_follow_up(config, db, state.strategy, state.region)
    measure = _measure(config, state)
    region = region_name(state.region, lang)
    content = [
        html.H1(f"{t('structure', lang)}: {region}"),
        html.P(t("structure_lead", lang), className="lead"),
        _measure_choice(config, state, measure, lang),
        *(_profile(config, db, state, strategy, measure, lang) if measure else []),
        html.H2(t("shift_share", lang)),
        html.P(t("shift_share_explained", lang), className="small text-muted"),
        *_shift_shares(data, lang),
        *_twins(data, lang, state),
    ]
    return frame("structure", lang, state.query(), content, queries.snapshot_state(db), notices=state.notices)


def _measure_choice(config, state, measure, lang):
    links = [html.A(m.label.model_dump()[lang], href=href("/structure", **state.query(measure=name)),
                    className="btn btn-outline-primary btn-sm me-2" + (" active" if name == measure else ""),
                    **({"aria-current": "page"} if name == measure else {}))
             for name, m in config.structure.items()]
    return html.Nav([html.Span(t("choose_measure", lang) + ": ", className="me-2 fw-semibold"), *links],
                    className="mb-3", **{"aria-label": t("choose_measure", lang)})


def _focus_codes(strategy, codes: list[str]) -> set[str]:
    """The published industries that fall in any of the strategy's focus-area groups."""
    marked = set()
    for area in strategy.areas.values():
        if area.industries:
            inside, straddling = sni.group_cover(list(area.industries.sni), codes)
            marked.update(inside + straddling)
    return marked


def profile_rows(config, db, state, strategy, measure):
    """The industries of the region's latest period, by location quotient (the strategy's focus
    industries marked), with the quotient of the first period beside it."""
    lang = state.lang
    found = queries.structure_profile(config, db, state.region, measure)
    if not found["periods"]:
        return found, [], set(), {}
    latest = found["periods"][-1]
    rows = sorted(found["by_period"][latest], key=lambda r: -(r["lq"] or 0))
    then = {r["industry"]: r for r in found["by_period"].get(found["periods"][0], [])}
    names = {r["industry"]: sni.industry_name(r["industry"], lang, found["labels"]) for r in rows}
    marked = _focus_codes(strategy, [r["industry"] for r in rows])
    table_rows = [{"industry": names[r["industry"]] + (" ◆" if r["industry"] in marked else ""),
                   "value": r["value"], "share": (r["share"] or 0) * 100, "lq": r["lq"],
                   "lq_base": (then.get(r["industry"]) or {}).get("lq")} for r in rows]
    return found, table_rows, {names[c] for c in marked}, names


@table_source("structure_profile")
def profile_table(config, db, state, computed=None) -> TableData:
    lang = state.lang
    measure = _measure(config, state)
    strategy = config.strategies[state.strategy]
    found, table_rows, _, _ = computed or profile_rows(config, db, state, strategy, measure)
    periods = found["periods"]
    latest, first = (periods[-1], periods[0]) if periods else ("", "")
    unit = config.structure[measure].unit.model_dump()[lang] if measure else ""
    return TableData(
        "structure_profile", f"profile_{measure}_{state.region}_{latest}", table_rows, [
            ("industry", t("industry", lang)), ("value", unit), ("share", t("share_percent", lang)),
            ("lq", f"{t('lq_short', lang)} {latest}"), ("lq_base", f"{t('lq_short', lang)} {first}"),
        ], f"{t('profile', lang)}: {region_name(state.region, lang)}, {latest}",
        decimals={"share": 1, "lq": 2, "lq_base": 2},
        meta={t("unit", lang): unit},
    )


def _profile(config, db, state, strategy, measure, lang):
    spec = config.structure[measure]
    heading = html.H2(f"{t('profile', lang)}: {spec.label.model_dump()[lang]}")
    computed = profile_rows(config, db, state, strategy, measure)
    found, table_rows, marked, names = computed
    if not found["periods"]:
        return [heading, html.P(SPECIALISATION_REASONS[lang]["no_figures"])]
    latest = found["periods"][-1]
    rows = sorted(found["by_period"][latest], key=lambda r: -(r["lq"] or 0))
    figure = figures.bar_figure([names[r["industry"]] for r in rows], [r["lq"] for r in rows], unit=t("lq", lang),
                                lang=lang, decimals=2, highlight=marked, reference=1.0,
                                reference_label=t("lq_sweden", lang))
    krugman = queries.krugman_series(db, state.region, measure)
    parts = [
        heading,
        html.P(t("profile_sentence", lang, period=latest, base=found["periods"][0]), className="small"),
        dcc.Graph(figure=figure, config={"displaylogo": False}, id="structure-profile"),
        html.P(t("profile_marked", lang), className="small text-muted"),
        table(profile_table(config, db, state, computed), lang),
    ]
    if krugman:
        last = krugman[-1]
        series = {region_name(state.region, lang): [(k["period"], k["value"]) for k in krugman]}
        parts += [
            html.H2(t("krugman", lang)),
            html.P(t("krugman_meaning", lang) + " " + t("krugman_sentence", lang, value=number(last["value"], 3, lang),
                     rank=rank_text({"rank": last["rank"], "rank_of": last["rank_of"], "rank_period": last["period"]}, lang)),
                   className="small"),
            dcc.Graph(figure=figures.series_figure(series, unit=t("krugman_unit", lang), lang=lang, decimals=2,
                                                   breaks=[{"period": str(p.start)} for p in config.structure[measure].parts[1:]
                                                           if p.start and period_time(str(p.start)) > period_time(krugman[0]["period"])]),
                      config={"displaylogo": False}, style={"height": "320px"}),
        ]
    return parts


def _shift_shares(data, lang):
    out = []
    for area in data["areas"]:
        spec = area.get("specialisation")
        if not spec:
            continue
        out.append(html.H3(area["label"][lang], className="h5 mt-3"))
        out.append(html.P(specialisation_text(spec, lang), className="small"))
        shift = shift_share_text(spec, lang)
        if shift:
            out.append(html.P(shift, className="shift-share"))
        elif spec.get("lq") is not None:
            out.append(html.P(specialisation_reason(spec, lang), className="small text-muted"))
    if data.get("whole_economy"):
        for measure, whole in data["whole_economy"].items():
            if whole.get("shift_share"):
                out.append(html.H3(t("whole_economy", lang), className="h5 mt-3"))
                out.append(html.P(shift_share_text({**whole, "industries": {"sv": "hela ekonomin", "en": "the whole economy"}},
                                                   lang), className="shift-share"))
    return out or [html.P(SPECIALISATION_REASONS[lang]["no_figures"])]


def _twins(data, lang, state):
    twins = data.get("twins") or []
    heading = html.H2(t("twins", lang))
    if not twins:
        return [heading, html.P(t("twins_none", lang))]
    used = ", ".join(f"{_indicator_name(data, k, lang)} ({v})" for k, v in (data.get("twin_indicators") or {}).items())
    compare = ",".join(tw["region"] for tw in twins)
    return [
        heading,
        html.P(t("twins_lead", lang, region=data["region_name"][lang]), className="small"),
        table(_twins_data(data, state), lang),
        html.P(t("twins_method", lang, used=used), className="small text-muted"),
        html.P(html.A(t("twins_compare", lang), href=href("/indicator", **state.query(compare=compare)))),
    ]


@table_source("structure_twins")
def twins_table(config, db, state) -> TableData:
    return _twins_data(queries.strategy_follow_up(config, db, state.strategy, state.region), state)


def _twins_data(data, state) -> TableData:
    lang = state.lang
    rows = [{"position": tw["position"], "name": tw["name"][lang], "distance": tw["distance"]}
            for tw in data.get("twins") or []]
    return TableData("structure_twins", f"twins_{state.strategy}_{state.region}", rows, [
        ("position", t("rank_short", lang)), ("name", t("region", lang)), ("distance", t("distance", lang)),
    ], f"{t('twins', lang)}: {data['region_name'][lang]}", decimals={"position": 0, "distance": 2})


def _indicator_name(data, indicator_id, lang):
    if indicator_id == "krugman":
        return t("krugman", lang)
    for area in data["areas"]:
        for ind in area["indicators"]:
            if ind["id"] == indicator_id:
                return ind["label"][lang]
    return indicator_id


dash.register_page(__name__, path="/structure", nav_key="structure_nav", title=page_title("structure_nav"), order=3, layout=layout,
                   charts=True)
