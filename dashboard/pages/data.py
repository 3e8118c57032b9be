"""Data: every dataset with its source, table, updated date, last fetch and failure, revisions."""

from __future__ import annotations

import dash
from dash import html

from dashboard import context, queries
from dashboard.components import frame, table
from dashboard.i18n import number, t
from dashboard.state import read_state



def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params)
    lang = state.lang
    rows = queries.datasets_overview(config, db)
    for row in rows:
        row["kind"] = {"snapshot": t("snapshot", lang), "live": t("live", lang), "none": t("no_data", lang)}[row["kind"]]
        # The download's plain text of the cells drawn below.
        row["dataset_text"] = f"{row['label']} ({row['dataset']}, {row['table']})"
        row["observations_text"] = f"{number(row['observations'], 0, lang)} {t('observations', lang)}"
        row["status_text"] = f"{row['kind']}, {row['observations_text']}"
        row["failure"] = f"{row['last_failure']}: {row['failure_reason']}" if row["last_failure"] else None
    content = [
        html.H1(t("data", lang)),
        table("datasets", rows, [
            ("dataset_text", t("dataset", lang)), ("source", t("source", lang)), ("status_text", t("status", lang)),
            ("source_updated", t("source_updated", lang)), ("fetched_at", t("fetched_at", lang)),
            ("last_success", t("last_success", lang)), ("revisions", t("revised_in_latest_update", lang)),
            ("failure", t("last_failure", lang)),
        ], lang, caption=t("data", lang), stacked=True, cells={
            "dataset_text": _dataset_cell,
            "status_text": lambda row: [row["kind"], html.Span(row["observations_text"], className="cell-detail")],
            "failure": lambda row: _failure_cell(row, lang),
            **{key: _time_cell(key) for key in ("source_updated", "fetched_at", "last_success")},
        }),
        html.H2(f"{t('recent_revisions', lang)} ({state.since})"),
        table("revisions", queries.recent_revisions(db, state.since), [
            ("dataset", t("dataset", lang)), ("region", t("region", lang)), ("period", t("period", lang)),
            ("change", t("status", lang)), ("old_value", "−"), ("new_value", "+"), ("changed_at", t("fetched_at", lang)),
        ], lang, caption=t("recent_revisions", lang), stacked=True),
    ]
    return frame("data", lang, state.query(), content, queries.snapshot_state(db))


def _dataset_cell(row):
    return [html.Strong(row["label"]), html.Span(f"{row['dataset']} · {row['table']}", className="cell-detail cell-id")]


def _time_cell(key):
    """A timestamp that may wrap between its date and its time, so that three of them fit."""
    def cell(row):
        date, sep, time = (row[key] or "–").partition("T")
        return [date + sep, html.Wbr(), time] if sep else date
    return cell


def _failure_cell(row, lang):
    """The date of the last failure, its reason one click away (reasons can be long)."""
    if not row["last_failure"]:
        return "–"
    return html.Details([html.Summary(_time_cell("last_failure")(row)), html.Span(row["failure_reason"] or "", className="cell-detail")])


dash.register_page(__name__, path="/data", nav_key="data", title="Data och källor – S3-uppföljning", order=3, layout=layout)
