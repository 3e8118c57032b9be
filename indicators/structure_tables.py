"""The structure of the county economies, computed every night from the stored industry tables.

For each structure measure of indicators.yml (employment, value added by industry): every
industry's value, share and location quotient per county and year (``structure_values``); the
Krugman index per county and year with its rank (``krugman``); per strategy area with an industry
group, the group's share and location quotient now and in the base year and the shift-share of
its change (``specialisation``); and per strategy its twin counties (``twins``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import orjson

from indicators import sni
from indicators.formulas import LabelNotFound, resolve
from indicators.model import IndustryGroup, Strategy, StructureMeasure
from indicators.progress import rank
from indicators.structure import krugman, shares, shift_share, twins
from ingest.codes import SWEDEN, county_codes
from ingest.config import Config
from ingest.store import Store

Table = dict[tuple[str, str], dict[str, float]]   # (region, period) -> industry -> value


def load_measure(store: Store, measure: StructureMeasure, regions: list[str]) -> Table:
    """The measure's values by region, period and industry code, stretch by stretch. Dimensions
    a part does not fix are summed (a table without a total for sex)."""
    table: Table = defaultdict(dict)
    marks = ",".join("?" * len(regions))
    for part in measure.parts:
        try:
            fixed = resolve(store, part.dataset, dict(part.dims)).items()
        except LabelNotFound:
            continue
        rows = store.conn.execute(
            f"SELECT region, period, dims, value FROM observations WHERE dataset = ? AND region IN ({marks}) "
            f"AND value IS NOT NULL AND (status IS NULL OR status NOT LIKE 'deleted%') AND period != ''",
            [part.dataset, *regions],
        ).fetchall()
        industry_of: dict[str, str | None] = {}   # a table has few distinct dims: parse each once
        for region, period, dims, value in rows:
            if part.month is not None:
                if len(period) != 7 or int(period[5:7]) != part.month:
                    continue
                period = period[:4]
            year = int(period[:4])
            if (part.start is not None and year < part.start) or (part.end is not None and year > part.end):
                continue
            if dims not in industry_of:
                cell = orjson.loads(dims)
                matches = part.industry in cell and all(cell.get(k) == v for k, v in fixed)
                industry_of[dims] = cell[part.industry] if matches else None
            industry = industry_of[dims]
            if industry is None:
                continue
            industries = table[(region, period)]
            industries[industry] = industries.get(industry, 0.0) + value
    return table


def _finest(industries: dict[str, float]) -> dict[str, float]:
    return {c: industries[c] for c in _industry_codes(frozenset(industries))}


@lru_cache(maxsize=256)
def _industry_codes(codes: frozenset[str]) -> tuple[str, ...]:
    """The finest SNI codes among a table's codes (totals, unknowns and non-SNI codes left out)."""
    usable = []
    for code in codes:
        try:
            sni.divisions(code)
        except sni.SniError:
            continue
        usable.append(code)
    return tuple(sni.finest(usable))


@dataclass
class GroupValue:
    value: float | None
    codes: list[str]
    reason: str | None = None
    code: str | None = None          # the reason as a code, for the readers' words
    detail: list[str] = field(default_factory=list)


def group_value(group: IndustryGroup, industries: dict[str, float]) -> GroupValue:
    """The group's total where the source publishes its industries separately; else why not."""
    finest = _finest(industries)
    inside, straddling = sni.group_cover(group.sni, list(finest))
    if straddling:
        return GroupValue(None, inside, "the source publishes " + ", ".join(sorted(straddling))
                          + " together with industries outside the group", "straddles", sorted(straddling))
    wanted = frozenset().union(*(sni.divisions(g) or frozenset() for g in group.sni))
    published = frozenset().union(*(sni.divisions(c) or frozenset() for c in finest)) if finest else frozenset()
    covered = frozenset().union(*(sni.divisions(c) for c in inside)) if inside else frozenset()
    if not inside or (wanted & published) != covered or not wanted <= published:
        missing = [f"{d:02d}" for d in sorted(wanted - covered)]
        return GroupValue(None, inside, "the source has no separate figure for SNI " + ", ".join(missing),
                          "missing_divisions", missing)
    return GroupValue(sum(finest[c] for c in inside), inside)


@dataclass
class StructureResult:
    values: list[tuple] = field(default_factory=list)
    krugman: list[dict[str, Any]] = field(default_factory=list)
    specialisation: list[dict[str, Any]] = field(default_factory=list)
    twins: list[dict[str, Any]] = field(default_factory=list)

    def write(self, store: Store) -> None:
        """Replace the structure tables (inside the caller's transaction)."""
        for table in ("structure_values", "krugman", "specialisation", "twins"):
            store.conn.execute(f"DELETE FROM {table}")
        store.conn.executemany("INSERT INTO structure_values VALUES (?, ?, ?, ?, ?, ?, ?)", self.values)
        store.db["krugman"].insert_all(self.krugman, alter=False)
        store.db["specialisation"].insert_all(self.specialisation, alter=False)
        store.db["twins"].insert_all(self.twins, alter=False)


