"""Searching in PostgreSQL (SEARCH_BACKEND=postgres): a reader's query, filters and
visibility turned into SQL over search_documents, the same answers the Whoosh backend gives.

Kring's query language becomes a tsquery: a word matches itself (folded: `kring_simple`)
or its Dutch or English stem; a "phrase" is `<->` between folded words; `prefix*` is
`:*`; OR is `|`, -exclusions `!`. One statement per search (its words are parameters;
PostgreSQL makes their lexemes): the matches within the reader's visibility and filters,
counted per type (stopping at COUNT_CAP), the newest RANK_CAP of them ranked by
`ts_rank_cd` (title above type fields above body) weighed by age, and the page's hits read
in full; their snippets are marked here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import timedelta

from markupsafe import Markup, escape
from sqlalchemy import column, exists, func, literal_column, or_, select, table

from ..extensions import db
from ..models import PostTag, SearchDocument, Tag, User
from ..platform.clock import local_midnight, utcnow
from ..posting import visibility
from ..text.normalize import fold
from .backend import FIRST_DAY, LAST_DAY, PAGE_SIZE, SearchHit, SearchPage, SearchRequest, begin
from .query import Clause, ParsedQuery

COUNT_CAP = 1000
# Ranking reads each match's vector (out of line, ~1.7 kB): a common word's thousands of
# matches cost a second. Only the newest RANK_CAP matches are scored (a page past them
# scores as many more as it needs); fewer matches are all scored.
RANK_CAP = 300
RECENCY_DAYS = 180  # a post this old ranks at half the weight of one made today
FRAGMENT_CHARS, FRAGMENT_BEFORE = 240, 60  # a snippet's passage, and of it before a match
D = SearchDocument
# The text search configurations as SQL values (the spelling suggestions use them too).
SIMPLE, DUTCH, ENGLISH = (
    literal_column(f"'{name}'::regconfig")
    for name in ("kring_simple", "kring_dutch", "kring_english")
)


def _tsquery(parsed: ParsedQuery, bind: Callable[[str], str]) -> str:
    """The tsquery for a parsed query as SQL (NULL when a required clause has nothing
    PostgreSQL can look for, which matches nothing), the words as parameters: PostgreSQL
    makes each clause's lexemes inside the search's own statement, not a round trip
    before it."""
    groups = [_nonempty(" || ".join(_clause_sql(c, bind) for c in group)) for group in parsed.must]
    must = " && ".join(groups)
    if not parsed.must_not:
        return must
    excluded = " || ".join(_clause_sql(c, bind) for c in parsed.must_not)
    return (
        f"(SELECT CASE WHEN numnode(x) = 0 THEN m ELSE m && !!x END "
        f"FROM (SELECT {must} AS m, {excluded} AS x) AS e)"
    )


def _clause_sql(clause: Clause, bind: Callable[[str], str]) -> str:
    """A phrase, a prefix, or a word's folded form or its Dutch or English stem, each
    alternative once ('vacatur' is both stems of "vacature": twice would count twice in
    ts_rank_cd)."""
    if len(clause.words) > 1:
        return f"phraseto_tsquery('kring_simple', {bind(' '.join(clause.words))})"
    word = bind(clause.words[0])
    if clause.prefix:
        return f"to_tsquery('kring_simple', quote_literal({word}) || ':*')"
    return (
        "(SELECT CASE WHEN b = a THEN (CASE WHEN c = a THEN a ELSE a || c END) "
        "WHEN c = a OR c = b THEN a || b ELSE a || b || c END "
        f"FROM (SELECT plainto_tsquery('kring_simple', {word}) AS a, "
        f"plainto_tsquery('kring_dutch', {word}) AS b, "
        f"plainto_tsquery('kring_english', {word}) AS c) AS forms)"
    )


def _nonempty(sql: str) -> str:
    return f"(SELECT CASE WHEN numnode(g) > 0 THEN g END FROM (SELECT {sql} AS g) AS o)"


def limits(viewer: User, request: SearchRequest, with_type: bool = True) -> list:
    """What a document must match besides the text: the reader's visibility (the rule
    every read path asks, posting.visibility) and the filters they chose. The spelling
    suggestions count a word's documents within the same."""
    if request.kind == "person":
        where = [D.kind == "person"]
    else:
        where = [
            D.kind == "post",
            or_(D.group_id.is_(None), D.group_id.in_(visibility.readable_group_ids(viewer))),
        ]
    if request.type and with_type:
        where.append(D.type == request.type)
    if request.status:
        where.append(D.status == request.status)
    if request.author:
        where.append(D.author_id == request.author)
    if request.group:
        where.append(D.group_id == request.group)
    if request.tag:
        where.append(
            exists()
            .where(PostTag.post_id == D.object_id, PostTag.tag_id == Tag.id)
            .where(Tag.name == request.tag.lower())
        )
    if request.since:
        where.append(D.created_at >= local_midnight(max(request.since, FIRST_DAY)))
    if request.until:
        where.append(
            D.created_at < local_midnight(min(request.until, LAST_DAY) + timedelta(days=1))
        )
    return where


