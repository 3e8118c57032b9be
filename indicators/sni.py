"""SNI 2007 (NACE Rev. 2): the one vocabulary of industries.

Sources code industries at different levels: sections (``C``), divisions (``29``, ``C29``),
ranges (``16-17``, ``C10-12``) and published combinations (``B+C``, ``M+N``); totals (``A-U+US``)
and unknown industry (``US``, ``00``). ``divisions`` turns any of them into the set of two-digit
divisions it covers, so that an area's industry group can be measured exactly where a source
publishes it separately, and said to be inseparable where it does not.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Section -> (first division, last division), and its name in Swedish and English.
SECTIONS: dict[str, tuple[int, int, str, str]] = {
    "A": (1, 3, "Jordbruk, skogsbruk och fiske", "Agriculture, forestry and fishing"),
    "B": (5, 9, "Utvinning av mineral", "Mining and quarrying"),
    "C": (10, 33, "Tillverkning", "Manufacturing"),
    "D": (35, 35, "Försörjning av el, gas, värme och kyla", "Electricity, gas, steam and air conditioning supply"),
    "E": (36, 39, "Vattenförsörjning; avloppsrening, avfallshantering och sanering",
          "Water supply; sewerage, waste management and remediation"),
    "F": (41, 43, "Byggverksamhet", "Construction"),
    "G": (45, 47, "Handel; reparation av motorfordon och motorcyklar", "Wholesale and retail trade; repair of motor vehicles"),
    "H": (49, 53, "Transport och magasinering", "Transportation and storage"),
    "I": (55, 56, "Hotell- och restaurangverksamhet", "Accommodation and food service activities"),
    "J": (58, 63, "Informations- och kommunikationsverksamhet", "Information and communication"),
    "K": (64, 66, "Finans- och försäkringsverksamhet", "Financial and insurance activities"),
    "L": (68, 68, "Fastighetsverksamhet", "Real estate activities"),
    "M": (69, 75, "Verksamhet inom juridik, ekonomi, vetenskap och teknik",
          "Professional, scientific and technical activities"),
    "N": (77, 82, "Uthyrning, fastighetsservice, resetjänster och andra stödtjänster",
          "Administrative and support service activities"),
    "O": (84, 84, "Offentlig förvaltning och försvar", "Public administration and defence"),
    "P": (85, 85, "Utbildning", "Education"),
    "Q": (86, 88, "Vård och omsorg; sociala tjänster", "Human health and social work activities"),
    "R": (90, 93, "Kultur, nöje och fritid", "Arts, entertainment and recreation"),
    "S": (94, 96, "Annan serviceverksamhet", "Other service activities"),
    "T": (97, 98, "Förvärvsarbete i hushåll", "Activities of households as employers"),
    "U": (99, 99, "Verksamhet vid internationella organisationer", "Activities of extraterritorial organisations"),
}
UNKNOWN = frozenset({"US", "00", "UU", "X", "OKÄNT", "UNK"})
_RANGE = re.compile(r"^([A-U])?(\d{2})(?:-([A-U])?(\d{2}))?$")
_SECTION_RANGE = re.compile(r"^([A-U])-([A-U])$")


class SniError(ValueError):
    """A code that is not an SNI 2007 section, division, range or combination."""


def _section_of(division: int) -> str | None:
    return next((s for s, (a, b, *_rest) in SECTIONS.items() if a <= division <= b), None)


@lru_cache(maxsize=4096)
def divisions(code: str) -> frozenset[int] | None:
    """The two-digit divisions a code covers; None for unknown industry. Raises SniError."""
    text = str(code).strip().upper().replace(" ", "")
    if text in UNKNOWN:
        return None
    if "+" in text:
        parts = [divisions(p) for p in text.split("+")]
        return frozenset().union(*(p for p in parts if p is not None))
    if text in SECTIONS:
        first, last, *_ = SECTIONS[text]
        return frozenset(d for d in range(first, last + 1) if _section_of(d) == text)
    match = _SECTION_RANGE.match(text)
    if match:
        letters = [s for s in SECTIONS if match.group(1) <= s <= match.group(2)]
        return frozenset().union(*(divisions(s) for s in letters))
    match = _RANGE.match(text)
    if match:
        first = int(match.group(2))
        last = int(match.group(4)) if match.group(4) else first
        if first > last or _section_of(first) is None or _section_of(last) is None:
            raise SniError(f"{code!r} is not a range of SNI 2007 divisions")
        return frozenset(d for d in range(first, last + 1) if _section_of(d) is not None)
    raise SniError(f"{code!r} is not an SNI 2007 code (a section A–U, a division 01–99, a range such as 16-17 "
                   "or a combination such as B+C)")


def section_name(code: str, lang: str) -> str | None:
    found = SECTIONS.get(str(code).strip().upper())
    return None if found is None else (found[2] if lang == "sv" else found[3])


def group_cover(group: list[str], codes: list[str]) -> tuple[list[str], list[str]]:
    """Which of a source's industry codes make up a group, and which straddle it.

    Returns (inside, straddling): codes wholly within the group and codes that cover some but
    not all of their divisions inside it. The group is measured exactly when nothing straddles
    and ``inside`` covers every division of the group that the source publishes.
    """
    wanted = frozenset().union(*(divisions(g) or frozenset() for g in group))
    inside, straddling = [], []
    for code in codes:
        covered = divisions(code)
        if not covered:
            continue
        common = covered & wanted
        if common == covered:
            inside.append(code)
        elif common:
            straddling.append(code)
    return inside, straddling


def finest(codes: list[str]) -> list[str]:
    """The codes of a source that no other of its codes splits further (its finest level):
    a section is dropped where its divisions are published, and totals and unknowns always."""
    return list(_finest(frozenset(codes)))


@lru_cache(maxsize=256)
def _finest(codes: frozenset[str]) -> tuple[str, ...]:
    # Every region and year of a table has the same codes: worked out once per set of codes.
    known = {c: divisions(c) for c in sorted(codes)}
    known = {c: d for c, d in known.items() if d}
    if not known:
        return []
    everything = max(known.values(), key=len)
    kept = []
    for code, covered in known.items():
        if len(known) > 1 and covered == everything and len(covered) > 60:
            continue  # the total of all industries
        split = [o for o, d in known.items() if o != code and d < covered]
        if split and frozenset().union(*(known[o] for o in split)) == covered:
            continue
        kept.append(code)
    return tuple(kept)


def industry_name(code: str, lang: str, source_labels: dict[str, str] | None = None) -> str:
    """An industry's name for a reader: the section's name, else the source's own label (Swedish)
    or, in English, the code with the name of the section it belongs to."""
    name = section_name(code, lang)
    if name:
        return f"{name} ({code})"
    if "+" in code:
        parts = [section_name(p, lang) for p in code.split("+")]
        if all(parts):
            joined = parts[0] + "".join((" och " if lang == "sv" else " and ") + part.lower() for part in parts[1:])
            return f"{joined} ({code})"
    if lang == "sv" and source_labels and source_labels.get(code):
        return f"{source_labels[code]} ({code})"
    try:
        covered = divisions(code)
    except SniError:
        return code
    sections = sorted({_section_of(d) for d in covered or ()} - {None})
    if len(sections) == 1:
        return f"SNI {code} ({section_name(sections[0], lang).lower()})"
    return f"SNI {code}"
