"""Data: every dataset with its source, table, updated date, last fetch and failure, revisions."""

from __future__ import annotations

import dash
from dash import html

from dashboard import context, queries
from dashboard.components import frame, guarded, page_title, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import format_date, format_datetime, t
from dashboard.provenance import revision_rows
from dashboard.state import read_state



@table_source("datasets")
def datasets_table(config, db, state) -> TableData:
    lang = state.lang
    rows = queries.datasets_overview(config, db, lang)
    for row in rows:
        row["kind"] = {"snapshot": t("snapshot", lang), "live": t("live", lang), "none": t("no_data", lang)}[row["kind"]]
        row["source_updated"] = format_date(row["source_updated"], lang) if row["source_updated"] else None
        for key in ("fetched_at", "last_success", "last_failure"):  # in Swedish time, in words
            row[key] = format_datetime(row[key], lang) if row[key] else None
    return TableData("datasets", "datasets", rows, [
        ("label", t("dataset", lang)), ("source", t("source", lang)), ("table", t("table_id", lang)),
        ("kind", t("status", lang)), ("source_updated", t("source_updated", lang)), ("fetched_at", t("fetched_at", lang)),
        ("last_success", t("last_success", lang)), ("last_failure", t("last_failure", lang)), ("failure_reason", ""),
        ("observations", t("observations", lang)), ("revisions", t("recent_revisions", lang)),
    ], t("data", lang), decimals={"observations": 0, "revisions": 0})


@table_source("revisions")
def revisions_table(config, db, state) -> TableData:
    lang = state.lang
    return TableData("revisions", f"revisions_since_{state.since}",
                     revision_rows(config, queries.recent_revisions(db, state.since), lang), [
        ("dataset", t("dataset", lang)), ("region", t("region", lang)), ("period", t("period", lang)),
        ("change", t("change_kind", lang)), ("old_value", t("value_before", lang)), ("new_value", t("value_after", lang)),
        ("changed_at", t("fetched_at", lang)),
    ], t("recent_revisions", lang))


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params)
    lang = state.lang
    content = [
        html.H1(t("data", lang)),
        table(datasets_table(config, db, state), lang),
        html.H2(f"{t('recent_revisions', lang)} {t('since', lang)} {format_date(state.since, lang)}"),
        table(revisions_table(config, db, state), lang),
    ]
    return frame("data", lang, state.query(), content, queries.snapshot_state(db), notices=state.notices)


dash.register_page(__name__, path="/data", nav_key="data", title=page_title("data"), order=4, layout=layout)
