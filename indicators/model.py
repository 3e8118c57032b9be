"""The ``strategies:`` and ``assessment:`` sections of indicators.yml: strategies, areas,
indicators, formulas, the strategies' own statements, and how progress is assessed.

An indicator names its dataset(s) and formula, its labels and description in Swedish and
English, its unit and ``direction`` (required: ``increase``, ``decrease`` or ``none``). A
direction other than ``none`` and every target carry their source (the strategy's words or a
cited decision): neither is ever invented. Money series say their price basis (``prices``).
A statement is what a strategy says in numbers or in comparison ("42 procent av
sysselsättningen", "låg sysselsättningsgrad"), with the indicator that measures the same
concept, or the reason why none does. Qualitative items (a focus area's strength criteria, a
measure's state) are dated and attributed assessments, kept with their history.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

AREA_KINDS = (
    "goal", "specialisation", "focus_area", "smart_society", "horizontal", "opportunity", "bottleneck", "measures",
)
FORMULAS = ("value", "ratio", "share", "sum", "per_1000", "index", "growth_since", "splice", "chain_index")
DIRECTIONS = ("increase", "decrease", "none")


class Strict(BaseModel):
    # Finite numbers only: a target of .nan or .inf is a mistake to report, not a number.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# Any year a strategy names (base, baseline, target): a typo such as 20300 is reported by check.
Year = Annotated[int, Field(ge=1900, le=2200)]


class Labels(Strict):
    """Text in Swedish and English; both are required."""

    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Series(Strict):
    """Observations of one dataset with exactly these remaining dimension codes.

    A list of codes sums the dataset's values over them (an industry group, the public sectors);
    the sum exists only where every listed code has a value, never a partial total. ``*`` sums
    over every code of the dimension (a table without a total). ``label:TEXT`` is the code whose
    label in the source is TEXT (``label:a|b`` either), for tables whose codes are not published
    outside the API; the stored labels of the latest fetch decide.
    """

    dataset: str
    dims: dict[str, Union[str, list[str]]] = Field(default_factory=dict)
    month: int | None = Field(None, ge=1, le=12, description="a monthly source's month that stands for its year (11)")

    @field_validator("dims")
    @classmethod
    def _codes(cls, dims: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        for name, codes in dims.items():
            if isinstance(codes, list) and (not codes or len(set(codes)) != len(codes)):
                raise ValueError(f"dims.{name}: a list of codes must be non-empty and without repeats")
        return dims


class SplicePart(Strict):
    """One stretch of a spliced series: a formula for the years ``start``..``end``."""

    formula: "Formula"
    start: int | None = Field(None, ge=1900, le=2200, description="first year of this part")
    end: int | None = Field(None, ge=1900, le=2200, description="last year of this part")


class Formula(Strict):
    type: Literal["value", "ratio", "share", "sum", "per_1000", "index", "growth_since", "splice", "chain_index"]
    series: Series | None = None
    numerator: Series | None = None
    denominator: Series | None = None
    terms: list[Series] | None = None
    population: Series | None = None
    base_year: Year | None = None
    scale: float | None = None
    parts: list[SplicePart] | None = Field(None, description="splice: the stretches, oldest first")
    break_note: Labels | None = Field(None, description="splice: why the series breaks where the parts meet")

    @model_validator(mode="after")
    def _needs(self) -> "Formula":
        needs = {
            "value": ("series",),
            "ratio": ("numerator", "denominator"),
            "share": ("numerator", "denominator"),
            "sum": ("terms",),
            "per_1000": ("series", "population"),
            "index": ("series", "base_year"),
            "growth_since": ("series", "base_year"),
            "splice": ("parts", "break_note"),
            "chain_index": ("series", "base_year"),
        }[self.type]
        missing = [name for name in needs if getattr(self, name) in (None, [])]
        if missing:
            raise ValueError(f"a {self.type} formula needs {', '.join(missing)}")
        if self.type == "splice":
            if len(self.parts) < 2:
                raise ValueError("a splice needs at least two parts")
            for earlier, later in zip(self.parts, self.parts[1:]):
                if earlier.end is None or later.start is None or later.start <= earlier.end:
                    raise ValueError("splice parts run oldest first: each part but the last has an end, "
                                     "each but the first a start after the previous end")
        return self

    def all_series(self) -> list[Series]:
        found = [self.series, self.numerator, self.denominator, self.population, *(self.terms or [])]
        for part in self.parts or []:
            found += part.formula.all_series()
        return [s for s in found if s is not None]

    def splice_years(self) -> list[int]:
        """The years where a spliced series changes from one part to the next (its breaks)."""
        return [part.start for part in (self.parts or [])[1:] if part.start is not None]


SplicePart.model_rebuild()


class BySex(Strict):
    """Which code of which dimension is the total, women and men (Kolada T/K/M, SCB 1+2/2/1)."""

    dimension: str = "gender"
    total: str = "T"
    women: str = "K"
    men: str = "M"


class Baseline(Strict):
    year: Year
    source: str | None = None


class Target(Strict):
    """A target exists only with its source: the strategy's words or a cited decision."""

    value: float
    year: Year
    source: str = Field(min_length=1)


