"""Everything the dashboard reads, as plain data: one function per question, the store opened
read-only for each call (no module-level state: several gunicorn workers agree)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ingest.codes import SWEDEN, county_codes, region_name
from ingest.config import Config, label_in
from indicators.follow_up import follow_up
from indicators.model import BySex
from ingest.store import Store


@contextmanager
def reading(db: Path) -> Iterator[Store]:
    store = Store(db, readonly=True)
    try:
        yield store
    finally:
        store.close()


def strategy_follow_up(config: Config, db: Path, strategy: str, region: str | None = None) -> dict[str, Any]:
    """Areas, indicators, statuses and their numbers (the shape of ``ingest status --format json``)."""
    with reading(db) as store:
        return follow_up(config, store, strategy, region)


def snapshot_state(db: Path) -> dict[str, Any]:
    """Whether any dataset holds the offline snapshot, and of which date."""
    with reading(db) as store:
        rows = store.conn.execute("SELECT id, metadata FROM datasets").fetchall()
    snapshot = [(d, json.loads(m or "{}")) for d, m in rows]
    snapshot = [(d, m) for d, m in snapshot if m.get("snapshot")]
    return {
        "datasets": sorted(d for d, _ in snapshot),
        "created": max((m.get("snapshot_created") or "" for _, m in snapshot), default=None),
    }


def last_updated(db: Path) -> str | None:
    """When the store last took in new figures (the latest successful fetch)."""
    with reading(db) as store:
        row = store.conn.execute("SELECT max(finished) FROM ingest_runs WHERE status = 'ok'").fetchone()
    return row[0] if row else None


def sources_updated(db: Path) -> str | None:
    """The latest "updated" date the sources themselves give for the figures in the store."""
    with reading(db) as store:
        row = store.conn.execute("SELECT max(source_updated) FROM datasets WHERE source_updated IS NOT NULL").fetchone()
    return row[0] if row else None


def indicator_series(db: Path, strategy: str, indicator: str, regions: list[str]) -> list[dict[str, Any]]:
    """Values of one indicator for the regions, every period, every sex, sorted."""
    marks = ",".join("?" * len(regions))
    with reading(db) as store:
        rows = store.conn.execute(
            f"SELECT region, period, sex, value FROM indicator_values WHERE strategy = ? AND indicator = ? "
            f"AND region IN ({marks}) ORDER BY region, sex, period",
            [strategy, indicator, *regions],
        ).fetchall()
    return [{"region": r, "period": p, "sex": s, "value": v} for r, p, s, v in rows]


def price_index(config: Config, db: Path) -> dict[str, float] | None:
    """The configured price index by year (what the assessment deflates with)."""
    from indicators.compute import deflator_index

    with reading(db) as store:
        return deflator_index(config, store)


def indicators_with_values(db: Path, strategy: str, region: str) -> set[str]:
    """The strategy's indicators that have at least one value for the region."""
    with reading(db) as store:
        rows = store.conn.execute(
            "SELECT DISTINCT indicator FROM indicator_values WHERE strategy = ? AND region = ?", [strategy, region]
        ).fetchall()
    return {r for (r,) in rows}


def indicator_periods(db: Path, strategy: str, indicator: str) -> list[str]:
    with reading(db) as store:
        rows = store.conn.execute(
            "SELECT period, count(*) FROM indicator_values WHERE strategy = ? AND indicator = ? AND sex = 'T' "
            "GROUP BY period ORDER BY period DESC",
            [strategy, indicator],
        ).fetchall()
    return [p for p, _ in rows]


def county_values(db: Path, strategy: str, indicator: str, period: str) -> list[dict[str, Any]]:
    """All counties and Sweden for one period (sex total)."""
    regions = [SWEDEN, *county_codes()]
    marks = ",".join("?" * len(regions))
    with reading(db) as store:
        rows = store.conn.execute(
            f"SELECT region, value FROM indicator_values WHERE strategy = ? AND indicator = ? AND period = ? "
            f"AND sex = 'T' AND region IN ({marks})",
            [strategy, indicator, period, *regions],
        ).fetchall()
    return [{"region": r, "value": v} for r, v in rows]


def progress_of(db: Path, strategy: str, indicator: str, region: str) -> dict[str, Any] | None:
    with reading(db) as store:
        rows = list(store.db.query(
            "SELECT * FROM progress WHERE strategy = ? AND indicator = ? AND region = ?", [strategy, indicator, region]
        ))
    return rows[0] if rows else None


