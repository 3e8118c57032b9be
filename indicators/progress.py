"""Progress assessment: pure functions, no I/O.

The method of Statistics Canada and Open SDG, which Eurostat's SDG monitoring also follows
(open-sdg/sdg-build ``sdg/ProgressMeasure.py``; Open SDG's progress methodology):

- observed growth is the compound annual growth rate ``CAGR = (v1/v0)^(1/(t1-t0)) - 1``;
- with a target, the required growth takes the base value to the target by the target year, and
  ``ratio = direction * observed / |required|``: the target met is ``target_achieved``; otherwise
  ``ratio >= 0.95`` is ``substantial``, ``>= 0.60`` ``moderate``, ``>= 0`` ``limited`` and below
  0 ``deterioration``;
- without a target, ``direction * observed`` is held against thresholds (Statistics Canada's
  1.5 % / 0.5 % / 0 by default, configurable);
- fewer than two points, a base of zero, or base and current of opposite signs give
  ``not_available`` with the reason.

Every number behind a label is returned with it, so a reader can recompute the label by hand.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

# The one vocabulary of statuses, best first.
STATUSES = ("target_achieved", "substantial", "moderate", "limited", "deterioration", "not_available")

WITH_TARGET = {"high": 0.95, "medium": 0.60, "low": 0.0}
WITHOUT_TARGET = {"high": 0.015, "medium": 0.005, "low": 0.0}


def period_time(period: str) -> float:
    """A canonical period as a point in time in years: 2023 -> 2023.0, 2023-Q3 -> 2023.5, 2023-04 -> 2023.25."""
    year = int(period[:4])
    if "-Q" in period:
        return year + (int(period[-1]) - 1) / 4
    if len(period) == 7:
        return year + (int(period[5:7]) - 1) / 12
    return float(year)


def cagr(v0: float, v1: float, t0: float, t1: float) -> float:
    """Compound annual growth from v0 at t0 to v1 at t1 (same sign, v0 != 0, t1 > t0).

    For negative values the sign is turned so that a rise of the value is positive growth
    (-10 to -5 is growth, not decline).
    """
    growth = (v1 / v0) ** (1.0 / (t1 - t0)) - 1.0
    return growth if v0 > 0 else -growth


def sign(direction: str) -> int:
    if direction not in ("increase", "decrease"):
        raise ValueError(f"direction must be 'increase' or 'decrease', not {direction!r}")
    return 1 if direction == "increase" else -1


@dataclass(frozen=True)
class Assessment:
    status: str
    reason: str
    base_period: str | None = None
    base_value: float | None = None
    current_period: str | None = None
    current_value: float | None = None
    target_value: float | None = None
    target_year: int | None = None
    observed_growth: float | None = None
    required_growth: float | None = None
    ratio: float | None = None
    thresholds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _not_available(reason: str, **numbers) -> Assessment:
    return Assessment("not_available", reason, **numbers)


def assess(
    base: tuple[str, float] | None,
    current: tuple[str, float] | None,
    direction: str,
    *,
    target: tuple[float, int] | None = None,
    thresholds: dict[str, float] | None = None,
) -> Assessment:
    """The status of a series from its base point to its current point.

    ``base`` and ``current`` are (period, value); ``target`` is (value, year).
    """
    d = sign(direction)
    numbers: dict = {}
    if target is not None:
        numbers.update(target_value=target[0], target_year=target[1])
    if current is not None:
        numbers.update(current_period=current[0], current_value=current[1])
    if base is None or current is None:
        return _not_available("fewer than two points: no value in the base period or later", **numbers)
    (p0, v0), (p1, v1) = base, current
    numbers.update(base_period=p0, base_value=v0, current_period=p1, current_value=v1)
    t0, t1 = period_time(p0), period_time(p1)
    if t1 <= t0:
        return _not_available("fewer than two points: the latest value is the base value", **numbers)
    if v0 == 0:
        return _not_available("the base value is 0, so growth cannot be computed", **numbers)
    if (v0 > 0) != (v1 > 0) or v1 == 0:
        return _not_available("the base and current values have opposite signs (or the current is 0)", **numbers)
    observed = cagr(v0, v1, t0, t1)
    numbers["observed_growth"] = observed

    if target is None:
        limits = {**WITHOUT_TARGET, **(thresholds or {})}
        numbers["thresholds"] = limits
        score = d * observed
        return Assessment(_band(score, limits), _explain_no_target(score, limits), **numbers)

    limits = {**WITH_TARGET, **(thresholds or {})}
    numbers["thresholds"] = limits
    target_value, target_year = target
    if d * (v1 - target_value) >= 0:
        return Assessment("target_achieved", f"the current value {v1:g} has reached the target {target_value:g}", **numbers)
    if target_year <= t0:
        return _not_available(f"the target year {target_year} is not after the base period {p0}", **numbers)
    if target_value == 0 or (target_value > 0) != (v0 > 0):
        return _not_available("the target and the base value have opposite signs (or the target is 0)", **numbers)
    required = cagr(v0, target_value, t0, float(target_year))
    numbers["required_growth"] = required
    if required == 0:
        # The base is the target but the current value has left it: any move back is progress.
        score = d * observed
        status = "substantial" if score >= 0 else "deterioration"
        return Assessment(status, "the target equals the base value", **numbers)
    ratio = d * observed / abs(required)
    numbers["ratio"] = ratio
    return Assessment(
        _band(ratio, limits),
        f"observed growth is {ratio:.0%} of the growth required to reach {target_value:g} by {target_year}",
        **numbers,
    )


def _band(score: float, limits: dict[str, float]) -> str:
    if score >= limits["high"]:
        return "substantial"
    if score >= limits["medium"]:
        return "moderate"
    if score >= limits["low"]:
        return "limited"
    return "deterioration"


def _explain_no_target(score: float, limits: dict[str, float]) -> str:
    return (
        f"no target: growth in the desired direction of {score:.2%} a year against thresholds "
        f"{limits['high']:.1%} / {limits['medium']:.1%} / {limits['low']:.1%}"
    )


def rank(values: dict[str, float], region: str, direction: str) -> tuple[int, int] | None:
    """Rank of ``region`` among ``values`` (1 = best in the desired direction) and how many."""
    if region not in values or not values:
        return None
    d = sign(direction)
    better = sum(1 for v in values.values() if d * v > d * values[region])
    return better + 1, len(values)


def quartile(position: int, of: int) -> int:
    """Quartile 1 (best) to 4 of a rank."""
    return min(4, math.ceil(4 * position / of)) if of else 0
