"""Data: every dataset with its source, table, updated date, last fetch and failure, revisions.
Written for the secretariat and the operator (dataset ids and tables are theirs), readable at
1,366 px and on a phone (the tables are stacked: each row a card below 768 px)."""

from __future__ import annotations

import dash
from dash import html

from dashboard import context, queries
from dashboard.components import frame, guarded, page_title, table
from dashboard.downloads import TableData, table_source
from dashboard.i18n import format_date, format_datetime, number, t
from dashboard.state import read_state

@table_source("datasets")
def datasets_table(config, db, state) -> TableData:
    lang = state.lang
    rows = queries.datasets_overview(config, db, lang)
    for row in rows:
        empty = row["kind"] == "none"
        row["kind"] = {"snapshot": t("snapshot", lang), "live": t("live", lang), "hand_kept": t("hand_kept", lang),
                       "none": t("no_data", lang)}[row["kind"]]
        # The download's plain text of the cells drawn on the page ("no values yet" says the count).
        row["dataset_text"] = f"{row['label']} ({row['dataset']}, {row['table']})"
        row["observations_text"] = None if empty else f"{number(row['observations'], 0, lang)} {t('observations', lang)}"
        row["status_text"] = ", ".join(filter(None, (row["kind"], row["observations_text"])))
        row["failure"] = (f"{format_datetime(row['last_failure'], lang)}: {row['failure_reason']}"
                          if row["last_failure"] else None)
        row["source_updated"] = format_date(row["source_updated"], lang) if row["source_updated"] else None
        for key in ("fetched_at", "last_success"):  # in Swedish time, in words
            row[key] = format_datetime(row[key], lang) if row[key] else None
    return TableData("datasets", "datasets", rows, [
        ("dataset_text", t("dataset", lang)), ("source", t("source", lang)), ("status_text", t("status", lang)),
        ("source_updated", t("source_updated", lang)), ("fetched_at", t("fetched_at", lang)),
        ("last_success", t("last_success", lang)), ("revisions", t("revised_in_latest_update", lang)),
        ("failure", t("last_failure", lang)),
    ], t("datasets_caption", lang), decimals={"revisions": 0})


@table_source("revisions")
def revisions_table(config, db, state) -> TableData:
    """Every dataset's and region's new and revised values: the secretariat's view of what the
    sources changed (the overview and the reports list only the strategy's and region's)."""
    lang = state.lang
    return TableData("revisions", f"revisions_since_{state.since}", queries.revision_rows(config, db, state.since, lang), [
        ("dataset", t("dataset", lang)), ("detail", t("revision_detail", lang)), ("region", t("region", lang)),
        ("period", t("period", lang)),
        ("change", t("change_kind", lang)), ("old_value", t("value_before", lang)), ("new_value", t("value_after", lang)),
        ("changed_at", t("fetched_at", lang)),
    ], t("recent_revisions", lang))


@guarded
def layout(**params):
    config, db = context.config(), context.db()
    state = read_state(config, params, db)
    lang = state.lang
    content = [
        html.H1(t("data", lang)),
        table(datasets_table(config, db, state), lang, stacked=True, cells={
            "dataset_text": _dataset_cell,
            "status_text": lambda row: [row["kind"], *([html.Span(row["observations_text"], className="cell-detail")]
                                                       if row["observations_text"] else [])],
            "failure": _failure_cell,
        }),
        html.H2(f"{t('recent_revisions', lang)} {t('since', lang)} {format_date(state.since, lang)}"),
        table(revisions_table(config, db, state), lang, t("no_changes", lang, since=format_date(state.since, lang)),
              stacked=True),
    ]
    return frame("data", lang, state.query(), content, queries.snapshot_state(db), notices=state.notices)


def _dataset_cell(row):
    return [html.Strong(row["label"]), html.Span(f"{row['dataset']} · {row['table']}", className="cell-detail cell-id")]


def _failure_cell(row):
    """The time of the last failure, its reason one click away (reasons can be long)."""
    if not row["failure"]:
        return "–"
    when, _, reason = row["failure"].partition(": ")
    return html.Details([html.Summary(when), html.Span(reason, className="cell-detail")])


dash.register_page(__name__, path="/data", nav_key="data", title=page_title("data"), order=4, layout=layout)