class Comparison(Strict):
    sweden: bool = True
    counties: bool = True
    peers: list[str] = Field(default_factory=list)


def unit_in_per_cent(unit: Labels) -> bool:
    """Whether a unit says per cent: ``%``, ``% av förädlingsvärdet``, ``procent``, ``per cent of men's``."""
    sv, en = unit.sv.strip().lower(), unit.en.strip().lower()
    return sv.startswith(("%", "procent")) or en.startswith(("%", "per cent", "percent"))


class Indicator(Strict):
    label: Labels
    description: Labels
    formula: Formula
    unit: Labels
    direction: Literal["increase", "decrease", "none"]
    direction_source: str | None = Field(
        None, description="where the strategy (or a cited decision) says which way is better; required unless none")
    decimals: int = Field(1, ge=0, le=4)
    prices: Literal["current", "fixed"] | None = Field(
        None, description="money series: current prices are assessed in fixed prices with the deflator")
    currency: Literal["SEK", "EUR"] = Field("SEK", description="the deflator (Swedish prices) applies to SEK only")
    baseline: Baseline | None = None
    target: Target | None = None
    comparison: Comparison | None = None
    by_sex: BySex | None = None
    municipal: Series | None = Field(None, description="the same statistic for municipalities (the county from the inside)")
    percent: bool = Field(False, description="the value is in per cent (a share or a rate): a change in it is shown in "
                                             "percentage points; required exactly when the unit is in per cent")

    @model_validator(mode="after")
    def _in_per_cent(self) -> "Indicator":
        if self.percent != unit_in_per_cent(self.unit):
            raise ValueError("percent: true goes with a unit in per cent (\"%\", \"% av ...\"), and a unit in per cent "
                             "needs percent: true (a change in it is shown in percentage points)")
        return self

    @model_validator(mode="after")
    def _cited(self) -> "Indicator":
        if self.direction != "none" and not (self.direction_source or "").strip():
            raise ValueError("direction_source is required: cite where the strategy (or a decision) says "
                             "which way is better, or use direction: none (followed, not judged)")
        if self.target is not None and self.direction == "none":
            raise ValueError("a target needs a direction (increase or decrease)")
        return self


class Assessment(Strict):
    value: str
    value_en: str | None = Field(None, description="the value in English when it is words (Ja -> Yes)")
    assessed: str = Field(description="when: 2020-10 or 2020-10-15")
    by: str
    source: str | None = None
    note: str | None = None
    note_en: str | None = None

    @field_validator("assessed")
    @classmethod
    def _date(cls, value: str) -> str:
        if not re.match(r"^\d{4}-\d{2}(-\d{2})?$", value):
            raise ValueError("assessed must be a date: 2020-10 or 2020-10-15")
        return value


class QualitativeItem(Strict):
    label: Labels
    assessments: list[Assessment] = Field(min_length=1)


class StrategyFigure(Strict):
    """The strategy's own figure for a statement: a row of a hand-kept series (with its citation)."""

    dataset: str
    series: str
    region: str
    unit: Labels
    text: Labels | None = Field(None, description="how the figure is said, with {value}: 'plats {value} av 21'")


class Statement(Strict):
    """A quantified or comparative statement of the strategy and its same-concept measure.

    ``quote`` is the strategy's own words (a test checks they are in the document). Either
    ``indicator`` names the measure (``differs`` says how it differs from the strategy's
    concept, if it does), or ``unmeasured`` says why no public statistic measures it.
    ``compare``: ``level`` sets the latest value beside the strategy's figure; ``change_since``
    the change since ``since``; ``rank`` the rank among the counties and the value of Sweden.
    """

    quote: Labels
    claim: Labels | None = Field(None, description="the strategy's words when it gives no number (låg, goda)")
    figure: StrategyFigure | None = None
    indicator: str | None = None
    compare: Literal["level", "change_since", "rank"] = "level"
    since: int | None = Field(None, ge=1900, le=2200)
    differs: Labels | None = None
    unmeasured: Labels | None = None
    series: str | None = Field(None, description="a hand-kept series the secretariat enters, shown once it has values")
    series_unit: Labels | None = Field(None, description="the series' unit in both languages")

    @model_validator(mode="after")
    def _measured_or_why_not(self) -> "Statement":
        if (self.indicator is None) == (self.unmeasured is None):
            raise ValueError("a statement names either its indicator or, with unmeasured:, why none measures it")
        if self.compare == "change_since" and self.since is None:
            raise ValueError("compare: change_since needs since: (the year the strategy counts from)")
        if self.figure is None and self.claim is None and self.indicator is not None:
            raise ValueError("a measured statement needs the strategy's figure or its claim (the words it uses)")
        return self