def _periods(table: Table) -> dict[str, list[str]]:
    """Per region, the periods it and Sweden both have, oldest first."""
    found: dict[str, list[str]] = defaultdict(list)
    for region, period in table:
        if (SWEDEN, period) in table:
            found[region].append(period)
    return {region: sorted(periods) for region, periods in found.items()}


def _base_period(periods: list[str], base_year: int, exceptional: set[int]) -> str | None:
    later = [p for p in periods if int(p[:4]) >= base_year]
    if not later:
        return None
    first = later[0]
    if int(first[:4]) in exceptional:
        near = [p for p in periods if int(p[:4]) not in exceptional and abs(int(p[:4]) - int(first[:4])) <= 2]
        if near:
            return sorted(near, key=lambda p: (abs(int(p[:4]) - int(first[:4])), p))[0]
    return first


def _breaks(measure: StructureMeasure, start: str, end: str) -> list[str]:
    joints = [str(p.start) for p in measure.parts[1:] if p.start is not None]
    return [j for j in joints if start < j <= end]


def measure_rows(name: str, table: Table) -> tuple[list[tuple], list[dict[str, Any]]]:
    """structure_values and krugman rows of one measure."""
    values, indices = [], []
    national: dict[str, tuple[dict[str, float], dict[str, float]]] = {}   # period -> Sweden's industries, shares
    by_period: dict[str, dict[str, float]] = defaultdict(dict)
    for (region, period), industries in table.items():
        if period not in national:
            nation = table.get((SWEDEN, period))
            nation = _finest(nation) if nation else {}
            national[period] = (nation, shares(nation))
        nation, nation_shares = national[period]
        finest = _finest(industries)
        own = shares(finest)
        for code, value in finest.items():
            share = own.get(code)
            lq = share / nation_shares[code] if share is not None and nation_shares.get(code) else None
            values.append((name, region, period, code, value, share, lq))
        if nation and region != SWEDEN:
            k = krugman(finest, nation)
            if k is not None:
                by_period[period][region] = k
    counties = set(county_codes())
    for period, found in by_period.items():
        placed = {r: k for r, k in found.items() if r in counties}
        for region, k in found.items():
            position = rank(placed, region, "increase") if region in placed else None
            indices.append({"measure": name, "region": region, "period": period, "value": k,
                            "rank": position[0] if position else None, "rank_of": position[1] if position else None})
    return values, indices


def specialisation_rows(config: Config, strategy_id: str, strategy: Strategy, name: str,
                        measure: StructureMeasure, table: Table) -> list[dict[str, Any]]:
    """Per area with an industry group and per county: share, LQ now and at the base, shift-share."""
    rows = []
    exceptional = set(config.assessment.exceptional_years)
    groups = {a: area.industries for a, area in strategy.areas.items() if area.industries}
    groups["whole_economy"] = None
    common = _periods(table)
    for area_id, group in groups.items():
        for region in county_codes():
            periods = common.get(region, [])
            row: dict[str, Any] = {"strategy": strategy_id, "area": area_id, "measure": name, "region": region,
                                   "period": None, "base_period": None, "share": None, "share_base": None,
                                   "lq": None, "lq_base": None, "national": None, "industry_mix": None,
                                   "regional": None, "change": None, "start": None, "end": None,
                                   "codes": None, "breaks": None, "reason": None, "reason_code": None,
                                   "reason_detail": None}
            rows.append(row)
            if not periods:
                row.update(reason="no industry figures for the county and Sweden in the same year",
                           reason_code="no_figures")
                continue
            latest = periods[-1]
            base = _base_period(periods[:-1], strategy.base_year, exceptional)
            row.update(period=latest, base_period=base)
            now = _group_numbers(group, table[(region, latest)], table[(SWEDEN, latest)])
            if now.get("reason"):
                row.update(reason=now["reason"], reason_code=now["code"], reason_detail=json.dumps(now["detail"]))
                continue
            row.update(share=now["share"], lq=now["lq"], codes=json.dumps(now["codes"]))
            if base is None:
                row.update(reason=f"no year at or after the base year {strategy.base_year} before {latest}",
                           reason_code="no_base")
                continue
            then = _group_numbers(group, table[(region, base)], table[(SWEDEN, base)])
            if then.get("reason"):
                row.update(reason=then["reason"], reason_code=then["code"], reason_detail=json.dumps(then["detail"]))
                continue
            row.update(share_base=then["share"], lq_base=then["lq"])
            row["breaks"] = json.dumps(_breaks(measure, base, latest))
            decomposition = _shift_share(group, table, region, base, latest, now, then)
            if decomposition is None:
                row.update(reason="the industries are not the same in both years", reason_code="classification")
            else:
                row.update({k: v for k, v in decomposition.as_dict().items()})
    return rows


