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
- ``direction: none`` is followed, not judged (``followed``);
- fewer than two points, a base of zero, or base and current of opposite signs give
  ``not_available`` with the reason.

What makes a status hold up to regional statistics (each rule a function below): the base is the
base year or the mean of the three years around it, never an exceptional year (2020) when another
year within two is there (``choose_base``); money in current prices is assessed in fixed prices
(``deflate``); a status that changes class with a base one or two years away is uncertain
(``sensitivity``); growth across a series break and volatile series are flagged (``breaks_within``,
``largest_annual_change``); a latest value older than the expected lag is stale (``is_stale``);
the value as a percentage of Sweden's gets its own judgement (``relative_status``).

Every number behind a label is returned with it, so a reader can recompute the label by hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

# The one vocabulary of statuses, best first.
STATUSES = ("target_achieved", "substantial", "moderate", "limited", "deterioration", "followed", "not_available")
JUDGED = STATUSES[:5]
RELATIVE_STATUSES = ("better", "in_step", "worse", "followed", "not_available")
FLAGS = ("uncertain", "volatile", "stale", "break")

WITH_TARGET = {"high": 0.95, "medium": 0.60, "low": 0.0}
WITHOUT_TARGET = {"high": 0.015, "medium": 0.005, "low": 0.0}
RELATIVE = {"better": 0.005, "worse": -0.005}


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
class Point:
    """A value at a point in time: one period, or the mean of several (``periods``)."""

    period: str                     # "2019", or "2018–2019" for a mean
    value: float
    time: float
    periods: tuple[str, ...] = ()

    @classmethod
    def of(cls, period: str, value: float) -> "Point":
        return cls(period, value, period_time(period), (period,))


def _point(p: Point | tuple[str, float] | None) -> Point | None:
    if p is None or isinstance(p, Point):
        return p
    return Point.of(p[0], p[1])


@dataclass(frozen=True)
class Assessment:
    status: str
    reason: str                 # in English, for the operator and the JSON
    code: str                   # the reason as a code, for the readers' words (indicators.wording)
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


def _not_available(code: str, reason: str, **numbers) -> Assessment:
    return Assessment("not_available", reason, code, **numbers)


