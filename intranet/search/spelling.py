"""Did you mean: a query that finds (next to) nothing has its unknown words corrected
from the words search holds, on either backend.

The word lists (Whoosh's term list; PostgreSQL's search_words) hold every document's words,
private groups' included, and Whoosh's keeps an erased document's words until its segments
merge. So a word from them is only ever a candidate: a correction is offered only when the
reader's own search (their visibility, the same kind of result) finds that very word, and
more often than the word they typed. A word the reader may not read is never suggested.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from sqlalchemy import func, literal, select, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Text
from whoosh.query import And, AndNot, Or, Require, Term
from whoosh.support.levenshtein import damerau_levenshtein

from ..extensions import db
from ..models import SearchDocument as D
from ..models import SearchWord, User
from . import pg_search, whoosh_index
from .backend import SearchPage, SearchRequest, _limits, _restricted
from .choice import uses_postgres
from .pg_search import DUTCH, ENGLISH, SIMPLE
from .query import Clause, ParsedQuery, parse, replace_words

FEW = 3  # a query that finds fewer hits than this may be misspelt
MIN_WORD = 4  # shorter words have too many neighbours to guess from
MAX_WORDS = 6  # words of one query looked at
NEARBY = 20  # candidates per word, closest first
COUNTED = 50  # readable documents counted per word, at most
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Correction:
    query: str  # the query as typed, its misspelt words replaced
    applied: bool  # the hits shown are the correction's: the query as typed found none


def max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def distance(a: str, b: str) -> int:
    """Edits between two words (a swap of neighbours is one), as Whoosh's term list counts."""
    return damerau_levenshtein(a, b)


def _eligible(parsed: ParsedQuery) -> list[str]:
    """The words a correction may replace: single required words, not prefixes, long enough
    and with a letter (a phrase is taken as typed, and so is an exclusion)."""
    found = [
        clause.words[0]
        for group in parsed.must
        for clause in group
        if len(clause.words) == 1 and not clause.prefix
    ]
    kept = [w for w in dict.fromkeys(found) if len(w) >= MIN_WORD and _LETTER.search(w)]
    return kept[:MAX_WORDS]


def suggest(viewer: User, request: SearchRequest, page: SearchPage) -> str | None:
    """The query with its unknown words corrected, when the reader's search finds every
    corrected word; None when there is nothing to correct."""
    if page.total >= FEW or page.page > 1:
        return None
    typed = _eligible(parse(request.q))
    if not typed:
        return None
    words = PostgresWords() if uses_postgres() else WhooshWords()
    # A typed word counts as search finds it (its stems too: "vacature" is no typo for
    # "vacatures"). One found often enough is no typo, and its neighbours are not looked
    # for: walking the term list is the dear part (two known words that meet nowhere).
    own = words.readable_counts(viewer, request.kind, typed, exact=False)
    unknown = [word for word in typed if own.get(word, 0) < FEW]
    if not unknown:
        return None
    near = {
        word: [
            c
            for c in found
            if c != word and _LETTER.search(c) and distance(word, c) <= max_distance(word)
        ]
        for word, found in words.nearby(unknown).items()
    }
    # A candidate counts only where the reader reads that very word.
    candidates = list(dict.fromkeys(itertools.chain(*near.values())))
    counts = words.readable_counts(viewer, request.kind, candidates, exact=True)
    replacements = {}
    for word in unknown:
        better = [
            (distance(word, c), -counts[c], c)
            for c in near[word]
            if counts.get(c, 0) > own.get(word, 0)
        ]
        if better:
            replacements[word] = min(better)[2]
    if not replacements:
        return None
    return replace_words(request.q, replacements)


