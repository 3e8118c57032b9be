"""``indicators.yml``: the pydantic model and a loader that reports every problem at once.

Each problem carries the file, the YAML path and the line, e.g.::

    indicators.yml:14: datasets.population.source: unknown source 'sbc'; defined sources: scb, scb_v1
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ingest.codes import region
from ingest.errors import ConfigError, ConfigProblem, SelectionError, did_you_mean
from ingest.pxweb.selection import parse_selection_items
from indicators.model import AssessmentSettings, Labels, Strategy, StructureMeasure
from ingest.yamlsource import LoadedYaml, YamlPath, load_yaml

DEFAULT_CONFIG = Path("indicators.yml")
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("base_url must start with http:// or https://")
    return value.rstrip("/")


HttpUrlText = Annotated[str, AfterValidator(_http_url)]


class StrictModel(BaseModel):
    # allow_inf_nan=False: "timeout: .inf" or "value: .nan" is a mistake to report, not a number.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


LabelText = Union[str, Labels]


def label_in(label: LabelText | None, lang: str, default: str = "") -> str:
    """A configured label in the reader's language (a plain string is the same in both)."""
    if label is None:
        return default
    return label if isinstance(label, str) else getattr(label, lang)


class PxWebSourceConfig(StrictModel):
    """A PxWeb server: SCB's PxWebApi 2.0, or a v1 host such as Tillväxtanalys."""

    kind: Literal["pxweb"]
    base_url: HttpUrlText = Field(description="API root: .../api/v2 for v2, the database path for v1")
    version: Literal[1, 2] = 2
    language: str | None = Field(None, description="lang=… for v2; v1 has it in the path")
    label: LabelText | None = None
    timeout: float = Field(60.0, gt=0, description="seconds per request")
    config_url: str | None = Field(None, description="v1 only: where ?config lives if not the parent of base_url")



class KoladaSourceConfig(StrictModel):
    """Kolada v3 (RKA): KPIs per municipality and region."""

    kind: Literal["kolada"]
    base_url: HttpUrlText = "https://api.kolada.se/v3"
    label: LabelText | None = None
    timeout: float = Field(30.0, gt=0)
    requests_per_second: float = Field(5.0, gt=0, description="Kolada publishes no limit; clients keep to 5/s")
    per_page: int = Field(5000, ge=1, le=5000)


class EurostatSourceConfig(StrictModel):
    """Eurostat's dissemination API (statistics 1.0, JSON-stat 2.0)."""

    kind: Literal["eurostat"]
    base_url: HttpUrlText = "https://ec.europa.eu/eurostat/api/dissemination"
    language: Literal["EN", "FR", "DE"] = "EN"
    label: LabelText | None = None
    timeout: float = Field(60.0, gt=0)
    requests_per_second: float = Field(3.0, gt=0)


class OpenDataFilesSourceConfig(StrictModel):
    """Tillväxtverket's open-data files: tab-separated text, whole files re-published monthly."""

    kind: Literal["tillvaxtverket"]
    base_url: HttpUrlText = "https://oppnadata.tillvaxtverket.se/data/inkvartering"
    encoding: str = "latin-1"
    label: LabelText | None = None
    timeout: float = Field(120.0, gt=0)


class CsvSourceConfig(StrictModel):
    """Hand-kept series: CSV files in a folder (relative to the configuration file)."""

    kind: Literal["csv"]
    directory: str = "data/manual"
    label: LabelText | None = None


SOURCE_KINDS: dict[str, type[StrictModel]] = {
    "pxweb": PxWebSourceConfig,
    "kolada": KoladaSourceConfig,
    "eurostat": EurostatSourceConfig,
    "tillvaxtverket": OpenDataFilesSourceConfig,
    "csv": CsvSourceConfig,
}
SourceConfig = (
    PxWebSourceConfig | KoladaSourceConfig | EurostatSourceConfig | OpenDataFilesSourceConfig | CsvSourceConfig
)