def indicator_sources(config: Config, db: Path, strategy: str, indicator: str, lang: str = "sv") -> list[dict[str, Any]]:
    """The datasets behind an indicator with their provenance, named in the reader's language."""
    _, ind = config.strategies[strategy].indicators()[indicator]
    names = list(dict.fromkeys(s.dataset for s in ind.formula.all_series()))
    if ind.municipal and ind.municipal.dataset not in names:
        names.append(ind.municipal.dataset)
    with reading(db) as store:
        found = []
        for name in names:
            meta = store.dataset_meta(name) or {"id": name}
            details = json.loads(meta.get("metadata") or "{}")
            dataset = config.datasets[name]
            found.append({
                "dataset": name,
                "source": label_in(config.sources[dataset.source].label, lang, dataset.source),
                "source_kind": config.sources[dataset.source].kind,
                "table": dataset.table,
                "label": label_in(dataset.label, lang) or meta.get("label") or name,
                "source_updated": meta.get("source_updated"),
                "fetched_at": meta.get("fetched_at"),
                "provenance": meta.get("provenance"),
                "snapshot": bool(details.get("snapshot")),
                "snapshot_created": details.get("snapshot_created"),
            })
    return found


def datasets_overview(config: Config, db: Path, lang: str = "sv") -> list[dict[str, Any]]:
    """Every configured dataset: source, table, updated, last success and failure, and how many
    values its latest update revised. A few index lookups per dataset: the cost does not grow
    with the revision history (the revisions themselves are never counted here)."""
    with reading(db) as store:
        metas = {r["id"]: r for r in store.db.query("SELECT * FROM datasets")}
        rows = []
        for name, dataset in config.datasets.items():
            meta = metas.get(name, {})
            details = json.loads(meta.get("metadata") or "{}")
            # The snapshot's figures were retrieved when it was built: loading them is no fetch.
            success = ({"finished": details.get("snapshot_created")} if details.get("snapshot")
                       else _latest_run(store, name, "status IN ('ok', 'unchanged')"))
            update = _latest_run(store, name, "status = 'ok'")
            failure = _latest_run(store, name, "status = 'failed'")
            rows.append({
                "dataset": name,
                "label": label_in(dataset.label, lang) or meta.get("label") or name,
                "source": label_in(config.sources[dataset.source].label, lang, dataset.source),
                "table": dataset.table,
                "source_updated": meta.get("source_updated"),
                "fetched_at": meta.get("fetched_at"),
                "last_success": success["finished"] if success else None,
                "last_failure": failure["finished"] if failure else None,
                "failure_reason": failure["message"] if failure else None,
                "observations": meta.get("observations") or 0,
                "revisions": update["rows_changed"] or 0 if update else 0,
                "kind": _dataset_kind(config, name, meta, details),
            })
    return rows


def _dataset_kind(config: Config, name: str, meta: dict[str, Any], details: dict[str, Any]) -> str:
    """Where a dataset's values come from: ``none`` (no values yet, whatever the source), the
    ``snapshot``, ``hand_kept`` (a file the secretariat keeps) or ``live`` (fetched from the source)."""
    if not meta or not meta.get("observations"):
        return "none"
    if details.get("snapshot"):
        return "snapshot"
    return "hand_kept" if config.sources[config.datasets[name].source].kind == "csv" else "live"


def strategy_datasets(config: Config, strategy_id: str) -> list[str]:
    """The datasets a strategy's follow-up is computed from: its indicators' series (``formula.all_series``)
    and municipal figures, its statements' figures and hand-kept series, and the price index when
    an indicator in current prices is assessed in fixed prices."""
    strategy = config.strategies[strategy_id]
    found: list[str] = []
    for _, indicator in strategy.indicators().values():
        found += [s.dataset for s in indicator.formula.all_series()]
        if indicator.municipal:
            found.append(indicator.municipal.dataset)
        if indicator.prices == "current" and config.assessment.deflator:
            found.append(config.assessment.deflator.series.dataset)
    for area in strategy.areas.values():
        for statement in area.statements:
            found += [d for d in ((statement.figure.dataset if statement.figure else None), statement.series) if d]
    return list(dict.fromkeys(found))


