"""Method: how progress is assessed, with the configured numbers and a worked example from the
store (the same text as every report's appendix)."""

from __future__ import annotations

import dash
from dash import html

from dashboard import context, queries
from dashboard.components import frame, guarded, page_title
from dashboard.i18n import t
from dashboard.state import read_state
from indicators.method import example_indicator, method_sections, worked_example


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params, db)
    lang = state.lang
    content = [html.H1(t("methods_title", lang))]
    for heading, paragraphs in method_sections(config.assessment, lang):
        content += [html.H2(heading, className="h4 mt-4"), *[html.P(p) for p in paragraphs]]
    data = queries.strategy_follow_up(config, db, state.strategy, state.region)
    example = example_indicator(data)
    steps = worked_example(example, data["region_name"][lang], lang) if example else None
    if steps:
        content += [html.H2(t("worked_example", lang), className="h4 mt-4"), html.Ol([html.Li(s) for s in steps])]
    return frame("method", lang, state.query(), content, queries.snapshot_state(db), notices=state.notices)


dash.register_page(__name__, path="/method", nav_key="method_nav", title=page_title("method_nav"), order=5, layout=layout)