# The selection keys each kind understands (None: any, as for PxWeb's and Eurostat's own variables).
SELECTION_KEYS: dict[str, frozenset[str] | None] = {
    "pxweb": None,
    "kolada": frozenset({"municipality", "year", "gender"}),
    "eurostat": None,
    "tillvaxtverket": frozenset({"level", "region", "measure", "ANLAGGNINGSTYP_NAMN", "LANDGRP_SVUTL_NAMN", "year"}),
    "csv": frozenset({"series", "region"}),
}


class SeriesBreak(StrictModel):
    """Where a dataset's series changes definition or source: growth across it is not like for like."""

    period: str = Field(description="the first period of the new definition (2020)")
    note: Labels


class DatasetConfig(StrictModel):
    """One table (or KPI, or file) of a source, and the part of it we keep."""

    source: str
    table: str = Field(description="v2 table id (TAB638) or v1 table path")
    selection: dict[str, list[str]] = Field(default_factory=dict)
    codelists: dict[str, str] = Field(default_factory=dict)
    label: LabelText | None = None
    unit: str | None = None
    region_variable: str | None = Field(None, description="the region variable when it is not 'Region'")
    refresh: Literal["daily", "weekly", "monthly", "quarterly", "yearly"] = Field(
        "monthly", description="how often the source publishes: when `run --due` fetches the dataset"
    )
    region_codes_from_labels: bool = Field(
        False, description="PxWeb hosts whose region values are running numbers labelled '25 Norrbottens län'"
    )
    note: str | None = None
    breaks: list[SeriesBreak] = Field(default_factory=list, description="series breaks, as data")
    expected_lag_years: int | None = Field(
        None, ge=0, le=20, description="how many years behind the present the latest figure normally is")


class EmailNotification(StrictModel):
    smtp_host: str
    smtp_port: int = Field(25, ge=1, le=65535)
    sender: str
    recipients: list[str] = Field(min_length=1)
    starttls: bool = False
    username_env: str | None = Field(None, description="environment variable holding the SMTP user")
    password_env: str | None = Field(None, description="environment variable holding the SMTP password")


class WebhookNotification(StrictModel):
    url: HttpUrlText


class Notifications(StrictModel):
    """Who hears about a failed or overdue nightly run (S3_WEBHOOK_URL and S3_SMTP_* in the
    environment override these)."""

    email: EmailNotification | None = None
    webhook: WebhookNotification | None = None


class ConfigFile(StrictModel):
    sources: dict[str, Any]
    datasets: dict[str, Any] = Field(default_factory=dict)
    strategies: dict[str, Any] = Field(default_factory=dict)
    assessment: Any = None
    structure: dict[str, Any] = Field(default_factory=dict)
    notifications: Notifications | None = None


class Config(StrictModel):
    """The validated configuration."""

    path: Path
    sources: dict[str, SourceConfig]
    datasets: dict[str, DatasetConfig]
    strategies: dict[str, Strategy] = Field(default_factory=dict)
    assessment: AssessmentSettings = Field(default_factory=AssessmentSettings)
    structure: dict[str, StructureMeasure] = Field(default_factory=dict)
    notifications: Notifications = Field(default_factory=Notifications)


def _keeps_text(path: YamlPath) -> bool:
    # Value codes and codelist ids are text even when they look like numbers ("01", 2020), and so
    # are the codes an indicator picks (dims) and an area's SNI codes (29, 16-17).
    if len(path) >= 4 and path[0] == "datasets" and path[2] in ("selection", "codelists"):
        return True
    return path[:1] in (("strategies",), ("assessment",), ("structure",)) and ("dims" in path or "sni" in path)


