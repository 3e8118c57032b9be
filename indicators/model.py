"""The ``strategies:`` section of indicators.yml: strategies, areas, indicators, formulas.

An indicator names its dataset(s) and formula, its labels and description in Swedish and
English, its unit, ``direction`` (required: ``increase`` or ``decrease``), and optionally a
baseline, a target, a comparison set, a breakdown by sex and the strategy's own reference
figures. Qualitative items (a focus area's strength criteria, a measure's state) are dated and
attributed assessments, kept with their history.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

AREA_KINDS = (
    "goal", "specialisation", "focus_area", "smart_society", "horizontal", "opportunity", "bottleneck", "measures",
)
FORMULAS = ("value", "ratio", "share", "sum", "per_1000", "index", "growth_since")


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
    """Observations of one dataset with exactly these remaining dimension codes."""

    dataset: str
    dims: dict[str, str] = Field(default_factory=dict)


class Formula(Strict):
    type: Literal["value", "ratio", "share", "sum", "per_1000", "index", "growth_since"]
    series: Series | None = None
    numerator: Series | None = None
    denominator: Series | None = None
    terms: list[Series] | None = None
    population: Series | None = None
    base_year: Year | None = None
    scale: float | None = None

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
        }[self.type]
        missing = [name for name in needs if getattr(self, name) in (None, [])]
        if missing:
            raise ValueError(f"a {self.type} formula needs {', '.join(missing)}")
        return self

    def all_series(self) -> list[Series]:
        found = [self.series, self.numerator, self.denominator, self.population, *(self.terms or [])]
        return [s for s in found if s is not None]


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
    value: float
    year: Year
    source: str | None = None


class Comparison(Strict):
    sweden: bool = True
    counties: bool = True
    peers: list[str] = Field(default_factory=list)


class ReferenceFigure(Strict):
    """A figure the strategy itself states, kept in a hand-kept dataset with its citation."""

    dataset: str
    series: str
    region: str
    label: Labels
    unit: Labels | None = Field(None, description="the unit in both languages (else the hand-kept file's unit)")


class Indicator(Strict):
    label: Labels
    description: Labels
    formula: Formula
    unit: Labels
    direction: Literal["increase", "decrease"]
    decimals: int = Field(1, ge=0, le=4)
    baseline: Baseline | None = None
    target: Target | None = None
    comparison: Comparison | None = None
    by_sex: BySex | None = None
    reference_figures: list[ReferenceFigure] = Field(default_factory=list)


class Assessment(Strict):
    value: str
    assessed: str = Field(description="when: 2020-10 or 2020-10-15")
    by: str
    source: str | None = None
    note: str | None = None

    @field_validator("assessed")
    @classmethod
    def _date(cls, value: str) -> str:
        import re

        if not re.match(r"^\d{4}-\d{2}(-\d{2})?$", value):
            raise ValueError("assessed must be a date: 2020-10 or 2020-10-15")
        return value


class QualitativeItem(Strict):
    label: Labels
    assessments: list[Assessment] = Field(min_length=1)


class Area(Strict):
    label: Labels
    kind: Literal[AREA_KINDS]  # type: ignore[valid-type]
    description: Labels | None = None
    indicators: dict[str, Indicator] = Field(default_factory=dict)
    qualitative: dict[str, QualitativeItem] = Field(default_factory=dict)


class Strategy(Strict):
    label: Labels
    region: str
    document: str = Field(description="the strategy document: title, publisher, date")
    base_year: Year
    comparison: Comparison = Field(default_factory=Comparison)
    thresholds: dict[str, float] | None = None
    areas: dict[str, Area]

    def indicators(self) -> dict[str, tuple[str, Indicator]]:
        """Indicator id -> (area id, indicator)."""
        return {i: (a, ind) for a, area in self.areas.items() for i, ind in area.indicators.items()}
