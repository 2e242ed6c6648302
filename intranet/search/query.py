"""What people type in the search box, made safe: words, "phrases", prefix*, -exclusions
and OR. Nothing else has a meaning (no field:value, no wildcards inside words), the query
is capped in length, and anything unparseable becomes plain words: a search box never fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.normalize import words

MAX_QUERY = 200
MAX_WORD = 40
MAX_CLAUSES = 12
PREFIX_MIN = 2
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # folded; more than one: a phrase
    prefix: bool = False  # the (single) word is a prefix


@dataclass
class ParsedQuery:
    must: list[list[Clause]] = field(default_factory=list)  # each inner list: any of these
    must_not: list[Clause] = field(default_factory=list)
    shortened: bool = False

    @property
    def empty(self) -> bool:
        return not self.must

    def all_words(self) -> list[str]:
        return [w for group in self.must for clause in group for w in clause.words]


def _clause(text: str, quoted: bool) -> Clause | None:
    prefix = not quoted and text.endswith("*")
    found = tuple(w[:MAX_WORD] for w in words(text))
    if not found:
        return None
    if quoted or len(found) > 1:
        return Clause(found)
    return Clause(found, prefix=prefix and len(found[0]) >= PREFIX_MIN)


def parse(raw: str) -> ParsedQuery:
    raw = (raw or "").strip()
    parsed = ParsedQuery(shortened=len(raw) > MAX_QUERY)
    raw = raw[:MAX_QUERY]
    negate = join_next = False
    for match in _TOKEN.finditer(raw):
        sign, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare in ("AND", "&&"):
            continue
        if bare in ("OR", "||"):
            join_next = bool(parsed.must)
            continue
        if bare in ("NOT", "!"):
            negate = not negate
            continue
        negative = negate or sign == "-" or (bare or "").startswith("-")
        text = quoted if quoted is not None else bare.lstrip("-+")
        clause = _clause(text, quoted is not None)
        negate = False
        if clause is None:
            continue
        if negative:
            parsed.must_not.append(clause)
        elif join_next:
            parsed.must[-1].append(clause)
        else:
            parsed.must.append([clause])
        join_next = False
        if len(parsed.must) + len(parsed.must_not) >= MAX_CLAUSES:
            parsed.shortened = True
            break
    return parsed


def replace_words(raw: str, replacements: dict[str, str]) -> str:
    """The query as typed with some of its bare words replaced (each found by its folded
    form); phrases, prefixes, exclusions and operators stay as they were."""
    raw = (raw or "").strip()[:MAX_QUERY]
    out, last = [], 0
    for match in _TOKEN.finditer(raw):
        bare = match.group(3)
        if bare is None or bare.startswith("-") or bare.endswith("*"):
            continue
        found = words(bare.lstrip("+"))
        if len(found) == 1 and found[0] in replacements:
            out += [raw[last : match.start(3)], replacements[found[0]]]
            last = match.end(3)
    return "".join([*out, raw[last:]])