class WhooshWords:
    """Candidates from the index's term lists; counts by the reader's own Whoosh search."""

    FIELDS = ("body", "title")

    def __init__(self):
        from flask import current_app

        self.searcher = whoosh_index.searchers.get(
            whoosh_index.index_dir(current_app.instance_path)
        )

    def nearby(self, words: list[str]) -> dict[str, list[str]]:
        return {word: self._nearby(word) for word in words}

    def _nearby(self, word: str) -> list[str]:
        found: set[str] = set()
        with whoosh_index.reading():
            for reader, _offset in self.searcher.reader().leaf_readers():
                for field in self.FIELDS:
                    if field in reader.indexed_field_names():
                        found.update(reader.terms_within(field, word, max_distance(word)))
        return sorted(found, key=lambda c: (distance(word, c), c))[:NEARBY]

    def readable_counts(
        self, viewer: User, kind: str, words: list[str], exact: bool
    ) -> dict[str, int]:
        limits = _limits(viewer, SearchRequest(kind=kind))
        counts = {}
        with whoosh_index.reading():
            for word in words:
                if exact:
                    query = _within(Or([Term(f, word) for f in self.FIELDS]), limits)
                else:
                    query = _restricted(ParsedQuery(must=[[Clause((word,))]]), limits)
                docs = self.searcher.docs_for_query(query)
                counts[word] = sum(1 for _ in itertools.islice(docs, COUNTED))
        return counts


def _within(query, limits: tuple[list, list]):
    """A Whoosh query within what the reader may see (as backend._restricted does)."""
    require, exclude = limits
    if require:
        query = Require(query, And(require) if len(require) > 1 else require[0])
    return AndNot(query, Or(exclude)) if exclude else query


class PostgresWords:
    """Candidates from search_words by trigram similarity (pg_trgm, over a GIN index);
    counts by the reader's own search over search_documents, in one statement."""

    # Similar enough to be looked at (0.3, pg_trgm's default, misses one letter off in a
    # word of four); the edit distance decides.
    THRESHOLD = "0.2"

    def nearby(self, words: list[str]) -> dict[str, list[str]]:
        db.session.execute(
            select(func.set_config("pg_trgm.similarity_threshold", self.THRESHOLD, True))
        )
        typed = _words(words)
        close = (
            select(SearchWord.word)
            .where(SearchWord.word.op("%")(typed.c.w))
            .order_by(func.similarity(SearchWord.word, typed.c.w).desc(), SearchWord.word)
            .limit(NEARBY)
            .lateral("close")
        )
        found: dict[str, list[str]] = {w: [] for w in words}
        for word, near in db.session.execute(
            select(typed.c.w, close.c.word).select_from(typed.join(close, true()))
        ):
            found[word].append(near)
        return found

    def readable_counts(
        self, viewer: User, kind: str, words: list[str], exact: bool
    ) -> dict[str, int]:
        typed = _words(words)
        folded = func.plainto_tsquery(SIMPLE, typed.c.w)
        as_searched = folded
        for config in (DUTCH, ENGLISH):
            as_searched = as_searched.op("||")(func.plainto_tsquery(config, typed.c.w))
        # Within what the reader's own search of that kind reads (pg_search's rule).
        where = [
            *pg_search.limits(viewer, SearchRequest(kind=kind)),
            D.vector.op("@@")(folded if exact else as_searched),
        ]
        if exact:  # the word itself, not a title's or a field's stem that looks like it
            where.append(func.to_tsvector(SIMPLE, _text_of(D)).op("@@")(folded))
        matched = select(D.object_id).where(*where).limit(COUNTED).lateral("matched")
        rows = db.session.execute(
            select(typed.c.w, func.count(matched.c.object_id))
            .select_from(typed.outerjoin(matched, true()))
            .group_by(typed.c.w)
        )
        return {word: n for word, n in rows}


def _text_of(d):
    return func.kring_search_words(func.concat_ws(" ", d.title, d.fields, d.aliases, d.body))


def _words(words: list[str]):
    return func.unnest(literal(words, ARRAY(Text))).table_valued("w").render_derived(name="typed")