class IndustryGroup(Strict):
    """The industries of an area as SNI 2007 codes: sections (``B``), divisions (``29``) or ranges
    (``16-17``); measured where the source publishes them separately, never approximated."""

    label: Labels
    sni: list[str] = Field(min_length=1)


class Area(Strict):
    label: Labels
    kind: Literal[AREA_KINDS]  # type: ignore[valid-type]
    description: Labels | None = None
    indicators: dict[str, Indicator] = Field(default_factory=dict)
    qualitative: dict[str, QualitativeItem] = Field(default_factory=dict)
    statements: list[Statement] = Field(default_factory=list)
    industries: IndustryGroup | None = None


class TwinSettings(Strict):
    """Which structural indicators make counties alike, and how much each weighs."""

    indicators: dict[str, float] = Field(min_length=1, description="indicator id (or 'krugman') -> weight")
    count: int = Field(3, ge=1, le=10)

    @field_validator("indicators")
    @classmethod
    def _weights(cls, weights: dict[str, float]) -> dict[str, float]:
        if any(w < 0 for w in weights.values()) or not any(w > 0 for w in weights.values()):
            raise ValueError("weights are zero or more, and at least one is above zero")
        return weights


class Strategy(Strict):
    label: Labels
    region: str
    document: str = Field(description="the strategy document: title, publisher, date")
    document_text: str | None = Field(None, description="the document's text (relative to this file): statements quote it")
    base_year: Year
    comparison: Comparison = Field(default_factory=Comparison)
    thresholds: dict[str, float] | None = None
    twins: TwinSettings | None = None
    areas: dict[str, Area]

    def indicators(self) -> dict[str, tuple[str, Indicator]]:
        """Indicator id -> (area id, indicator)."""
        return {i: (a, ind) for a, area in self.areas.items() for i, ind in area.indicators.items()}


class Deflator(Strict):
    """The price index that turns current prices into fixed prices: a configured, cited dataset."""

    series: Series
    label: Labels


class AssessmentSettings(Strict):
    """How progress is assessed, for every strategy (documented on the methods page)."""

    thresholds: dict[str, float] = Field(default_factory=lambda: {"high": 0.015, "medium": 0.005, "low": 0.0},
                                         description="annual growth in the desired direction, without a target")
    relative_thresholds: dict[str, float] = Field(
        default_factory=lambda: {"better": 0.005, "worse": -0.005},
        description="annual change of the value as % of Sweden's: above better is better than Sweden's development")
    base: Literal["year", "mean3"] = Field("mean3", description="the base year's value, or the mean of the three years around it")
    exceptional_years: dict[int, Labels] = Field(default_factory=dict, description="years never used as a base when another is near")
    volatility_bound: float = Field(0.30, gt=0, description="year-on-year change above which a series is volatile")
    stale_after_years: int = Field(3, ge=1, le=20, description="a latest value older than this is not current")
    min_counties_for_rank: int = Field(15, ge=1, le=21)
    deflator: Deflator | None = None

    @field_validator("exceptional_years")
    @classmethod
    def _years(cls, years: dict[int, Labels]) -> dict[int, Labels]:
        for year in years:
            if not 1900 <= year <= 2200:
                raise ValueError(f"exceptional year {year} is not between 1900 and 2200")
        return years


class StructurePart(Strict):
    """One stretch of a structure measure: a dataset whose ``industry`` dimension holds SNI codes,
    its other dimensions fixed by ``dims``."""

    dataset: str
    industry: str = Field(description="the dimension that holds the SNI 2007 codes")
    dims: dict[str, str] = Field(default_factory=dict, description="codes (or label:TEXT) fixed; other dims are summed")
    month: int | None = Field(None, ge=1, le=12, description="a monthly source's month that stands for its year")
    start: int | None = Field(None, ge=1900, le=2200)
    end: int | None = Field(None, ge=1900, le=2200)


class StructureMeasure(Strict):
    """Employment or value added by industry, per county and year: the basis of shares, location
    quotients, the Krugman index and shift-share."""

    label: Labels
    unit: Labels
    parts: list[StructurePart] = Field(min_length=1)
    break_note: Labels | None = Field(None, description="why the series breaks where two parts meet")
    prices: Literal["current", "fixed"] | None = None