def revision_rows(config: Config, db: Path, since: str, lang: str, strategy: str | None = None,
                  region: str | None = None) -> list[dict[str, Any]]:
    """New and revised values since ``since`` for a reader (the overview, the reports and the data
    page): dataset and region by name, what the value is of (``detail``: women or men, the
    strategy's series, or a code that tells rows apart) in words, the kind of change in words,
    the time in the reader's language. With ``strategy`` only its datasets (``strategy_datasets``),
    with ``region`` only that region and Sweden, its comparison; without them everything (the
    data page, the secretariat's view of every dataset)."""
    from dashboard.i18n import format_datetime, t

    kinds = {"added": t("change_added", lang), "changed": t("change_revised", lang), "removed": t("change_removed", lang)}
    found = recent_revisions(db, since, datasets=strategy_datasets(config, strategy) if strategy else None,
                             regions=[region, SWEDEN] if region else None)
    details = _revision_details(config, db, found, lang)
    return [{**c, "dataset": label_in(config.datasets[c["dataset"]].label, lang, c["dataset"])
             if c["dataset"] in config.datasets else c["dataset"], "detail": detail,
             "region": region_name(c["region"], lang) if c["region"] else "", "change": kinds.get(c["change"], c["change"]),
             "changed_at": format_datetime(c["changed_at"], lang)} for c, detail in zip(found, details)]


def _revision_details(config: Config, db: Path, rows: list[dict[str, Any]], lang: str) -> list[str]:
    """What each revised value is of, in words: women or men (as the indicators name the codes; the
    total only beside them), a hand-kept series (by the strategy's words it stands for), and any
    other dimension whose code differs between the listed rows of a dataset (by the source's label
    where the store has it). Empty when nothing tells the value apart from its dataset's others."""
    from dashboard.i18n import t

    sexes: dict[tuple[str, str], tuple[str, bool]] = {}  # (dimension, code) -> (words, is the total)
    series: dict[tuple[str, str], str] = {}
    for strategy in config.strategies.values():
        for _, indicator in strategy.indicators().values():
            by_sex = indicator.by_sex or BySex()
            for code, key in ((by_sex.total, "by_sex"), (by_sex.women, "women"), (by_sex.men, "men")):
                sexes[(by_sex.dimension, code)] = (t(key, lang), key == "by_sex")
        for area in strategy.areas.values():
            for st in area.statements:
                if st.figure:
                    series.setdefault((st.figure.dataset, st.figure.series), f"”{st.quote.model_dump()[lang]}”")
    parsed = []
    for row in rows:
        try:
            dims = json.loads(row["dims"] or "{}")
        except ValueError:
            dims = {}
        parsed.append(dims if isinstance(dims, dict) else {})
    varying: dict[str, set[str]] = {}
    codes: dict[tuple[str, str], set[str]] = {}
    for row, dims in zip(rows, parsed):
        for key, code in dims.items():
            codes.setdefault((row["dataset"], key), set()).add(str(code))
    for (dataset, key), seen in codes.items():
        if len(seen) > 1:
            varying.setdefault(dataset, set()).add(key)
    labels = _value_labels(db, {d for d in varying})
    details = []
    for row, dims in zip(rows, parsed):
        words = []
        for key, code in dims.items():
            code = str(code)
            if (key, code) in sexes:
                said, total = sexes[(key, code)]
                if not total or key in varying.get(row["dataset"], ()):
                    words.append(said)
            elif (row["dataset"], code) in series:
                words.append(series[(row["dataset"], code)])
            elif key == "series" or key in varying.get(row["dataset"], ()):
                words.append(labels.get(row["dataset"], {}).get(key, {}).get(code) or code)
        details.append(", ".join(words))
    return details


def _value_labels(db: Path, datasets: set[str]) -> dict[str, dict[str, dict[str, str]]]:
    """dataset -> dimension -> code -> the source's label, as stored with the dataset's latest fetch."""
    if not datasets:
        return {}
    with reading(db) as store:
        found = {}
        for name in datasets:
            row = store.conn.execute("SELECT metadata FROM datasets WHERE id = ?", [name]).fetchone()
            try:
                meta = json.loads(row[0]) if row and row[0] else {}
            except ValueError:
                meta = {}
            found[name] = meta.get("value_labels") or {}
    return found


def _latest_run(store: Store, dataset: str, condition: str) -> dict[str, Any] | None:
    # The (dataset, started) index, walked from the newest run of this dataset.
    row = store.conn.execute(
        f"SELECT finished, message, rows_changed FROM ingest_runs WHERE dataset = ? AND {condition} "
        "ORDER BY started DESC, id DESC LIMIT 1",
        [dataset],
    ).fetchone()
    return dict(zip(("finished", "message", "rows_changed"), row)) if row else None


