"""Snippets for PostgreSQL search's hits (SEARCH_BACKEND=postgres), made in Python from
the page's texts: `ts_headline` parsed every text again in PostgreSQL."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from ..text.normalize import fold
from .backend import SearchHit
from .query import ParsedQuery

FRAGMENT_CHARS, FRAGMENT_BEFORE = 240, 60  # a snippet's passage, and of it before a match


class Marks:
    """Snippets for a page's hits, made here from their texts: the query's words (their
    folded forms, and what a prefix begins) marked where they stand, in at most two
    passages of about FRAGMENT_CHARS characters (FRAGMENT_BEFORE of them before the first
    word marked), as the Whoosh backend's. Stems find posts but are not marked, as before
    in ts_headline over the folded words. The text is folded character by character
    (lengths kept, so that every match stands where it stood: what folds into more than
    one character stays), then searched with one pattern, which ignores case."""

    def __init__(self, parsed: ParsedQuery):
        clauses = [c for group in parsed.must for c in group]
        words = frozenset(w for c in clauses if not c.prefix for w in c.words)
        prefixes = tuple(c.words[0] for c in clauses if c.prefix)
        self.pattern = _pattern(tuple(sorted(words, key=lambda w: (-len(w), w))), prefixes)

    def _spans(self, text: str) -> list[tuple[int, int]]:
        if self.pattern is None:
            return []
        return [m.span() for m in self.pattern.finditer(_folded(text))]

    def snippet(self, text: str, fragments: int) -> str | None:
        spans = self._spans(text)
        if not spans:
            return None
        parts, covered = [], 0
        for start, end in spans:
            if start < covered:
                continue
            if len(parts) == fragments:
                break
            first = _word_start(text, max(covered, start - FRAGMENT_BEFORE), start)
            last = _word_end(text, max(end, first + FRAGMENT_CHARS))
            out, at = [], first
            for mark_begin, mark_end in spans:
                if first <= mark_begin and mark_end <= last:
                    out += [escape(text[at:mark_begin]), Markup("<mark>")]
                    out += [escape(text[mark_begin:mark_end]), Markup("</mark>")]
                    at = mark_end
            out.append(escape(text[at:last]))
            parts.append("".join(out).strip())
            covered = last
        return " … ".join(parts)

    def hit(self, row) -> SearchHit:
        text = "\n".join(t for t in (row.body, row.fields) if t)
        snippet = self.snippet(text, 2) or self.snippet(row.title or "", 1)
        return SearchHit(
            kind=row.kind,
            object_id=row.object_id,
            parent_id=row.parent_id,
            type=row.type or "",
            title=row.title or "",
            snippet=snippet or str(escape(text[:240])),
            score=float(getattr(row, "score", None) or 0.0),
        )


@lru_cache(maxsize=1024)
def _pattern(words: tuple[str, ...], prefixes: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for a query's words (longest first) and prefixes, made once per query
    asked again (the next page, the same words from someone else)."""
    choices = [re.escape(w) for w in words] + [re.escape(p) + r"[^\W_]*" for p in prefixes]
    if not choices:
        return None
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(choices)})(?![^\W_])", re.IGNORECASE)


def _word_start(text: str, at: int, limit: int) -> int:
    """`at`, moved on to the start of a word (not past `limit`)."""
    if at == 0 or not WORD_CHAR.match(text, at - 1):
        return at
    found = WORD_BOUNDARY.search(text, at, limit)
    return found.end() if found else limit


def _word_end(text: str, at: int) -> int:
    """`at`, moved back to before the word it would cut."""
    if at >= len(text):
        return len(text)
    while at > 0 and WORD_CHAR.match(text, at) and WORD_CHAR.match(text, at - 1):
        at -= 1
    return at


WORD_CHAR = re.compile(r"[^\W_]")
WORD_BOUNDARY = re.compile(r"[\W_]+")


def _folded(text: str) -> str:
    """`text` with its characters past ASCII folded (ASCII folds only to lower case, which
    the pattern ignores): only those looked up, a run at a time."""
    return text if text.isascii() else _PAST_ASCII.sub(_fold_run, text)


def _fold_run(found: re.Match) -> str:
    return found.group().translate(_FOLDED)


_PAST_ASCII = re.compile(r"[^\x00-\x7f]+")


class _Folds(dict):
    """str.translate's table: a character folded as Kring folds words (`text.normalize`),
    where that keeps it one character."""

    def __missing__(self, char: int) -> int:
        folded = fold(chr(char))
        self[char] = ord(folded) if len(folded) == 1 else char
        return self[char]


_FOLDED = _Folds()
