"""Smart-specialisation analytics as pure functions: shares, location quotients, the Krugman
specialisation index, shift-share and twin regions.

- share of industry i in region r: ``s_ir = E_ir / Σ_i E_ir``;
- location quotient: ``LQ_ir = s_ir / s_iN`` (N = Sweden): above 1 the region is specialised in i;
- Krugman dissimilarity index: ``K_r = Σ_i |s_ir - s_iN|`` (0 = Sweden's structure, 2 = nothing in
  common), computed over the finest industries the source publishes;
- shift-share of the change ``E_ir1 - E_ir0`` (the classic decomposition, Dunn 1960): the national
  growth effect ``E_ir0 · g_N``, the industry-mix effect ``E_ir0 · (g_iN - g_N)`` and the regional
  (competitive) effect ``E_ir0 · (g_ir - g_iN)``, where g are growth rates from t0 to t1; the three
  add up to the change;
- twins: the weighted Euclidean distance between regions on standardised indicators (z-scores
  across the regions compared), so no indicator weighs more because of its unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass


def shares(values: Mapping[str, float]) -> dict[str, float]:
    """Each industry's share of the total of ``values`` (industry -> amount)."""
    total = sum(values.values())
    if total <= 0:
        return {}
    return {i: v / total for i, v in values.items()}


def location_quotient(region_share: float, national_share: float) -> float | None:
    return region_share / national_share if national_share > 0 else None


def krugman(region: Mapping[str, float], nation: Mapping[str, float]) -> float | None:
    """Krugman dissimilarity of two industry structures (amounts or shares, same industries)."""
    common = set(region) & set(nation)
    if not common:
        return None
    r, n = shares({i: region[i] for i in common}), shares({i: nation[i] for i in common})
    if not r or not n:
        return None
    return sum(abs(r[i] - n[i]) for i in common)


@dataclass(frozen=True)
class ShiftShare:
    start: float
    end: float
    national: float          # what the region would have gained growing as Sweden's total
    industry_mix: float      # what its mix of industries added or took away
    regional: float          # its own (competitive) effect

    @property
    def change(self) -> float:
        return self.end - self.start

    def as_dict(self) -> dict:
        return {**asdict(self), "change": self.change}


def shift_share(region0: Mapping[str, float], region1: Mapping[str, float],
                nation0: Mapping[str, float], nation1: Mapping[str, float],
                industries: list[str] | None = None) -> ShiftShare | None:
    """The classic decomposition of a region's change over ``industries`` (default: all that
    both years and Sweden have). Sweden's growth g_N is over all its industries."""
    national_total0, national_total1 = sum(nation0.values()), sum(nation1.values())
    if national_total0 <= 0:
        return None
    g_n = national_total1 / national_total0 - 1
    chosen = industries if industries is not None else sorted(set(region0) & set(region1) & set(nation0) & set(nation1))
    chosen = [i for i in chosen if i in region0 and i in region1 and nation0.get(i) and i in nation1]
    if not chosen:
        return None
    national = mix = regional = start = end = 0.0
    for i in chosen:
        e0, e1 = region0[i], region1[i]
        g_i = nation1[i] / nation0[i] - 1
        g_ir = e1 / e0 - 1 if e0 else 0.0
        national += e0 * g_n
        mix += e0 * (g_i - g_n)
        regional += e0 * (g_ir - g_i) if e0 else e1 - e0 * (1 + g_i)
        start, end = start + e0, end + e1
    return ShiftShare(start, end, national, mix, regional)


def standardised(table: Mapping[str, Mapping[str, float]], indicators: list[str]) -> dict[str, dict[str, float]]:
    """z-scores of each indicator across the regions that have every indicator."""
    complete = {r: row for r, row in table.items() if all(i in row and row[i] is not None for i in indicators)}
    out: dict[str, dict[str, float]] = {r: {} for r in complete}
    for i in indicators:
        column = [complete[r][i] for r in complete]
        if len(column) < 2:
            return {}
        mean = sum(column) / len(column)
        sd = math.sqrt(sum((x - mean) ** 2 for x in column) / (len(column) - 1))
        for r in complete:
            out[r][i] = 0.0 if sd == 0 else (complete[r][i] - mean) / sd
    return out


def twins(table: Mapping[str, Mapping[str, float]], region: str, weights: Mapping[str, float],
          count: int = 3) -> list[tuple[str, float]]:
    """The regions most similar to ``region``: (region, distance), nearest first, ties by code."""
    indicators = sorted(i for i, w in weights.items() if w > 0)
    z = standardised(table, indicators)
    if region not in z:
        return []
    here = z[region]
    distances = [
        (other, math.sqrt(sum(weights[i] * (row[i] - here[i]) ** 2 for i in indicators)))
        for other, row in z.items() if other != region
    ]
    return sorted(distances, key=lambda pair: (round(pair[1], 12), pair[0]))[:count]