def recent_revisions(db: Path, since: str, limit: int = 200, *, datasets: list[str] | None = None,
                     regions: list[str] | None = None) -> list[dict[str, Any]]:
    """The latest ``limit`` new and revised values since ``since``, newest first, of ``datasets``
    and ``regions`` when given."""
    where, params = ["changed_at >= ?"], [since]
    for column, allowed in (("dataset", datasets), ("region", regions)):
        if allowed is not None:
            where.append(f"{column} IN ({','.join('?' * len(allowed))})")
            params += allowed
    columns = "dataset, region, period, dims, change, old_value, new_value, changed_at"
    with reading(db) as store:
        rows = store.conn.execute(
            # The inner query takes the newest through the index on changed_at, without sorting a
            # whole run's revisions (thousands share one time); the outer orders those for the reader.
            f"SELECT {columns} FROM (SELECT {columns} FROM observation_revisions WHERE {' AND '.join(where)} "
            "ORDER BY changed_at DESC, rowid DESC LIMIT ?) ORDER BY changed_at DESC, dataset, region, period DESC, dims",
            [*params, limit],
        ).fetchall()
    return [dict(zip(columns.split(", "), r)) for r in rows]


def region_label(code: str, lang: str) -> str:
    return region_name(code, lang)


def status_changes(db: Path, strategy: str, region: str, since: str) -> list[dict[str, Any]]:
    with reading(db) as store:
        rows = store.conn.execute(
            "SELECT indicator, old_status, new_status, changed_at FROM status_changes "
            "WHERE strategy = ? AND region = ? AND changed_at >= ? ORDER BY changed_at DESC",
            [strategy, region, since],
        ).fetchall()
    return [dict(zip(("indicator", "old_status", "new_status", "changed_at"), r)) for r in rows]


def latest_comment(db: Path, strategy: str, indicator: str) -> dict[str, Any] | None:
    """The secretariat's latest comment on one indicator (one query, not the whole follow-up)."""
    with reading(db) as store:
        rows = list(store.db.query(
            "SELECT * FROM commentary WHERE strategy = ? AND indicator = ? ORDER BY written_at DESC, id DESC LIMIT 1",
            [strategy, indicator],
        ))
    return rows[0] if rows else None


def municipal_values(db: Path, strategy: str, indicator: str, municipalities: list[str]) -> dict[str, dict[str, float]]:
    """period -> municipality -> value, for the municipalities given (sex total)."""
    if not municipalities:
        return {}
    marks = ",".join("?" * len(municipalities))
    with reading(db) as store:
        rows = store.conn.execute(
            f"SELECT period, region, value FROM indicator_values WHERE strategy = ? AND indicator = ? AND sex = 'T' "
            f"AND region IN ({marks})", [strategy, indicator, *municipalities]).fetchall()
    found: dict[str, dict[str, float]] = {}
    for period, region, value in rows:
        found.setdefault(period, {})[region] = value
    return found


def structure_profile(config: Config, db: Path, region: str, measure: str) -> dict[str, Any]:
    """A region's industries for a structure measure: the latest year's value, share and location
    quotient, and the same at the strategy's base (``base_year``), with the source's industry labels."""
    with reading(db) as store:
        periods = [p for (p,) in store.conn.execute(
            "SELECT DISTINCT period FROM structure_values WHERE measure = ? AND region = ? AND lq IS NOT NULL "
            "ORDER BY period", [measure, region])]
        rows = {p: store.conn.execute(
            "SELECT industry, value, share, lq FROM structure_values WHERE measure = ? AND region = ? AND period = ?",
            [measure, region, p]).fetchall() for p in periods[-1:] + periods[:1]}
        labels: dict[str, str] = {}
        for part in config.structure[measure].parts:
            row = store.conn.execute("SELECT metadata FROM datasets WHERE id = ?", [part.dataset]).fetchone()
            meta = json.loads(row[0]) if row and row[0] else {}
            labels.update((meta.get("value_labels") or {}).get(part.industry, {}))
    keys = ("industry", "value", "share", "lq")
    return {"periods": periods, "labels": labels,
            "by_period": {p: [dict(zip(keys, r)) for r in found] for p, found in rows.items()}}


def krugman_series(db: Path, region: str, measure: str) -> list[dict[str, Any]]:
    with reading(db) as store:
        rows = store.conn.execute("SELECT period, value, rank, rank_of FROM krugman WHERE region = ? AND measure = ? "
                                  "ORDER BY period", [region, measure]).fetchall()
    return [dict(zip(("period", "value", "rank", "rank_of"), r)) for r in rows]