def _message(error: dict[str, Any], model: type[BaseModel] | None) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        valid = ", ".join(model.model_fields) if model else ""
        near = did_you_mean(loc[-1], model.model_fields) if model else ""
        return f"unknown key {loc[-1]!r}{near}" + (f"; valid keys: {valid}" if valid else "")
    if kind == "missing":
        return f"required key {loc[-1]!r} is missing"
    if kind == "literal_error":
        return f"{error['msg'].lower()}, not {error.get('input')!r}"
    if kind in ("list_type", "dict_type", "string_type"):
        shape = {"list_type": "a list", "dict_type": "a mapping", "string_type": "text"}[kind]
        hint = ' (e.g. ["10", "25"])' if kind == "list_type" else ""
        return f"must be {shape}{hint}, not {type(error.get('input')).__name__}"
    return error["msg"].removeprefix("Value error, ")


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _model_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that holds the value at ``loc`` below ``model``."""
    current: Any = model
    for part in loc:
        current = _strip_optional(current)
        if _is_model(current):
            if part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
        elif typing.get_origin(current) in (dict, list):
            current = typing.get_args(current)[-1]  # a dict's value or a list's item
        else:
            return None
    current = _strip_optional(current)
    return current if _is_model(current) else None


def _pydantic_problems(
    loaded: LoadedYaml, exc: ValidationError, prefix: YamlPath = (), model: type[BaseModel] | None = None
) -> list[ConfigProblem]:
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        owner = _model_at(model or ConfigFile, tuple(error["loc"])[:-1]) if error["type"] == "extra_forbidden" else model
        problems.append(loaded.problem(loc, _message(error, owner)))
    return problems


def _pxweb_selection_problems(loaded: LoadedYaml, where: YamlPath, raw: dict[str, Any]) -> list[ConfigProblem]:
    """Every malformed PxWeb expression, empty selection and odd codelist id of one dataset."""
    problems = []
    selection = raw.get("selection")
    for variable, items in (selection.items() if isinstance(selection, dict) else []):
        if isinstance(items, list) and not items:
            problems.append(
                loaded.problem(
                    where + ("selection", variable),
                    f"the selection of {variable!r} is empty; leave the variable out to eliminate it",
                )
            )
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, str):
                try:
                    parse_selection_items([item])
                except SelectionError as exc:
                    problems.append(loaded.problem(where + ("selection", variable, i), str(exc)))
    codelists = raw.get("codelists")
    for variable, codelist in (codelists.items() if isinstance(codelists, dict) else []):
        if isinstance(codelist, str) and not codelist.startswith(("vs_", "agg_", "vs:", "agg:")):
            problems.append(
                loaded.problem(
                    where + ("codelists", variable),
                    f"codelist {codelist!r} should start with vs_ or agg_ (v2) or vs: or agg: (v1)",
                )
            )
    return problems


def _unknown_dataset(name: object, datasets: dict[str, Any]) -> str:
    """The one wording for a reference to a dataset that is not configured."""
    return (f"unknown dataset {name!r}{did_you_mean(name, datasets)}; configured datasets: "
            f"{', '.join(datasets) or 'none'}")


def _strategy_problems(
    loaded: LoadedYaml, where: YamlPath, strategy: Strategy, datasets: dict[str, Any]
) -> list[ConfigProblem]:
    """Dangling references and duplicate indicator ids of one strategy."""
    problems = []
    if region(strategy.region) is None or region(strategy.region).level != "county":
        problems.append(loaded.problem(where + ("region",), f"region {strategy.region!r} is not a county code (01–25)"))
    seen: dict[str, str] = {}
    for area_id, area in strategy.areas.items():
        for indicator_id, indicator in area.indicators.items():
            at = where + ("areas", area_id, "indicators", indicator_id)
            if indicator_id in seen:
                problems.append(
                    loaded.problem(at, f"indicator id {indicator_id!r} is already used in area {seen[indicator_id]!r}")
                )
            seen[indicator_id] = area_id
            for series in indicator.formula.all_series():
                if series.dataset not in datasets:
                    problems.append(
                        loaded.problem(at + ("formula",), _unknown_dataset(series.dataset, datasets))
                    )
            if indicator.target and indicator.baseline and indicator.target.year <= indicator.baseline.year:
                problems.append(loaded.problem(at + ("target", "year"), "the target year must be after the baseline year"))
            if indicator.municipal and indicator.municipal.dataset not in datasets:
                problems.append(loaded.problem(at + ("municipal", "dataset"),
                                               _unknown_dataset(indicator.municipal.dataset, datasets)))
        for i, statement in enumerate(area.statements):
            at = where + ("areas", area_id, "statements", i)
            if statement.indicator is not None and statement.indicator not in strategy.indicators():
                problems.append(loaded.problem(at + ("indicator",), f"unknown indicator {statement.indicator!r}"
                                               f"{did_you_mean(statement.indicator, strategy.indicators())}; "
                                               f"this strategy's indicators: {', '.join(strategy.indicators())}"))
            if statement.figure and statement.figure.dataset not in datasets:
                problems.append(loaded.problem(at + ("figure", "dataset"),
                                               _unknown_dataset(statement.figure.dataset, datasets)))
    return problems


def _assessment_problems(loaded: LoadedYaml, raw: Any, datasets: dict[str, Any]) -> tuple[AssessmentSettings, list[ConfigProblem]]:
    if raw is None:
        return AssessmentSettings(), []
    try:
        settings = AssessmentSettings.model_validate(raw)
    except ValidationError as exc:
        return AssessmentSettings(), _pydantic_problems(loaded, exc, ("assessment",), AssessmentSettings)
    problems = []
    if settings.deflator and settings.deflator.series.dataset not in datasets:
        problems.append(loaded.problem(("assessment", "deflator", "series", "dataset"),
                                       _unknown_dataset(settings.deflator.series.dataset, datasets)))
    return settings, problems


def notifications_of(path: str | Path = DEFAULT_CONFIG) -> Notifications:
    """The ``notifications:`` of a configuration that may not load as a whole (a typo elsewhere in
    it must still reach IT): read on their own, and none when even they cannot be read (the
    environment's S3_WEBHOOK_URL and S3_SMTP_* still work; see ``ingest.notify.effective``)."""
    try:
        loaded = load_yaml(path)
        if loaded.problems or not isinstance(loaded.data, dict):
            return Notifications()
        return Notifications.model_validate(loaded.data.get("notifications") or {})
    except (ValidationError, OSError, ValueError):
        return Notifications()


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """Load and validate ``indicators.yml``; raise ``ConfigError`` listing every problem."""
    loaded = load_yaml(path, keep_text=_keeps_text)
    problems = list(loaded.problems)
    if loaded.data is None:
        raise ConfigError(problems)
    if not isinstance(loaded.data, dict):
        raise ConfigError(problems + [loaded.problem((), "the file must be a mapping with sources: and datasets:")])

    notifications = Notifications()
    try:
        notifications = ConfigFile.model_validate(loaded.data).notifications or Notifications()
    except ValidationError as exc:
        problems += _pydantic_problems(loaded, exc)

    sources: dict[str, SourceConfig] = {}
    raw_sources = loaded.data.get("sources") if isinstance(loaded.data.get("sources"), dict) else {}
    for name, raw in raw_sources.items():
        where: YamlPath = ("sources", name)
        if not isinstance(raw, dict):
            problems.append(loaded.problem(where, "a source is a mapping with kind: and base_url:"))
            continue
        kind = raw.get("kind")
        model = SOURCE_KINDS.get(kind) if isinstance(kind, str) else None
        if model is None:
            problems.append(loaded.problem(
                where + ("kind",),
                f"unknown source kind {kind!r}{did_you_mean(kind, SOURCE_KINDS)}; known kinds: {', '.join(SOURCE_KINDS)}",
            ))
            continue
        try:
            sources[name] = model.model_validate(raw)
        except ValidationError as exc:
            problems += _pydantic_problems(loaded, exc, where, model)

    datasets: dict[str, DatasetConfig] = {}
    raw_datasets = loaded.data.get("datasets") if isinstance(loaded.data.get("datasets"), dict) else {}
    for dataset_id, raw in raw_datasets.items():
        where = ("datasets", dataset_id)
        if not IDENTIFIER.match(dataset_id):
            problems.append(loaded.problem(where, f"dataset id {dataset_id!r}: use letters, digits and _ only"))
        if not isinstance(raw, dict):
            problems.append(loaded.problem(where, "a dataset is a mapping with source:, table: and selection:"))
            continue
        try:
            datasets[dataset_id] = DatasetConfig.model_validate(raw)
        except ValidationError as exc:
            problems += _pydantic_problems(loaded, exc, where, DatasetConfig)
        source_name = raw.get("source")
        if isinstance(source_name, str) and source_name not in raw_sources:
            known = ", ".join(raw_sources) or "none"
            problems.append(
                loaded.problem(where + ("source",),
                               f"unknown source {source_name!r}{did_you_mean(source_name, raw_sources)}; defined sources: {known}")
            )
        source = sources.get(source_name)
        if isinstance(source, PxWebSourceConfig):
            problems += _pxweb_selection_problems(loaded, where, raw)
        allowed = SELECTION_KEYS.get(source.kind) if source is not None else None
        selection = raw.get("selection")
        for key in (selection if isinstance(selection, dict) and allowed is not None else []):
            if key not in allowed:
                problems.append(
                    loaded.problem(
                        where + ("selection", key),
                        f"a {source.kind} selection has no key {key!r}; valid keys: {', '.join(sorted(allowed))}",
                    )
                )
    strategies: dict[str, Strategy] = {}
    raw_strategies = loaded.data.get("strategies") if isinstance(loaded.data.get("strategies"), dict) else {}
    for strategy_id, raw in raw_strategies.items():
        where = ("strategies", strategy_id)
        try:
            strategies[strategy_id] = Strategy.model_validate(raw)
        except ValidationError as exc:
            problems += _pydantic_problems(loaded, exc, where, Strategy)
            continue
        problems += _strategy_problems(loaded, where, strategies[strategy_id], raw_datasets)
    assessment, found = _assessment_problems(loaded, loaded.data.get("assessment"), raw_datasets)
    problems += found
    structure: dict[str, StructureMeasure] = {}
    raw_structure = loaded.data.get("structure") if isinstance(loaded.data.get("structure"), dict) else {}
    for name, raw in raw_structure.items():
        where = ("structure", name)
        try:
            structure[name] = StructureMeasure.model_validate(raw)
        except ValidationError as exc:
            problems += _pydantic_problems(loaded, exc, where, StructureMeasure)
            continue
        for i, part in enumerate(structure[name].parts):
            if part.dataset not in raw_datasets:
                problems.append(loaded.problem(where + ("parts", i, "dataset"),
                                               _unknown_dataset(part.dataset, raw_datasets)))
    for strategy_id, strategy in strategies.items():
        for indicator_id in (strategy.twins.indicators if strategy.twins else {}):
            if indicator_id != "krugman" and indicator_id not in strategy.indicators():
                problems.append(loaded.problem(("strategies", strategy_id, "twins", "indicators", indicator_id),
                                               f"unknown indicator {indicator_id!r}"
                                               f"{did_you_mean(indicator_id, [*strategy.indicators(), 'krugman'])} "
                                               "(or 'krugman')"))
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return Config(
        path=Path(path), sources=sources, datasets=datasets, strategies=strategies, assessment=assessment,
        structure=structure, notifications=notifications,
    )


def unused_datasets(config: Config) -> list[str]:
    """Datasets no indicator, statement, structure measure or deflator uses (``check`` warns)."""
    used: set[str] = set()
    for strategy in config.strategies.values():
        for _, indicator in strategy.indicators().values():
            used.update(s.dataset for s in indicator.formula.all_series())
            if indicator.municipal:
                used.add(indicator.municipal.dataset)
        for area in strategy.areas.values():
            for statement in area.statements:
                if statement.figure:
                    used.add(statement.figure.dataset)
                if statement.series:
                    used.add(statement.series)
    for measure in config.structure.values():
        used.update(part.dataset for part in measure.parts)
    if config.assessment.deflator:
        used.add(config.assessment.deflator.series.dataset)
    return [name for name in config.datasets if name not in used]