def assess(
    base: Point | tuple[str, float] | None,
    current: Point | tuple[str, float] | None,
    direction: str,
    *,
    target: tuple[float, int] | None = None,
    thresholds: dict[str, float] | None = None,
) -> Assessment:
    """The status of a series from its base point to its current point.

    ``base`` and ``current`` are points or (period, value); ``target`` is (value, year).
    """
    base, current = _point(base), _point(current)
    numbers: dict = {}
    if target is not None:
        numbers.update(target_value=target[0], target_year=target[1])
    if current is not None:
        numbers.update(current_period=current.period, current_value=current.value)
    if base is None or current is None:
        return _not_available("fewer_points", "fewer than two points: no value in the base period or later", **numbers)
    v0, v1 = base.value, current.value
    numbers.update(base_period=base.period, base_value=v0, current_period=current.period, current_value=v1)
    t0, t1 = base.time, current.time
    if t1 <= t0:
        return _not_available("base_is_latest", "fewer than two points: the latest value is the base value", **numbers)
    if v0 == 0:
        return _not_available("zero_base", "the base value is 0, so growth cannot be computed", **numbers)
    if (v0 > 0) != (v1 > 0) or v1 == 0:
        return _not_available("sign_change", "the base and current values have opposite signs (or the current is 0)", **numbers)
    observed = cagr(v0, v1, t0, t1)
    numbers["observed_growth"] = observed
    if direction == "none":
        return Assessment("followed", "no direction: the strategy does not say which way is better", "no_direction", **numbers)
    d = sign(direction)

    if target is None:
        limits = {**WITHOUT_TARGET, **(thresholds or {})}
        numbers["thresholds"] = limits
        score = d * observed
        return Assessment(_band(score, limits), _explain_no_target(score, limits), "no_target", **numbers)

    limits = {**WITH_TARGET, **(thresholds or {})}
    numbers["thresholds"] = limits
    target_value, target_year = target
    if d * (v1 - target_value) >= 0:
        return Assessment("target_achieved", f"the current value {v1:g} has reached the target {target_value:g}", "achieved",
                          **numbers)
    if target_year <= t0:
        return _not_available("target_year", f"the target year {target_year} is not after the base period {base.period}",
                              **numbers)
    if target_value == 0 or (target_value > 0) != (v0 > 0):
        return _not_available("target_sign", "the target and the base value have opposite signs (or the target is 0)", **numbers)
    required = cagr(v0, target_value, t0, float(target_year))
    numbers["required_growth"] = required
    if required == 0:
        # The base is the target but the current value has left it: any move back is progress.
        score = d * observed
        status = "substantial" if score >= 0 else "deterioration"
        return Assessment(status, "the target equals the base value", "target_is_base", **numbers)
    ratio = d * observed / abs(required)
    numbers["ratio"] = ratio
    return Assessment(
        _band(ratio, limits),
        f"observed growth is {ratio:.0%} of the growth required to reach {target_value:g} by {target_year}",
        "target", **numbers,
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


# -- the base period --------------------------------------------------------------------------


def _is_annual(period: str) -> bool:
    return len(period) == 4


def choose_base(points: list[tuple[str, float]], base_year: int, *, mode: str = "year",
                exceptional: Iterable[int] = (), before: str | None = None) -> Point | None:
    """The base of a series (periods sorted, oldest first) for ``base_year``.

    ``mean3``: the mean of the years base_year-1..base_year+1 that the series has. ``year``, or
    when the series has none of those years: the base year's value, else the first after it (Open
    SDG's rule). An exceptional year is never the base, nor in the mean, when another year within
    two years of it is there. Only periods before ``before`` (the current period) count.
    """
    usable = [(p, v) for p, v in points if before is None or p < before]
    if not usable:
        return None
    odd = set(exceptional)
    years = {int(p): v for p, v in usable if _is_annual(p)}
    if mode == "mean3" and years:
        window = [y for y in (base_year - 1, base_year, base_year + 1) if y in years]
        calm = [y for y in window if y not in odd]
        chosen = calm or ([] if _has_near(window[0] if window else base_year, years, odd) else window)
        if chosen:
            values = [years[y] for y in chosen]
            label = str(chosen[0]) if len(chosen) == 1 else f"{chosen[0]}–{chosen[-1]}"
            return Point(label, sum(values) / len(values), sum(chosen) / len(chosen), tuple(str(y) for y in chosen))
    first = next(((p, v) for p, v in usable if int(p[:4]) >= base_year), None)
    if first is None:
        return None
    year = int(first[0][:4])
    if _is_annual(first[0]) and year in odd:
        near = sorted((y for y in years if y not in odd and abs(y - year) <= 2), key=lambda y: (abs(y - year), -y))
        if near:
            return Point.of(str(near[0]), years[near[0]])
    return Point.of(*first)


def _has_near(year: int, years: Mapping[int, float], odd: set[int]) -> bool:
    return any(y not in odd and abs(y - year) <= 2 for y in years)


def sensitivity(points: list[tuple[str, float]], current: Point, base_year: int, direction: str, *,
                mode: str, exceptional: Iterable[int], target: tuple[float, int] | None,
                thresholds: dict[str, float] | None, base: Point | None,
                shifts: tuple[int, ...] = (-2, -1, 1, 2)) -> list[dict]:
    """The status with the base year one and two years away: one entry per base actually used
    (alternatives that collapse onto the main base or onto each other are dropped)."""
    seen = {base.period} if base else set()
    found = []
    for shift in shifts:
        other = choose_base(points, base_year + shift, mode=mode, exceptional=exceptional, before=current.period)
        if other is None or other.period in seen:
            continue
        seen.add(other.period)
        result = assess(other, current, direction, target=target, thresholds=thresholds)
        if result.status == "not_available":
            continue
        found.append({"base_year": base_year + shift, "base": other.period, "status": result.status,
                      "observed_growth": result.observed_growth})
    return found


def uncertain_because(status: str, alternatives: list[dict]) -> list[dict]:
    """The alternatives whose status differs: a status that changes with a nearby base is uncertain."""
    if status not in JUDGED:
        return []
    return [a for a in alternatives if a["status"] != status]


# -- real terms --------------------------------------------------------------------------------


def deflate(values: Mapping[str, float], index: Mapping[str, float]) -> tuple[dict[str, float], str | None]:
    """Values in fixed prices of the index's latest year: ``v * I(ref) / I(t)``, for the periods
    the index has. Returns the values and the reference year."""
    years = sorted(p for p in index if index[p])
    if not years:
        return {}, None
    reference = years[-1]
    return {p: v * index[reference] / index[p[:4]] for p, v in values.items() if index.get(p[:4])}, reference


# -- breaks, volatility, staleness -------------------------------------------------------------


def breaks_within(breaks: Iterable[str], start: str, end: str) -> list[str]:
    """Declared breaks (the first period of a new definition) inside (start, end]."""
    return sorted(b for b in breaks if start < b <= end)


def largest_annual_change(points: list[tuple[str, float]], start: str, end: str) -> float | None:
    """The largest year-on-year change (annualised over gaps) between ``start`` and ``end``."""
    window = [(period_time(p), v) for p, v in points if start <= p <= end]
    largest = None
    for (t0, v0), (t1, v1) in zip(window, window[1:]):
        if v0 == 0 or (v0 > 0) != (v1 > 0) or t1 <= t0:
            continue
        change = abs((v1 / v0) ** (1 / (t1 - t0)) - 1)
        largest = change if largest is None else max(largest, change)
    return largest


def is_stale(latest_period: str, today_year: int, lag_years: int) -> bool:
    """A latest value older than the expected lag is not current progress."""
    return today_year - int(latest_period[:4]) > lag_years


# -- relative to Sweden ------------------------------------------------------------------------


@dataclass(frozen=True)
class Relative:
    status: str
    reason: str
    base_period: str | None = None
    base_value: float | None = None          # the value as % of Sweden's at the base
    current_period: str | None = None
    current_value: float | None = None       # ... and now
    observed_growth: float | None = None     # annual change of that percentage
    thresholds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def relative_status(base: Point | None, current: Point | None, direction: str,
                    thresholds: dict[str, float] | None = None) -> Relative:
    """Is the region's development better than Sweden's? The trend of its value as % of Sweden's."""
    limits = {**RELATIVE, **(thresholds or {})}
    if base is None or current is None or current.time <= base.time:
        return Relative("not_available", "fewer than two periods with a value for both the region and Sweden",
                        current_period=current.period if current else None,
                        current_value=current.value if current else None)
    numbers = dict(base_period=base.period, base_value=base.value, current_period=current.period,
                   current_value=current.value)
    if base.value <= 0 or current.value <= 0:
        return Relative("not_available", "the value or Sweden's is zero or negative", **numbers)
    growth = cagr(base.value, current.value, base.time, current.time)
    if direction == "none":
        return Relative("followed", "no direction: not judged", observed_growth=growth, **numbers)
    score = sign(direction) * growth
    status = "better" if score > limits["better"] else "worse" if score < limits["worse"] else "in_step"
    return Relative(status, f"the value as % of Sweden's changes {score:.2%} a year in the desired direction",
                    observed_growth=growth, thresholds=limits, **numbers)


# -- ranks and roll-ups ------------------------------------------------------------------------


def rank(values: dict[str, float], region: str, direction: str) -> tuple[int, int] | None:
    """Rank of ``region`` among ``values`` (1 = best in the desired direction; with no direction
    1 = the highest value) and how many."""
    if region not in values or not values:
        return None
    d = 1 if direction == "none" else sign(direction)
    better = sum(1 for v in values.values() if d * v > d * values[region])
    return better + 1, len(values)


def quartile(position: int, of: int) -> int:
    """Quartile 1 (best) to 4 of a rank."""
    return min(4, math.ceil(4 * position / of)) if of else 0


def verdict(indicators: Iterable[Mapping]) -> dict:
    """One verdict from a set of statuses: how many are judged and how, how many are stale,
    followed without a direction, not assessable or without data."""
    counts = {s: 0 for s in JUDGED}
    total = stale = followed = no_data = not_assessable = uncertain = 0
    for ind in indicators:
        total += 1
        flags = ind.get("flags") or []
        if ind.get("latest") is None and ind.get("current_value") is None:
            no_data += 1
        elif "stale" in flags:
            stale += 1
        elif ind["status"] in JUDGED:
            counts[ind["status"]] += 1
            uncertain += "uncertain" in flags
        elif ind["status"] == "followed":
            followed += 1
        else:
            not_assessable += 1
    return {"total": total, "assessed": sum(counts.values()), "by_status": counts, "uncertain": uncertain,
            "stale": stale, "followed": followed, "not_assessable": not_assessable, "no_data": no_data}
