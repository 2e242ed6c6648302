"""The term matcher: which alert terms occur in a text, in one pass over the text.

Terms are whole words or phrases, case- and diacritics-insensitive ("van der berg" finds
"Van der Bérg"; "java" does not find "javascript"); a trailing * makes the last word a prefix
("logist*", at least three letters); with `variants` a single word also meets its Dutch
inflections; "-word" or -"a phrase" excludes texts that contain it. Lookups go by the text's
words, so the cost grows with the text's length, not with the number of terms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .normalize import variants, words, words_at

PREFIX_MIN = 3
TERM_MAX = 100
_PART = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


class TermError(ValueError):
    """The term can't be used; the message says why (in English: translate at the edge)."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False  # the last word is a prefix
    excludes: tuple[tuple[str, ...], ...] = ()


def parse_term(raw: str) -> Term:
    """'Van der Bérg -stage' → Term(('van', 'der', 'berg'), excludes=(('stage',),))."""
    if not isinstance(raw, str) or not raw.strip():
        raise TermError("empty")
    if len(raw) > TERM_MAX:
        raise TermError("too long")
    include: list[str] = []
    excludes: list[tuple[str, ...]] = []
    prefix = False
    for match in _PART.finditer(raw):
        negative = bool(match.group(1) or match.group(3))
        text = match.group(2) if match.group(2) is not None else match.group(4)
        star = text.endswith("*") and not negative
        found = tuple(words(text))
        if not found:
            continue
        if negative:
            excludes.append(found)
        else:
            if prefix:
                raise TermError("prefix only at the end")
            include.extend(found)
            prefix = star
    if not include:
        raise TermError("no words")
    if prefix and len(include) == 1 and len(include[0]) < PREFIX_MIN:
        raise TermError("prefix too short")
    return Term(tuple(include), prefix, tuple(excludes))


@dataclass
class Hit:
    start: int  # character offsets of the first match in the text
    end: int


@dataclass
class _Entry:
    term: Term
    keys: list = field(default_factory=list)  # whatever the caller attached (alert ids…)
    variants: bool = False


class Matcher:
    """Built once from many terms; `match(text)` returns {key: Hit} for the terms found."""

    def __init__(self, items: Iterable[tuple[object, Term, bool]] = ()):
        self._entries: dict[tuple, _Entry] = {}
        self._exact: dict[str, list[_Entry]] = defaultdict(list)
        self._prefix: dict[str, list[_Entry]] = defaultdict(list)
        self._variant: dict[str, list[_Entry]] = defaultdict(list)
        for key, term, with_variants in items:
            self.add(key, term, with_variants)

    def add(self, key, term: Term, with_variants: bool = False) -> None:
        with_variants = with_variants and len(term.words) == 1 and not term.prefix
        ident = (term, with_variants)
        entry = self._entries.get(ident)
        if entry is None:
            entry = self._entries[ident] = _Entry(term, variants=with_variants)
            if with_variants:
                for stem in variants(term.words[0]):
                    self._variant[stem].append(entry)
            elif term.prefix and len(term.words) == 1:
                self._prefix[term.words[0][:PREFIX_MIN]].append(entry)
            else:
                self._exact[term.words[0]].append(entry)
        entry.keys.append(key)

    def __len__(self) -> int:
        return sum(len(e.keys) for e in self._entries.values())

    def match(self, text: str) -> dict[object, Hit]:
        tokens = words_at(text)
        found: dict[int, tuple[_Entry, Hit]] = {}
        plain = [t[0] for t in tokens]
        for i, (word, start, end) in enumerate(tokens):
            for entry in self._exact.get(word, ()):
                hit_end = _phrase_end(entry.term, plain, i)
                if hit_end is not None:
                    found.setdefault(id(entry), (entry, Hit(start, tokens[hit_end][2])))
            for entry in self._prefix.get(word[:PREFIX_MIN], ()):
                if word.startswith(entry.term.words[0]):
                    found.setdefault(id(entry), (entry, Hit(start, end)))
            if self._variant:
                for stem in variants(word):
                    for entry in self._variant.get(stem, ()):
                        found.setdefault(id(entry), (entry, Hit(start, end)))
        hits: dict[object, Hit] = {}
        for entry, hit in found.values():
            if entry.term.excludes and _contains_any(plain, entry.term.excludes):
                continue
            for key in entry.keys:
                hits.setdefault(key, hit)
        return hits


def _phrase_end(term: Term, plain: list[str], i: int) -> int | None:
    """Index of the last text word if the term's words start at position i."""
    n = len(term.words)
    if i + n > len(plain):
        return None
    for k in range(1, n):
        expected, actual = term.words[k], plain[i + k]
        last = k == n - 1
        if not (actual == expected or (last and term.prefix and actual.startswith(expected))):
            return None
    return i + n - 1


def _contains_any(plain: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    present = set(plain)
    for phrase in phrases:
        if phrase[0] not in present:
            continue
        n = len(phrase)
        if any(tuple(plain[i : i + n]) == phrase for i, w in enumerate(plain) if w == phrase[0]):
            return True
    return False