def _counts(where: list) -> dict[str, int]:
    """Matches per type among the first COUNT_CAP + 1 (so: exact below the cap)."""
    first = select(D.type).where(*where).limit(COUNT_CAP + 1).subquery()
    rows = db.session.execute(select(first.c.type, func.count()).group_by(first.c.type))
    return {kind: n for kind, n in rows}


def last_page() -> int:
    """The last page a search shows: the pages the counted matches fill. A page past them
    (the API and the query string take up to 1000) would score thousands of matches that
    are never counted; it is answered with the counts and no hits."""
    return max(1, COUNT_CAP // PAGE_SIZE)


def search(viewer: User, request: SearchRequest) -> SearchPage:
    parsed, result = begin(request)
    if result.empty_query:
        return result
    # A post search counts per type whatever type was asked for (the page's chips).
    wide = request.kind == "post"
    hits = None
    if parsed.empty:  # filters alone: the newest posts they list
        counts = _counts(limits(viewer, request, with_type=not wide))
    else:
        page = result.page if result.page <= last_page() else None
        counts, hits = _found(parsed, viewer, request, page, wide)
    result.capped = sum(counts.values()) > COUNT_CAP
    total = counts.get(request.type, 0) if wide and request.type else sum(counts.values())
    result.facets = counts if wide else {}
    result.total = min(total, COUNT_CAP)
    result.pages = math.ceil(result.total / PAGE_SIZE)
    if hits is None and (result.page - 1) * PAGE_SIZE < result.total:
        hits = _newest(limits(viewer, request), result.page)
    result.hits = hits or []
    return result


def _found(parsed: ParsedQuery, viewer: User, request: SearchRequest, page: int | None, wide: bool):
    """A text search in one statement (one round trip, the words its parameters): the
    matches within the reader's visibility and filters, counted per type up to the cap;
    the newest RANK_CAP of them (more for a page further on) scored by ts_rank_cd and age,
    or by date the page's own; then the page's hits read in full. Returns the counts and
    the hits, their snippets marked here from the page's texts. `page` None: the counts
    alone (nothing is scored)."""
    params: dict = {}

    def bind(value) -> str:
        name = f"kring_{len(params)}"
        params[name] = value
        return f"%({name})s"

    matched, matched_params = _matched_sql(limits(viewer, request, with_type=not wide))
    query = _tsquery(parsed, bind)
    params.update(matched_params)
    by_date = request.sort == "date"
    offset = (page - 1) * PAGE_SIZE if page else 0
    # By date only the page's rows are scored; by relevance a bounded set of the newest
    # (at most the counted matches: the last page ends there).
    ranked = offset + PAGE_SIZE if by_date else max(RANK_CAP, offset + PAGE_SIZE)
    if page is None:  # past the last page: counted, nothing scored
        ranked = 0
    only_type = f"WHERE type = {bind(request.type)}" if wide and request.type else ""
    order = "created_at DESC, object_id DESC"
    if not by_date:
        order = f"score DESC, {order}"
    statement = f"""
WITH q AS MATERIALIZED (SELECT {query} AS q),
matched AS MATERIALIZED ({matched}),
counts AS (
    SELECT json_object_agg(type, n) AS counts FROM (
        SELECT type, count(*) AS n FROM (SELECT type FROM matched LIMIT {bind(COUNT_CAP + 1)})
        AS first GROUP BY type
    ) AS per_type
),
top AS (
    SELECT c.row, c.object_id, c.created_at, ts_rank_cd(d.vector, q.q)
        / (1.0 + greatest(extract(epoch FROM {bind(utcnow())} - c.created_at) / 86400.0, 0)
        / {RECENCY_DAYS}) AS score
    FROM (
        SELECT * FROM matched {only_type}
        ORDER BY created_at DESC, object_id DESC LIMIT {bind(ranked)}
    ) AS c JOIN search_documents AS d ON d.ctid = c.row, q
    ORDER BY {order} LIMIT {bind(PAGE_SIZE)} OFFSET {bind(offset)}
)
SELECT counts.counts::text AS counts, d.kind, top.object_id, top.score, d.parent_id,
    d.type, d.title, d.fields, d.body
FROM counts LEFT JOIN top ON true LEFT JOIN search_documents AS d ON d.ctid = top.row
ORDER BY {", ".join(f"top.{o.strip()}" for o in order.split(","))}
"""
    rows = db.session.connection().exec_driver_sql(statement, params).all()
    marks = _Marks(parsed)
    hits = [marks.hit(row) for row in rows if row.object_id is not None]
    return json.loads(rows[0].counts or "{}") if rows else {}, hits


# The text search's own query, a row of the statement's first CTE.
_Q = table("q", column("q"))


def _matched_sql(where: list) -> tuple[str, dict]:
    """The text search's matches within the conditions `limits` makes (a statement of its
    own, the `matched` CTE: its rows' ctid, id, type and date), as SQL and its parameters.
    Compiled once per shape of conditions (as SQLAlchemy's own statement cache does: the
    key says which values are parameters)."""
    statement = (
        select(
            literal_column("search_documents.ctid").label("row"), D.object_id, D.type, D.created_at
        )
        .select_from(D, _Q)
        .where(D.vector.op("@@")(_Q.c.q), *where)
    )
    key = statement._generate_cache_key()
    compiled = _COMPILED.get(key.key) if key is not None else None
    if compiled is None:
        compiled = statement.compile(dialect=db.session.get_bind().dialect, cache_key=key)
        if "POSTCOMPILE" in compiled.string or key is None:  # a list's length is in the SQL
            compiled = statement.compile(
                dialect=db.session.get_bind().dialect,
                compile_kwargs={"render_postcompile": True},
            )
            return compiled.string, compiled.params
        if len(_COMPILED) >= 256:
            _COMPILED.clear()
        _COMPILED[key.key] = compiled
    return compiled.string, compiled.construct_params(extracted_parameters=key.bindparams)


_COMPILED: dict = {}


def _newest(where: list, page: int) -> list[SearchHit]:
    """Without words: the newest documents the filters list, their openings as snippets."""
    rows = db.session.execute(
        select(D.kind, D.object_id, D.parent_id, D.type, D.title, D.fields, D.body)
        .where(*where)
        .order_by(D.created_at.desc(), D.object_id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    marks = _Marks(ParsedQuery())
    return [marks.hit(row) for row in rows]


class _Marks:
    """Snippets for a page's hits, made here from their texts: the query's words (their
    folded forms, and what a prefix begins) marked where they stand, in at most two
    passages of about FRAGMENT_CHARS characters (FRAGMENT_BEFORE of them before the first
    word marked), as the Whoosh backend's. Stems find posts but are not marked, as before
    in ts_headline over the folded words. The text is folded character by character
    (lengths kept: what folds into more than one character stays), then searched with one
    pattern."""

    def __init__(self, parsed: ParsedQuery):
        clauses = [c for group in parsed.must for c in group]
        self.words = frozenset(w for c in clauses if not c.prefix for w in c.words)
        self.prefixes = tuple(c.words[0] for c in clauses if c.prefix)
        choices = [re.escape(w) for w in sorted(self.words, key=len, reverse=True)]
        choices += [re.escape(p) + r"[^\W_]*" for p in self.prefixes]
        self.pattern = (
            re.compile(rf"(?<![^\W_])(?:{'|'.join(choices)})(?![^\W_])", re.IGNORECASE)
            if choices
            else None
        )

    def _spans(self, text: str) -> list[tuple[int, int]]:
        if self.pattern is None:
            return []
        # Folded character by character, so that every match stands where it stood.
        return [m.span() for m in self.pattern.finditer(text.translate(_FOLDED))]

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


class _Folds(dict):
    """str.translate's table: a character folded as Kring folds words (`text.normalize`),
    where that keeps it one character."""

    def __missing__(self, char: int) -> int:
        folded = fold(chr(char))
        self[char] = ord(folded) if len(folded) == 1 else char
        return self[char]


_FOLDED = _Folds()