def _group_numbers(group: IndustryGroup | None, region: dict[str, float], nation: dict[str, float]) -> dict[str, Any]:
    region_finest, nation_finest = _finest(region), _finest(nation)
    total_r, total_n = sum(region_finest.values()), sum(nation_finest.values())
    if total_r <= 0 or total_n <= 0:
        return {"reason": "no total for the county or Sweden", "code": "no_figures", "detail": []}
    if group is None:
        return {"value": total_r, "share": 1.0, "lq": 1.0, "codes": sorted(region_finest), "nation": total_n}
    mine, theirs = group_value(group, region), group_value(group, nation)
    if mine.value is None or theirs.value is None:
        failed = mine if mine.value is None else theirs
        return {"reason": failed.reason, "code": failed.code, "detail": failed.detail}
    share, national = mine.value / total_r, theirs.value / total_n
    return {"value": mine.value, "share": share, "lq": share / national if national else None,
            "codes": mine.codes, "nation": theirs.value}


def _shift_share(group, table: Table, region: str, base: str, latest: str, now: dict, then: dict):
    r0, r1 = _finest(table[(region, base)]), _finest(table[(region, latest)])
    n0, n1 = _finest(table[(SWEDEN, base)]), _finest(table[(SWEDEN, latest)])
    codes = sorted(set(now["codes"]) & set(then["codes"]))
    same = set(now["codes"]) == set(then["codes"])
    if codes and same:
        result = shift_share(r0, r1, n0, n1, codes)
        if result is not None:
            return result
    # Classifications differ between the years (a register change): the group as one industry.
    key = "group"
    return shift_share({key: then["value"]}, {key: now["value"]},
                       {key: then["nation"], "rest": sum(n0.values()) - then["nation"]},
                       {key: now["nation"], "rest": sum(n1.values()) - now["nation"]}, [key])


def twin_rows(strategy_id: str, strategy: Strategy, values: dict[str, dict[tuple[str, str], float]],
              indices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The counties most like the strategy's region on the configured indicators."""
    if strategy.twins is None:
        return []
    table: dict[str, dict[str, float]] = defaultdict(dict)
    used: dict[str, str] = {}
    for name in strategy.twins.indicators:
        if name == "krugman":
            series = {(i["region"], i["period"]): i["value"] for i in indices if i["measure"] == "employment"}
        else:
            series = values.get(name, {})
        period = _common_period(series)
        if period is None:
            continue
        used[name] = period
        for (region, p), v in series.items():
            if p == period and region in set(county_codes()):
                table[region][name] = v
    weights = {n: w for n, w in strategy.twins.indicators.items() if n in used}
    if not weights:
        return []
    found = twins(table, strategy.region, weights, strategy.twins.count)
    return [{"strategy": strategy_id, "region": strategy.region, "twin": twin, "position": i + 1, "distance": d,
             "indicators": json.dumps(used)} for i, (twin, d) in enumerate(found)]


def _common_period(series: dict[tuple[str, str], float]) -> str | None:
    """The latest period in which at least 15 counties have a value."""
    counties = set(county_codes())
    count: dict[str, int] = defaultdict(int)
    for region, period in series:
        if region in counties:
            count[period] += 1
    good = [p for p, n in count.items() if n >= 15]
    return max(good) if good else None


def compute_structure(config: Config, store: Store,
                      values: dict[tuple[str, str], dict[tuple[str, str], float]] | None = None) -> StructureResult:
    """Every structure table from the store (``values``: the indicators' values, for the twins)."""
    result = StructureResult()
    regions = [SWEDEN, *county_codes()]
    for name, measure in config.structure.items():
        table = load_measure(store, measure, regions)
        rows, indices = measure_rows(name, table)
        result.values += rows
        result.krugman += indices
        for strategy_id, strategy in config.strategies.items():
            result.specialisation += specialisation_rows(config, strategy_id, strategy, name, measure, table)
    for strategy_id, strategy in config.strategies.items():
        own = {i: v for (s, i), v in (values or {}).items() if s == strategy_id}
        result.twins += twin_rows(strategy_id, strategy, own, result.krugman)
    return result
