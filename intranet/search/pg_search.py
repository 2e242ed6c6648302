"""Searching in PostgreSQL (SEARCH_BACKEND=postgres): a reader's query, filters and
visibility turned into SQL over search_documents, the same answers the Whoosh backend gives.

Kring's query language becomes a tsquery: a word matches itself (folded: `kring_simple`)
or its Dutch or English stem; a "phrase" is `<->` between folded words; `prefix*` is
`:*`; OR is `|`, -exclusions `!`. Ranking is `ts_rank_cd` (title above type fields above
body) weighed by age; snippets come from `ts_headline`, for the page's hits only; counts
stop at COUNT_CAP matches, so a common word never walks every match.
"""

from __future__ import annotations

import math
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import ColumnElement, exists, func, literal, literal_column, or_, select

from ..extensions import db
from ..models import PostTag, SearchDocument, Tag, User
from ..platform.clock import local_midnight, utcnow
from ..posting import visibility
from .backend import FIRST_DAY, LAST_DAY, PAGE_SIZE, SearchHit, SearchPage, SearchRequest, begin
from .query import Clause, ParsedQuery

COUNT_CAP = 1000
RECENCY_DAYS = 180  # a post this old ranks at half the weight of one made today
SIMPLE, DUTCH, ENGLISH = (
    literal_column(f"'{name}'::regconfig")
    for name in ("kring_simple", "kring_dutch", "kring_english")
)
# Markers PostgreSQL puts around matched words (control characters no post text holds),
# and stand-ins for the characters HTML gives meaning to, which ts_headline would
# otherwise read as tags and drop: the snippet is escaped in Python, then marked.
START, STOP = "\x02", "\x03"
_HIDE, _SHOWN = "<>&\x02\x03", "\x04\x05\x06  "
_SHOW = str.maketrans({"\x04": "<", "\x05": ">", "\x06": "&"})
HEADLINE = (
    f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=30, MinWords=12, "
    'FragmentDelimiter=" … "'
)
D = SearchDocument


def _or(parts: list) -> ColumnElement:
    query = parts[0]
    for part in parts[1:]:
        query = func.tsquery_or(query, part)
    return query


def _and(parts: list) -> ColumnElement:
    query = parts[0]
    for part in parts[1:]:
        query = func.tsquery_and(query, part)
    return query


def _clause_query(clause: Clause) -> ColumnElement:
    if len(clause.words) > 1:
        return func.phraseto_tsquery(SIMPLE, " ".join(clause.words))
    word = clause.words[0]
    if clause.prefix:
        return func.to_tsquery(SIMPLE, func.quote_literal(word).concat(":*"))
    return _or([func.plainto_tsquery(config, word) for config in (SIMPLE, DUTCH, ENGLISH)])


def text_query(parsed: ParsedQuery) -> ColumnElement:
    query = _and([_or([_clause_query(c) for c in group]) for group in parsed.must])
    if parsed.must_not:
        query = func.tsquery_and(
            query, func.tsquery_not(_or([_clause_query(c) for c in parsed.must_not]))
        )
    return query


def _limits(viewer: User, request: SearchRequest, with_type: bool = True) -> list:
    """What a document must match besides the text: the reader's visibility (the rule
    every read path asks, posting.visibility) and the filters they chose."""
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


def _counts(where: list) -> tuple[dict[str, int], bool]:
    """Matches per type among the first COUNT_CAP + 1 (so: exact below the cap)."""
    first = select(D.type).where(*where).limit(COUNT_CAP + 1).subquery()
    counts = dict(
        db.session.execute(select(first.c.type, func.count()).group_by(first.c.type)).all()
    )
    return counts, sum(counts.values()) > COUNT_CAP


def search(viewer: User, request: SearchRequest) -> SearchPage:
    parsed, result = begin(request)
    if result.empty_query:
        return result
    query = None if parsed.empty else text_query(parsed)
    matches = [] if query is None else [D.vector.op("@@")(query)]
    where = matches + _limits(viewer, request)
    by_date = request.sort == "date" or parsed.empty
    if request.kind == "post":
        result.facets, capped = _counts(matches + _limits(viewer, request, with_type=False))
        if request.type:
            total = result.facets.get(request.type, 0)
        else:
            total = sum(result.facets.values())
    else:
        counts, capped = _counts(where)
        total = sum(counts.values())
    result.capped = capped
    result.total = min(total, COUNT_CAP)
    result.pages = math.ceil(result.total / PAGE_SIZE)
    if (result.page - 1) * PAGE_SIZE < result.total:
        result.hits = _hits(query, where, by_date, result.page)
    return result


def _score(query) -> ColumnElement:
    if query is None:
        return literal(0.0)
    age_days = func.extract("epoch", literal(utcnow()) - D.created_at) / 86400.0
    return func.ts_rank_cd(D.vector, query) / (1.0 + func.greatest(age_days, 0) / RECENCY_DAYS)


def _hits(query, where: list, by_date: bool, page: int) -> list[SearchHit]:
    score = _score(query).label("score")
    order = [D.created_at.desc(), D.object_id.desc()]
    found = (
        select(
            D.kind, D.object_id, D.parent_id, D.type, D.created_at, D.title, D.fields, D.body, score
        )
        .where(*where)
        .order_by(*(order if by_date else [score.desc(), *order]))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .subquery()
    )
    text = func.concat_ws("\n", found.c.body, found.c.fields)
    if query is None:
        body_line = title_line = literal("")
    else:
        body_line = _headline(text, query)
        title_line = _headline(found.c.title, query)
    again = [found.c.created_at.desc(), found.c.object_id.desc()]
    rows = db.session.execute(
        select(found, func.left(text, 240).label("opening"), body_line, title_line).order_by(
            *(again if by_date else [found.c.score.desc(), *again])
        )
    ).all()
    return [_hit(row) for row in rows]


def _headline(text, query) -> ColumnElement:
    return func.ts_headline(SIMPLE, func.translate(text, _HIDE, _SHOWN), query, HEADLINE)


def _marked(line: str) -> str | None:
    if START not in line:
        return None
    safe = str(escape(line.translate(_SHOW)))
    return safe.replace(START, "<mark>").replace(STOP, "</mark>")


def _hit(row) -> SearchHit:
    body_line, title_line = row[-2], row[-1]
    snippet = _marked(body_line) or _marked(title_line) or str(escape(row.opening))
    return SearchHit(
        kind=row.kind,
        object_id=row.object_id,
        parent_id=row.parent_id,
        type=row.type or "",
        title=row.title or "",
        snippet=snippet,
        score=float(row.score or 0.0),
    )
