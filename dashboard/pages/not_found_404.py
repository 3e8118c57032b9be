"""The page for an address inside the app that leads nowhere (after navigating in the browser)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components import href, page_title
from dashboard.i18n import LANGUAGES, t


def layout(**params):
    lang = params.get("lang") if params.get("lang") in LANGUAGES else "sv"
    return html.Main([html.H1(t("not_found_title", lang)), html.P(t("not_found_text", lang)),
                      html.P(html.A(t("back_to_overview", lang), href=href("/", lang=lang)))],
                     className="container py-4", lang=lang)


dash.register_page(__name__, path="/404", title=page_title(None), layout=layout, nav=False)
